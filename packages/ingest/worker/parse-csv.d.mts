export type CsvParse =
  | {
      ok: true;
      encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
      /** Trimmed fields per record; [] for a blank line. */
      rows: string[][];
      lineNumbers: number[];
      fieldCounts: number[];
      warnings: { row: number; message: string }[];
    }
  | {
      ok: false;
      code:
        | 'DECODE_FAILED'
        | 'EMPTY_FILE'
        | 'CSV_UNCLOSED_QUOTE'
        | 'TOO_MANY_CELLS'
        | 'CELL_TOO_LONG';
      row?: number;
      column?: string;
      message: string;
    };
export function guessDelimiter(text: string): string;
export function lineAt(text: string, index: number): number;
export function parseCsv(
  bytes: Uint8Array,
  options: { delimiter?: string; maxCells: number },
): CsvParse;
