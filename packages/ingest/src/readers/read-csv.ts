/**
 * Reads a delimited text file into one sheet. The parse itself (decoding, delimiter, papaparse, line numbers, the
 * cell limit) is worker/parse-csv.mjs: supplier files run it in the reader worker pool (`readCsvFile`, under the same
 * time and memory limits as workbooks), suppliers.csv runs it here (`readCsv`, a small file read once per folder).
 * This module turns its result into cells, warnings and located errors.
 */

import { type CsvParse, parseCsv } from '../../worker/parse-csv.mjs';
import { IngestError, type IngestErrorCode } from '../errors.js';
import { EMPTY_CELL, makeCell, newRow, newRows, type SourceDocument } from './sheet.js';
import { parseCsvInWorker } from './workbook-pool.js';

export { guessDelimiter } from '../../worker/parse-csv.mjs';

/** Cells (fields, empty ones included) a file may hold: 200,000 rows of 10 columns. */
export const DEFAULT_MAX_CELLS = 2_000_000;

export interface ReadCsvOptions {
  delimiter?: string | undefined;
  timeoutMs: number;
  maxCells: number;
}

/** Reads a small CSV in this thread (suppliers.csv); supplier files go through `readCsvFile`. */
export function readCsv(buffer: Buffer, file: string, delimiter?: string): SourceDocument {
  return toDocument(
    parseCsv(buffer, { ...(delimiter ? { delimiter } : {}), maxCells: DEFAULT_MAX_CELLS }),
    file,
  );
}

/** Reads a supplier's CSV in the reader worker pool, stopped at `timeoutMs` and at the worker's memory limit. */
export async function readCsvFile(
  buffer: Buffer,
  file: string,
  options: ReadCsvOptions,
): Promise<SourceDocument> {
  const result = await parseCsvInWorker(
    buffer,
    { ...(options.delimiter ? { delimiter: options.delimiter } : {}), maxCells: options.maxCells },
    options.timeoutMs,
  );
  if (!result.ok) {
    if (result.reason === 'TIMEOUT') {
      throw new IngestError(
        'READ_TIMEOUT',
        { file },
        `reading the file took longer than ${options.timeoutMs} ms and was stopped; the file is probably damaged or far larger than an assessment`,
      );
    }
    if (result.reason === 'MEMORY') {
      throw new IngestError(
        'MEMORY_LIMIT',
        { file },
        `reading the file needed more memory than the reader's limit (${result.message}) and was stopped; split the file`,
      );
    }
    throw new IngestError(
      'LOAD_FAILED',
      { file },
      `the file could not be read (${result.message})`,
    );
  }
  return toDocument(result.value, file);
}

function toDocument(parsed: CsvParse, file: string): SourceDocument {
  if (!parsed.ok) {
    throw new IngestError(
      parsed.code as IngestErrorCode,
      {
        file,
        ...(parsed.row !== undefined ? { row: parsed.row } : {}),
        ...(parsed.column !== undefined ? { column: parsed.column } : {}),
      },
      parsed.message,
    );
  }
  const rows = newRows(parsed.rows.length);
  for (let r = 0; r < parsed.rows.length; r++) {
    const fields = parsed.rows[r] ?? [];
    const cells = newRow(fields.length);
    for (let c = 0; c < fields.length; c++) {
      const text = fields[c] ?? '';
      cells[c] = text === '' ? EMPTY_CELL : makeCell(text);
    }
    rows[r] = cells;
  }
  return {
    format: 'csv',
    encoding: parsed.encoding,
    sheets: [
      { name: null, rows, lineNumbers: parsed.lineNumbers, fieldCounts: parsed.fieldCounts },
    ],
    ...(parsed.warnings.length > 0
      ? {
          warnings: parsed.warnings.map(
            (w) => new IngestError('DECODE_FAILED', { file, row: w.row }, w.message).message,
          ),
        }
      : {}),
  };
}
