/**
 * The reader worker: parses one supplier file per message, workbooks with exceljs and CSVs with papaparse
 * (parse-csv.mjs). It lives outside src/ as plain JavaScript so that the same file runs under vitest (which loads
 * src/*.ts) and from dist/ (src/readers/workbook-pool.ts finds it with `new URL('../../worker/read-file.mjs',
 * import.meta.url)`, which resolves here from both).
 *
 * Why a thread: the parsers are synchronous once started, so a `Promise.race` timeout in the main thread returns
 * but leaves the parse burning CPU (and holding memory) until it ends, if it ever does (exceljs's
 * streaming reader never settles on some corrupt zips). A worker can be terminated, so the time budget is real, and its heap has a limit of its own (resourceLimits)
 * that a hostile file hits before the process does.
 *
 * Protocol: the parent posts `{ id, kind: 'xlsx', bytes, entries, limits }` (entries from the central directory,
 * src/readers/zip-directory.ts) or `{ id, kind: 'csv', bytes, options }`; the worker answers `{ id, ok: true, value }`
 * or `{ id, ok: false, code?, message }`. A workbook's value is its sheets, each `{ name, state, rows, rowNumbers }`:
 * only the non-empty rows of visible sheets, `rows[i]` the raw exceljs `cell.value`s of sheet row `rowNumbers[i]`,
 * 0-based and sparse by column. Conversion to cells stays in read-workbook.ts.
 */

import { parentPort } from 'node:worker_threads';
import { crc32, inflateRawSync } from 'node:zlib';
import { MAX_CELL_CHARACTERS, parseCsv } from './parse-csv.mjs';

/** Excel's own limits (Excel specifications and limits): no real workbook goes past them. */
const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;

class ReadFailure extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** Drops what structured clone cannot carry (functions, class prototypes) and keeps plain data. */
function plain(value) {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(plain);
  const out = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'function') out[key] = plain(v);
  }
  return out;
}

/**
 * Inflates every entry the central directory lists, each stopped at its declared size (zlib's maxOutputLength: an
 * entry whose data inflates past what its headers claim is cut off there, never inflated in full), and writes them
 * back as a stored (uncompressed) zip, so jszip inside exceljs only copies bytes whose size is known and bounded.
 */
function inflateEntries(bytes, entries) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const entry of entries) {
    if (entry.flags & 1) {
      throw new ReadFailure(
        'CORRUPT_WORKBOOK',
        `the zip entry "${entry.name}" is encrypted; an xlsx never encrypts its parts`,
      );
    }
    const local = entry.localOffset;
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) {
      throw new ReadFailure(
        'CORRUPT_WORKBOOK',
        `the zip entry "${entry.name}" has no local header where the directory says (damaged zip)`,
      );
    }
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const end = start + entry.compressedSize;
    if (end > bytes.length) {
      throw new ReadFailure(
        'CORRUPT_WORKBOOK',
        `the zip entry "${entry.name}" runs past the end of the file (truncated)`,
      );
    }
    const data = bytes.subarray(start, end);
    let content;
    if (entry.method === 0) {
      content = data;
    } else if (entry.method === 8) {
      try {
        content = inflateRawSync(data, { maxOutputLength: entry.uncompressedSize + 1 });
      } catch (error) {
        if (error?.code === 'ERR_BUFFER_TOO_LARGE') {
          throw new ReadFailure(
            'ZIP_BOMB',
            `the zip entry "${entry.name}" inflates past its declared size of ${entry.uncompressedSize} bytes; stopped there (the zip lies about its sizes)`,
          );
        }
        throw new ReadFailure(
          'CORRUPT_WORKBOOK',
          `the zip entry "${entry.name}" cannot be inflated (${error?.message ?? error})`,
        );
      }
    } else {
      throw new ReadFailure(
        'CORRUPT_WORKBOOK',
        `the zip entry "${entry.name}" uses compression method ${entry.method}, which Excel never writes`,
      );
    }
    if (content.length !== entry.uncompressedSize) {
      throw new ReadFailure(
        entry.method === 0 || content.length < entry.uncompressedSize
          ? 'CORRUPT_WORKBOOK'
          : 'ZIP_BOMB',
        `the zip entry "${entry.name}" holds ${content.length} bytes, not the ${entry.uncompressedSize} its directory declares (damaged or forged zip)`,
      );
    }
    // zlib.crc32 is Node 20.15+ / 22.2+; without it the sizes above are still checked.
    if (typeof crc32 === 'function' && crc32(content) >>> 0 !== entry.crc32 >>> 0) {
      throw new ReadFailure(
        'CORRUPT_WORKBOOK',
        `the zip entry "${entry.name}" fails its CRC-32 check (the archive is corrupt); ask the supplier to send it again`,
      );
    }
    const name = Buffer.from(entry.name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt32LE(content.length, 18);
    header.writeUInt32LE(content.length, 22);
    header.writeUInt16LE(name.length, 26);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(0x0800, 8);
    record.writeUInt32LE(content.length, 20);
    record.writeUInt32LE(content.length, 24);
    record.writeUInt16LE(name.length, 28);
    record.writeUInt32LE(offset, 42);
    parts.push(header, name, content);
    central.push(record, name);
    offset += 30 + name.length + content.length;
  }
  const directory = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(directory.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, eocd]);
}

/** exceljs, loaded on the first workbook: a worker that only parses CSVs starts without it (about 150 ms). */
let excel = null;

async function readWorkbook(bytes, entries, limits) {
  const zip = inflateEntries(bytes, entries);
  excel ??= (await import('exceljs')).default;
  const workbook = new excel.Workbook();
  try {
    await workbook.xlsx.load(zip);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // exceljs's own address check, for a cell beyond column XFD
    if (/out of bounds/i.test(message)) {
      throw new ReadFailure(
        'SHEET_OUT_OF_BOUNDS',
        `a cell lies beyond Excel's last column (XFD, column ${MAX_COLUMNS}): ${message}`,
      );
    }
    throw error;
  }
  const sheets = [];
  let cells = 0;
  workbook.eachSheet((worksheet) => {
    const state = worksheet.state ?? 'visible';
    const rows = [];
    const rowNumbers = [];
    // eachRow walks every index up to the last row (a sparse array's forEach): refuse row 200,000,000 before that.
    const lastRow = worksheet._rows?.length ?? 0;
    if (lastRow > MAX_ROWS) {
      throw new ReadFailure(
        'SHEET_OUT_OF_BOUNDS',
        `sheet "${worksheet.name}" has a cell in row ${lastRow}, beyond Excel's last row (${MAX_ROWS}); no real workbook holds one, so the file is refused`,
      );
    }
    if (state === 'visible') {
      worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
        if (rowNumber > MAX_ROWS) {
          throw new ReadFailure(
            'SHEET_OUT_OF_BOUNDS',
            `sheet "${worksheet.name}" has a cell in row ${rowNumber}, beyond Excel's last row (${MAX_ROWS}); no real workbook holds one, so the file is refused`,
          );
        }
        const values = [];
        let width = 0;
        row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
          if (columnNumber > MAX_COLUMNS) {
            throw new ReadFailure(
              'SHEET_OUT_OF_BOUNDS',
              `sheet "${worksheet.name}" has a cell in row ${rowNumber} column ${columnNumber}, beyond Excel's last column (XFD, ${MAX_COLUMNS}); the file is refused`,
            );
          }
          const value = plain(cell.value);
          const text =
            typeof value === 'string' ? value : typeof value?.text === 'string' ? value.text : null;
          if (text !== null && text.length > MAX_CELL_CHARACTERS) {
            throw new ReadFailure(
              'CELL_TOO_LONG',
              `sheet "${worksheet.name}" cell ${cell.address} holds ${text.length} characters; a cell holds at most ${MAX_CELL_CHARACTERS} (Excel's limit), so the file is refused rather than cut`,
            );
          }
          values[columnNumber - 1] = value;
          width = columnNumber;
        });
        if (width === 0) return;
        // The main thread gives each row a slot per column up to its last cell, so that is what a row costs.
        cells += width;
        if (cells > limits.maxCells) {
          throw new ReadFailure(
            'TOO_MANY_CELLS',
            `sheet "${worksheet.name}" reaches more than ${limits.maxCells} cells by row ${rowNumber} (counting each row up to its last cell), more than an assessment needs; refused (split the workbook)`,
          );
        }
        rows.push(values);
        rowNumbers.push(rowNumber);
      });
    }
    sheets.push({ name: worksheet.name, state, rows, rowNumbers });
  });
  return sheets;
}

function answer(id, work) {
  Promise.resolve()
    .then(work)
    .then(
      (value) => parentPort?.postMessage({ id, ok: true, value }),
      (error) =>
        parentPort?.postMessage({
          id,
          ok: false,
          code: error instanceof ReadFailure ? error.code : undefined,
          message: error instanceof Error ? error.message : String(error),
        }),
    );
}

parentPort?.on('message', (message) => {
  const { id, kind, bytes } = message;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (kind === 'csv') answer(id, () => parseCsv(buffer, message.options));
  else answer(id, () => readWorkbook(buffer, message.entries, message.limits));
});
