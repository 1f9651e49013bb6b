/**
 * Reads an xlsx with exceljs's full loader (`workbook.xlsx.load`): the streaming reader never settles on a zip with
 * flipped bytes (measured with exceljs 4.4.0 when the stack was chosen), the full one always rejects. Before exceljs sees the bytes we check the
 * magic number (old .xls and encrypted workbooks are OLE containers), the declared uncompressed size (zip bombs)
 * and that the zip is a workbook at all; the load itself runs in a worker thread that is terminated on timeout
 * (workbook-pool.ts), so a read that never ends costs the budget and no more. Hidden sheets are not read (they hold
 * lookup lists and old copies, not the answers the supplier shows); the document names them for a warning.
 */
import { IngestError } from '../errors.js';
import { type Cell, EMPTY_CELL, type Sheet, type SourceDocument } from './sheet.js';
import { loadWorkbookInWorker } from './workbook-pool.js';
import { inspectZip } from './zip-directory.js';

export interface ReadWorkbookOptions {
  timeoutMs: number;
  maxUncompressedBytes: number;
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
      zip.reason === 'ZIP64' ? 'ZIP_BOMB' : 'CORRUPT_WORKBOOK',
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
  if (!zip.summary.names.includes('xl/workbook.xml')) {
    throw new IngestError(
      'UNSUPPORTED_FORMAT',
      { file },
      'the zip is not an Excel workbook (no xl/workbook.xml): perhaps a .docx or another archive renamed .xlsx',
    );
  }
  const loaded = await loadWorkbookInWorker(buffer, options.timeoutMs);
  if (!loaded.ok) {
    if (loaded.reason === 'TIMEOUT') {
      throw new IngestError(
        'READ_TIMEOUT',
        { file },
        `reading the workbook took longer than ${options.timeoutMs} ms and was stopped; the file is probably damaged (re-save it in Excel) or very large`,
      );
    }
    throw new IngestError(
      'CORRUPT_WORKBOOK',
      { file },
      `the workbook is damaged and cannot be read (${loaded.message}); open and re-save it in Excel, or ask the supplier to send it again`,
    );
  }
  const sheets: Sheet[] = [];
  const hiddenSheets: string[] = [];
  for (const raw of loaded.sheets) {
    if (raw.state !== 'visible') {
      hiddenSheets.push(raw.name);
      continue;
    }
    const rows: Cell[][] = [];
    for (let r = 0; r < raw.rows.length; r++) {
      const values = raw.rows[r];
      const cells: Cell[] = [];
      if (values) {
        for (let c = 0; c < values.length; c++) cells[c] = toCell(values[c]);
      }
      rows[r] = cells;
    }
    sheets.push({ name: raw.name, rows });
  }
  return { format: 'xlsx', sheets, ...(hiddenSheets.length > 0 ? { hiddenSheets } : {}) };
}

/** Converts an exceljs cell value; formulas give their cached result, never a re-computation. */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return EMPTY_CELL;
  if (typeof value === 'number') return { text: formatNumber(value), number: value };
  if (typeof value === 'string') return { text: value.trim() };
  if (typeof value === 'boolean') return { text: value ? 'Yes' : 'No' };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { text: '' };
    const iso = utcDate(value);
    return { text: iso, date: iso };
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('formula' in v || 'sharedFormula' in v) {
      const formula = String(v.formula ?? v.sharedFormula);
      const result = v.result;
      if (result === undefined || result === null) {
        return {
          text: '',
          problem: {
            code: 'FORMULA_NO_RESULT',
            message: `formula =${formula} has no saved result (the file was written by a tool that does not calculate); open it in Excel and save it again`,
          },
        };
      }
      if (typeof result === 'object' && !(result instanceof Date) && 'error' in result) {
        const error = String((result as { error: unknown }).error);
        return {
          text: error,
          problem: { code: 'FORMULA_ERROR', message: `formula =${formula} gives ${error}` },
        };
      }
      return toCell(result);
    }
    if ('error' in v) {
      const error = String(v.error);
      return { text: error, problem: { code: 'CELL_ERROR', message: `the cell holds ${error}` } };
    }
    if (Array.isArray(v.richText)) {
      return {
        text: (v.richText as { text?: string }[])
          .map((r) => r.text ?? '')
          .join('')
          .trim(),
      };
    }
    if ('text' in v) return toCell(v.text);
  }
  return { text: String(value).trim() };
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
