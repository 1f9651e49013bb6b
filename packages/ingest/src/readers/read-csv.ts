/**
 * Reads a delimited text file into one sheet. papaparse never throws on bad input, it reports errors per record;
 * an unclosed quote silently swallows the rest of the file into one field, so that one fails the file with the
 * line and column where the quote opened.
 */
import Papa from 'papaparse';
import { columnLetter, IngestError } from '../errors.js';
import { decodeText } from './decode-text.js';
import { type Cell, EMPTY_CELL, type SourceDocument } from './sheet.js';

const DELIMITERS = [',', ';', '\t', '|'];

/**
 * The delimiter most lines agree on: for each candidate, the count per line outside quotes; the winner has the most
 * lines holding its most common non-zero count. papaparse's own guess gives up on short files and on metadata
 * lines above the header, and then splits nothing.
 */
export function guessDelimiter(text: string): string {
  const lines = text.split(/\r?\n/, 60).filter((l) => l.trim() !== '');
  let best = ',';
  let bestScore = 0;
  for (const delimiter of DELIMITERS) {
    const counts = new Map<number, number>();
    for (const line of lines) {
      let n = 0;
      let quoted = false;
      for (const ch of line) {
        if (ch === '"') quoted = !quoted;
        else if (ch === delimiter && !quoted) n++;
      }
      if (n > 0) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    const score = Math.max(0, ...counts.values());
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

export function readCsv(buffer: Buffer, file: string, delimiter?: string): SourceDocument {
  const { text, encoding } = decodeText(buffer);
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    let row = 1;
    for (let i = 0; i < nul; i++) if (text.charCodeAt(i) === 10) row++;
    throw new IngestError(
      'DECODE_FAILED',
      { file, row },
      `the file contains NUL bytes after decoding as ${encoding} (the first on this line): it is binary, or damaged, not a CSV; export it again as CSV (UTF-8)`,
    );
  }
  if (text.trim() === '') {
    throw new IngestError('EMPTY_FILE', { file }, 'the file is empty: there is nothing to load');
  }
  const rows: Cell[][] = [];
  const lineNumbers: number[] = [];
  const fieldCounts: number[] = [];
  let line = 1;
  let previousCursor = 0;
  let unclosed: { line: number; column: string } | null = null;
  Papa.parse<string[]>(text, {
    delimiter: delimiter ?? guessDelimiter(text),
    skipEmptyLines: false,
    step(result) {
      const fields = result.data;
      if (result.errors.some((e) => e.code === 'MissingQuotes') && unclosed === null) {
        unclosed = { line, column: columnLetter(Math.max(0, fields.length - 1)) };
      }
      const isBlank = fields.length === 1 && fields[0] === '';
      rows.push(
        isBlank ? [] : fields.map((f) => (f.trim() === '' ? EMPTY_CELL : { text: f.trim() })),
      );
      lineNumbers.push(line);
      fieldCounts.push(isBlank ? 0 : fields.length);
      const cursor = result.meta.cursor;
      for (let i = previousCursor; i < cursor; i++) if (text.charCodeAt(i) === 10) line++;
      previousCursor = cursor;
    },
  });
  const broken = unclosed as { line: number; column: string } | null;
  if (broken) {
    throw new IngestError(
      'CSV_UNCLOSED_QUOTE',
      { file, row: broken.line, column: broken.column },
      `a quoted field opened here is never closed, so everything after it would be read into this one field; close the quote (write "" for a quote inside a quoted field) and load the file again`,
    );
  }
  while (rows.length > 0 && rows[rows.length - 1]?.length === 0) {
    rows.pop();
    lineNumbers.pop();
    fieldCounts.pop();
  }
  return {
    format: 'csv',
    encoding,
    sheets: [{ name: null, rows, lineNumbers, fieldCounts }],
  };
}
