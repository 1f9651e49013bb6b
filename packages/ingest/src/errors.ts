/**
 * Errors and locations of @cmmc/ingest. Every message starts with the place it is about, formatted by
 * `formatLocation`, so the CLI can print `message` alone and the user can find the cell.
 */

/** Why a whole file could not be loaded. */
export type IngestErrorCode =
  | 'FILE_NOT_FOUND'
  | 'FILE_TOO_LARGE'
  | 'EMPTY_FILE'
  | 'UNSUPPORTED_FORMAT'
  | 'NOT_A_ZIP'
  | 'OLD_XLS'
  | 'ENCRYPTED_WORKBOOK'
  | 'CORRUPT_WORKBOOK'
  | 'ZIP_BOMB'
  | 'DUPLICATE_PART'
  | 'SHEET_OUT_OF_BOUNDS'
  | 'TOO_MANY_CELLS'
  | 'CELL_TOO_LONG'
  | 'MEMORY_LIMIT'
  | 'READ_TIMEOUT'
  | 'DECODE_FAILED'
  | 'CSV_UNCLOSED_QUOTE'
  | 'UNKNOWN_LAYOUT'
  | 'NO_ROWS'
  | 'NO_VALID_ROWS'
  | 'NO_ASSESSMENT_DATE'
  | 'BAD_METADATA'
  | 'MAPPING_INVALID'
  | 'MANIFEST_INVALID'
  | 'LOAD_FAILED';

/** Why one row (or one cell of it) could not be loaded; stored as `rejected_rows.reason_code`. */
export type RejectReason =
  | 'UNKNOWN_REQUIREMENT'
  | 'REV3_ID'
  | 'CMMC1_ID'
  | 'NO_REQUIREMENT_ID'
  | 'NOT_IN_LEVEL'
  | 'UNKNOWN_STATUS'
  | 'BAD_DATE'
  | 'AMBIGUOUS_DATE'
  | 'BAD_NUMBER'
  | 'BAD_MILESTONES'
  | 'DUPLICATE_CONFLICT'
  | 'FORMULA_NO_RESULT'
  | 'FORMULA_ERROR'
  | 'CELL_ERROR'
  | 'TOO_MANY_FIELDS'
  | 'TOO_FEW_FIELDS'
  | 'PARTIAL_CREDIT_NOT_ALLOWED';

/** Where something is in a supplier's file. */
export interface SourceLocation {
  /** The path as the user named it. */
  file: string;
  /** Worksheet name (xlsx); absent for CSV. */
  sheet?: string;
  /** 1-based, as Excel or an editor shows it (for CSV: the line the record starts on), header row included. */
  row?: number;
  /** Spreadsheet column letter ("C"), for CSV too. */
  column?: string;
  /** The column's header text. */
  header?: string;
}

/**
 * `acme.xlsx › Assessment › C14 (Status)`; without a column, `acme.xlsx › Assessment › row 14`; without a row,
 * `acme.xlsx › Assessment`.
 */
export function formatLocation(loc: SourceLocation): string {
  const parts = [loc.file];
  if (loc.sheet !== undefined) parts.push(loc.sheet);
  if (loc.row !== undefined && loc.column !== undefined) {
    parts.push(`${loc.column}${loc.row}${loc.header ? ` (${loc.header})` : ''}`);
  } else if (loc.row !== undefined) {
    parts.push(`row ${loc.row}`);
  } else if (loc.column !== undefined) {
    parts.push(`column ${loc.column}${loc.header ? ` (${loc.header})` : ''}`);
  }
  return parts.join(' › ');
}

/** A file that cannot be loaded at all. `message` is complete: it names the file and says what to do. */
export class IngestError extends Error {
  override readonly name = 'IngestError';
  readonly code: IngestErrorCode;
  readonly location: SourceLocation;

  constructor(
    code: IngestErrorCode,
    location: SourceLocation,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${formatLocation(location)}: ${detail}`, options);
    this.code = code;
    this.location = location;
  }
}

/** 0 → "A", 25 → "Z", 26 → "AA" (one copy for the main thread and the reader workers). */
export { columnLetter } from '../worker/column-letter.mjs';

/** "A" → 0, "AE" → 30; undefined when `letters` is not a column reference. */
export function columnIndex(letters: string): number | undefined {
  if (!/^[A-Z]{1,3}$/i.test(letters)) return undefined;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Why a run stopped before its last file: the store itself failed, not one file. */
export type IngestStoppedCode = 'DISK_FULL' | 'IO_ERROR' | 'STORE_FAILED';

/**
 * The store failed in a way no single file explains (disk full, an I/O error, a database that cannot be read
 * back): the run stops after the last committed batch. `message` is one line naming the database and the cause,
 * e.g. `No space left on device while writing portfolio.duckdb`.
 */
export class IngestStoppedError extends Error {
  override readonly name = 'IngestStoppedError';
  readonly code: IngestStoppedCode;

  constructor(code: IngestStoppedCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
