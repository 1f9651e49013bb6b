/**
 * The worker thread that runs exceljs. It lives outside src/ as plain JavaScript so that the same file runs
 * under vitest (which loads src/*.ts) and from dist/ (src/readers/workbook-pool.ts finds it with
 * `new URL('../../worker/load-workbook.mjs', import.meta.url)`, which resolves here from both).
 *
 * Why a thread: exceljs's parsers are synchronous once started, so a `Promise.race` timeout in the main thread
 * returns but leaves the parse burning CPU (and holding memory) until it ends, if it ever does
 * (measured with exceljs 4.4.0 when the stack was chosen). A worker can be terminated, so the time budget is real.
 *
 * Protocol: the parent posts `{ id, bytes }` (a Uint8Array); the worker answers `{ id, ok: true, sheets }`, each
 * sheet `{ name, state, rows }` with `rows[r][c]` the raw exceljs `cell.value` (Dates, formula objects... all
 * structured-cloneable), or `{ id, ok: false, message }`. Conversion to cells stays in read-workbook.ts.
 */
import { parentPort } from 'node:worker_threads';
import ExcelJS from 'exceljs';

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

async function loadWorkbook(bytes) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes);
  const sheets = [];
  workbook.eachSheet((worksheet) => {
    const rows = [];
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells = [];
      row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
        cells[columnNumber - 1] = plain(cell.value);
      });
      rows[rowNumber - 1] = cells;
    });
    sheets.push({ name: worksheet.name, state: worksheet.state ?? 'visible', rows });
  });
  return sheets;
}

parentPort?.on('message', (message) => {
  const { id, bytes } = message;
  loadWorkbook(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).then(
    (sheets) => parentPort?.postMessage({ id, ok: true, sheets }),
    (error) =>
      parentPort?.postMessage({
        id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      }),
  );
});
