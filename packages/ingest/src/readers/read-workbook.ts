/**
 * Reads an xlsx with exceljs's full loader (`workbook.xlsx.load`): the streaming reader never settles on a zip with
 * flipped bytes (measured with exceljs 4.4.0 when the stack was chosen), the full one always rejects. Before exceljs sees the bytes we check the
 * magic number (old .xls and encrypted workbooks are OLE containers), the zip's central directory (declared sizes
 * against the limit, duplicate or case-equivalent part names, that it is a workbook at all); then the reader worker
 * (workbook-pool.ts) inflates each entry stopped at its declared size and runs exceljs's loader on the parts (the
 * same xforms and reconcile as `xlsx.load`, without jszip reading them back: worker/read-file.mjs) under a time and
 * heap limit.
 * Rows beyond Excel's own limits and files over the cell limit are refused there, before the main thread builds a
 * cell for them, and a sparse sheet costs what its cells cost: only its non-empty rows are kept, with their row
 * numbers. Hidden sheets are not read (they hold lookup lists and old copies, not the answers the supplier shows);
 * the document names them for a warning.
 */
import { IngestError, type IngestErrorCode } from '../errors.js';
import { DEFAULT_MAX_CELLS } from './read-csv.js';
import {
  type Cell,
  EMPTY_CELL,
  makeCell,
  newRow,
  newRows,
  type Sheet,
  type SourceDocument,
} from './sheet.js';
import { loadWorkbookInWorker, type RawSheet } from './workbook-pool.js';
import { inspectZip, partKey } from './zip-directory.js';

export interface ReadWorkbookOptions {
  timeoutMs: number;
  maxUncompressedBytes: number;
  /** Cells a file may hold, counting each row up to its last cell (default DEFAULT_MAX_CELLS). */
  maxCells?: number;
}

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export function isZip(buffer: Buffer): boolean {
  return buffer.length >= 4 && buffer.readUInt32LE(0) === 0x04034b50;
}

export function isOle(buffer: Buffer): boolean {
  return buffer.length >= 8 && buffer.subarray(0, 8).equals(OLE_MAGIC);
}

/** The OLE error for an old .xls or an encrypted xlsx (Office wraps those in an OLE file with `EncryptionInfo`). */
export function oleError(buffer: Buffer, file: string): IngestError {
  if (buffer.includes(Buffer.from('EncryptionInfo', 'utf16le'))) {
    return new IngestError(
      'ENCRYPTED_WORKBOOK',
      { file },
      'the workbook is password-protected (encrypted); ask the supplier for an unprotected copy, or open it in Excel, remove the password and save it as .xlsx',
    );
  }
  return new IngestError(
    'OLD_XLS',
    { file },
    'this is an old Excel 97-2003 .xls file (OLE format), which is not supported; open it in Excel and save it as .xlsx (Excel Workbook)',
  );
}

const WORKER_CODES = new Set<IngestErrorCode>([
  'ZIP_BOMB',
  'CORRUPT_WORKBOOK',
  'SHEET_OUT_OF_BOUNDS',
  'TOO_MANY_CELLS',
  'CELL_TOO_LONG',
]);

export async function readWorkbook(
  buffer: Buffer,
  file: string,
  options: ReadWorkbookOptions,
): Promise<SourceDocument> {
  if (isOle(buffer)) throw oleError(buffer, file);
  if (!isZip(buffer)) {
    const head = [...buffer.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new IngestError(
      'NOT_A_ZIP',
      { file },
      `not an xlsx workbook: an .xlsx file is a zip archive starting with "PK", this one starts with bytes ${head}; if it is really a CSV, rename it to .csv`,
    );
  }
  const zip = inspectZip(buffer);
  if (!zip.ok) {
    throw new IngestError(
      zip.reason === 'ZIP64'
        ? 'ZIP_BOMB'
        : zip.reason === 'DUPLICATE_PART'
          ? 'DUPLICATE_PART'
          : 'CORRUPT_WORKBOOK',
      { file },
      zip.message,
    );
  }
  if (zip.summary.uncompressedBytes > options.maxUncompressedBytes) {
    throw new IngestError(
      'ZIP_BOMB',
      { file },
      `the workbook declares ${zip.summary.uncompressedBytes} bytes uncompressed, over the limit of ${options.maxUncompressedBytes}; refused before inflating (a zip bomb, or a workbook far larger than an assessment)`,
    );
  }
  if (!zip.summary.entries.some((e) => partKey(e.name) === 'xl/workbook.xml')) {
    throw new IngestError(
      'UNSUPPORTED_FORMAT',
      { file },
      'the zip is not an Excel workbook (no xl/workbook.xml): perhaps a .docx or another archive renamed .xlsx',
    );
  }
  const loaded = await loadWorkbookInWorker(
    buffer,
    zip.summary.entries,
    {
      maxCells: options.maxCells ?? DEFAULT_MAX_CELLS,
      uncompressedBytes: zip.summary.uncompressedBytes,
    },
    options.timeoutMs,
  );
  if (!loaded.ok) {
    if (loaded.reason === 'TIMEOUT') {
      throw new IngestError(
        'READ_TIMEOUT',
        { file },
        `reading the workbook took longer than ${options.timeoutMs} ms and was stopped; the file is probably damaged (re-save it in Excel) or very large`,
      );
    }
    if (loaded.reason === 'MEMORY') {
      throw new IngestError(
        'MEMORY_LIMIT',
        { file },
        `reading the workbook needed more memory than the reader's limit (${loaded.message}) and was stopped; the workbook is far larger than an assessment (split it) or built to exhaust memory`,
      );
    }
    if (loaded.code && WORKER_CODES.has(loaded.code as IngestErrorCode)) {
      throw new IngestError(loaded.code as IngestErrorCode, { file }, loaded.message);
    }
    throw new IngestError(
      'CORRUPT_WORKBOOK',
      { file },
      `the workbook is damaged and cannot be read (${loaded.message}); open and re-save it in Excel, or ask the supplier to send it again`,
    );
  }
  const sheets: Sheet[] = [];
  const hiddenSheets: string[] = [];
  for (const raw of loaded.value) {
    if (raw.state !== 'visible') {
      hiddenSheets.push(raw.name);
      continue;
    }
    sheets.push(toSheet(raw));
  }
  return { format: 'xlsx', sheets, ...(hiddenSheets.length > 0 ? { hiddenSheets } : {}) };
}

/**
 * Builds a sheet from the worker's non-empty rows. A sheet whose rows are mostly filled keeps every row (blank
 * ones as []), as the layouts expect; a sparse one (a stray cell at row 900,000) keeps only its non-empty rows and
 * records their row numbers in `lineNumbers`, so it costs what its cells cost and every location stays right.
 */
export function toSheet(raw: RawSheet): Sheet {
  const count = raw.rows.length;
  const lastRow = raw.rowNumbers[count - 1] ?? 0;
  const sparse = lastRow > 2 * count + 1000;
  const rows = newRows(sparse ? count : lastRow);
  let filled = 0;
  for (let i = 0; i < count; i++) {
    const values = raw.rows[i] ?? [];
    const cells = newRow(values.length);
    for (let c = 0; c < values.length; c++) cells[c] = toCell(values[c]);
    if (sparse) {
      rows[i] = cells;
    } else {
      const index = (raw.rowNumbers[i] ?? 1) - 1;
      while (filled < index) rows[filled++] = newRow(0);
      rows[index] = cells;
      filled = index + 1;
    }
  }
  // One shape for every Sheet, CSV's included (see makeCell): absent fields are undefined, not missing.
  return {
    name: raw.name,
    rows,
    lineNumbers: sparse ? raw.rowNumbers.slice() : undefined,
    fieldCounts: undefined,
  };
}

/** Converts an exceljs cell value; formulas give their cached result, never a re-computation. */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return EMPTY_CELL;
  if (typeof value === 'number') return makeCell(formatNumber(value), value);
  if (typeof value === 'string') return makeCell(value.trim());
  if (typeof value === 'boolean') return makeCell(value ? 'Yes' : 'No');
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return makeCell('');
    const iso = utcDate(value);
    return makeCell(iso, undefined, iso);
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('formula' in v || 'sharedFormula' in v) {
      const formula = String(v.formula ?? v.sharedFormula);
      const result = v.result;
      if (result === undefined || result === null) {
        return makeCell('', undefined, undefined, {
          code: 'FORMULA_NO_RESULT',
          message: `formula =${formula} has no saved result (the file was written by a tool that does not calculate); open it in Excel and save it again`,
        });
      }
      if (typeof result === 'object' && !(result instanceof Date) && 'error' in result) {
        const error = String((result as { error: unknown }).error);
        return makeCell(error, undefined, undefined, {
          code: 'FORMULA_ERROR',
          message: `formula =${formula} gives ${error}`,
        });
      }
      return toCell(result);
    }
    if ('error' in v) {
      const error = String(v.error);
      return makeCell(error, undefined, undefined, {
        code: 'CELL_ERROR',
        message: `the cell holds ${error}`,
      });
    }
    if (Array.isArray(v.richText)) {
      return makeCell(
        (v.richText as { text?: string }[])
          .map((r) => r.text ?? '')
          .join('')
          .trim(),
      );
    }
    if ('text' in v) return toCell(v.text);
  }
  return makeCell(String(value).trim());
}

function utcDate(value: Date): string {
  const y = value.getUTCFullYear();
  const m = String(value.getUTCMonth() + 1).padStart(2, '0');
  const d = String(value.getUTCDate()).padStart(2, '0');
  return `${String(y).padStart(4, '0')}-${m}-${d}`;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}
