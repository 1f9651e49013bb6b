/**
 * The reader worker: parses one supplier file per message, workbooks with the direct reader (read-sheets-direct.mjs)
 * or, for anything it is not sure of, exceljs, and CSVs with papaparse (parse-csv.mjs). It lives outside src/ as plain JavaScript so that the same file runs under vitest (which loads
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

import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
import { crc32, inflateRawSync } from 'node:zlib';
import { MAX_CELL_CHARACTERS, parseCsv } from './parse-csv.mjs';
import { Deferral, isPrefixedWorkbook, plain, readSheetsDirect } from './read-sheets-direct.mjs';

/** Excel's own limits (Excel specifications and limits): no real workbook goes past them. */
const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;

class ReadFailure extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/**
 * Inflates every entry the central directory lists, each stopped at its declared size (zlib's maxOutputLength: an
 * entry whose data inflates past what its headers claim is cut off there, never inflated in full), and checks its
 * size and CRC-32. Returns the parts in directory order, for exceljs to parse (loadParts).
 */
export function inflateEntries(bytes, entries) {
  const parts = [];
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
    parts.push({ name: entry.name, content });
  }
  return parts;
}

/**
 * jszip's `utils.resolve`, which names each entry when exceljs loads a zip: `.` and empty segments dropped, `..` pops.
 * Kept so a part is found under the same name as before.
 */
function resolvePartName(path) {
  const segments = path.split('/');
  const result = [];
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index];
    if (segment === '.' || (segment === '' && index !== 0 && index !== segments.length - 1)) {
      continue;
    }
    if (segment === '..') result.pop();
    else result.push(segment);
  }
  return result.join('/');
}

/** A part's text in the pieces exceljs's loader writes into its stream (chunkSize in XLSX.load). */
function pieces(text) {
  const chunkSize = 16 * 1024;
  if (text.length <= chunkSize) return text.length === 0 ? [] : [text];
  const out = [];
  for (let i = 0; i < text.length; i += chunkSize) out.push(text.substring(i, i + chunkSize));
  return out;
}

/** The parts exceljs finds by pattern, in the order XLSX.load tries them, each read as it reads it. */
const patternParts = [
  [
    /xl\/worksheets\/sheet(\d+)[.]xml/,
    (xlsx, model, sheetNo, name, _content, xml) =>
      xlsx._processWorksheetEntry(xml(), model, sheetNo, undefined, name),
  ],
  [
    /xl\/worksheets\/_rels\/sheet(\d+)[.]xml.rels/,
    (xlsx, model, sheetNo, _name, _content, xml) =>
      xlsx._processWorksheetRelsEntry(xml(), model, sheetNo),
  ],
  [
    /xl\/theme\/([a-zA-Z0-9]+)[.]xml/,
    (_xlsx, model, theme, _name, content) => {
      model.themes[theme] = content.toString();
    },
  ],
  [
    /xl\/media\/([a-zA-Z0-9]+[.][a-zA-Z0-9]{3,4})$/,
    (_xlsx, model, filename, _name, content) => {
      const lastDot = filename.lastIndexOf('.');
      if (lastDot < 1) return;
      const base = filename.slice(0, lastDot);
      model.mediaIndex[filename] = model.media.length;
      model.mediaIndex[base] = model.media.length;
      model.media.push({
        type: 'image',
        name: base,
        extension: filename.slice(lastDot + 1),
        buffer: Buffer.from(content),
      });
    },
  ],
  [
    /xl\/drawings\/([a-zA-Z0-9]+)[.]xml/,
    (xlsx, model, drawing, _name, _content, xml) =>
      xlsx._processDrawingEntry(xml(), model, drawing),
  ],
  [
    /xl\/(comments\d+)[.]xml/,
    (xlsx, model, comments, _name, _content, xml) =>
      xlsx._processCommentEntry(xml(), model, comments),
  ],
  [
    /xl\/tables\/(table\d+)[.]xml/,
    (xlsx, model, table, _name, _content, xml) => xlsx._processTableEntry(xml(), model, table),
  ],
  [
    /xl\/drawings\/_rels\/([a-zA-Z0-9]+)[.]xml[.]rels/,
    (xlsx, model, drawing, _name, _content, xml) =>
      xlsx._processDrawingRelsEntry(xml(), model, drawing),
  ],
  [
    /xl\/drawings\/(vmlDrawing\d+)[.]vml/,
    (xlsx, model, drawing, _name, _content, xml) =>
      xlsx._processVmlDrawingEntry(xml(), model, drawing),
  ],
];

/**
 * exceljs's full loader (`XLSX.load`, exceljs 4.4.0, lib/xlsx/xlsx.js) given the parts we already inflated and
 * checked, instead of a zip: every part it reads is parsed by the same xform, in the same order, and `reconcile`
 * builds the workbook model from them, so every cell value (shared strings, dates from number formats, formulas and
 * their results, hyperlinks, merged cells) and every parse error is what `workbook.xlsx.load` gives. What it no
 * longer does, about half of exceljs's CPU on the 1,000-supplier portfolio (6.9 s to 3.6 s for its 1,204 workbooks
 * in one thread, the same rows out): write the parts back as a stored zip for jszip to read again, and push each
 * part through a PassThrough stream. parseSax reads any iterable of strings, so it gets the part's text in the same
 * 16 KB pieces exceljs writes into the stream: saxes reports an error, and a root closed early stops the xform, at
 * the same piece as before (with the whole part at once, damaged XML failed with another message, or not at all).
 */
async function loadParts(excel, byName) {
  const workbook = new excel.Workbook();
  const xlsx = workbook.xlsx;
  const model = {
    worksheets: [],
    worksheetHash: {},
    worksheetRels: [],
    themes: {},
    media: [],
    mediaIndex: {},
    drawings: {},
    drawingRels: {},
    comments: {},
    tables: {},
    vmlDrawings: {},
  };
  for (const [resolved, content] of byName) {
    if (resolved.endsWith('/')) continue; // a folder entry
    const name = resolved[0] === '/' ? resolved.slice(1) : resolved;
    const xml = () => pieces(content.toString('utf8'));
    if (name === '_rels/.rels') {
      model.globalRels = await xlsx.parseRels(xml());
    } else if (name === 'xl/workbook.xml') {
      const book = await xlsx.parseWorkbook(xml());
      model.sheets = book.sheets;
      model.definedNames = book.definedNames;
      model.views = book.views;
      model.properties = book.properties;
      model.calcProperties = book.calcProperties;
    } else if (name === 'xl/_rels/workbook.xml.rels') {
      model.workbookRels = await xlsx.parseRels(xml());
    } else if (name === 'xl/sharedStrings.xml') {
      model.sharedStrings = new excel.SharedStringsXform();
      await model.sharedStrings.parseStream(xml());
    } else if (name === 'xl/styles.xml') {
      model.styles = new excel.StylesXform();
      await model.styles.parseStream(xml());
    } else if (name === 'docProps/app.xml') {
      // The file's properties (company, author, dates) change no cell: a properties part exceljs cannot read (a
      // tool's own element in core.xml, a vector where a string belongs) does not make the workbook unreadable.
      const app = await new excel.AppXform().parseStream(xml()).catch(() => undefined);
      model.company = app?.company;
      model.manager = app?.manager;
    } else if (name === 'docProps/core.xml') {
      Object.assign(model, await new excel.CoreXform().parseStream(xml()).catch(() => undefined));
    } else {
      for (const [pattern, read] of patternParts) {
        const match = name.match(pattern);
        if (match) {
          await read(xlsx, model, match[1], name, content, xml);
          break;
        }
      }
    }
  }
  xlsx.reconcile(model, undefined);
  workbook.model = model;
  return workbook;
}

/** As jszip's files object: one part per resolved name, the later entry's content in the earlier one's place. */
export function partsByName(parts) {
  const byName = new Map();
  for (const part of parts) byName.set(resolvePartName(part.name), part.content);
  return byName;
}

/** exceljs's parts, each loaded when first used: a worker that only parses CSVs starts without them. */
let excel = null;

/**
 * The parts of exceljs the readers use, each required as CommonJS on first use: the Workbook class and the xforms,
 * not the package's main module, which also loads the streaming reader and writer (unzipper, archiver) that are
 * never used here. Lazily, because the direct reader reads an ordinary workbook without any of them but `utils`
 * (one module) and the built-in number formats (one data module): exceljs's 280 modules cost about 100-150 ms of
 * CPU to load in each worker, plus V8 optimising their code. `require`, not `import()`: importing CommonJS from ES
 * modules runs cjs-module-lexer over each file, whose parser V8 then optimises in every worker.
 */
export function loadExcel() {
  const require = createRequire(import.meta.url);
  const excel = {
    /** NumFmtXform.getDefaultFmtCode: Excel's built-in format of a numFmtId, from the same table. */
    defaultFmtCode(numFmtId) {
      return require('exceljs/lib/xlsx/defaultnumformats.js')[numFmtId]?.f;
    },
  };
  for (const [name, path] of Object.entries(EXCELJS_PARTS)) {
    Object.defineProperty(excel, name, {
      enumerable: true,
      get: () => require(`exceljs/lib/${path}.js`),
    });
  }
  return excel;
}

/** Each part loadExcel gives, by the module under exceljs/lib/ that holds it. */
const EXCELJS_PARTS = {
  Workbook: 'doc/workbook',
  StylesXform: 'xlsx/xform/style/styles-xform',
  SharedStringsXform: 'xlsx/xform/strings/shared-strings-xform',
  AppXform: 'xlsx/xform/core/app-xform',
  CoreXform: 'xlsx/xform/core/core-xform',
  DataValidationsXform: 'xlsx/xform/sheet/data-validations-xform',
  ExtLstXform: 'xlsx/xform/sheet/ext-lst-xform',
  DefinedNames: 'doc/defined-names',
  colCache: 'utils/col-cache',
  utils: 'utils/utils',
};

/**
 * The sheets of a workbook from its inflated parts: the direct reader (read-sheets-direct.mjs) for the ordinary
 * well-formed workbook, exceljs's loader for anything the direct reader defers (damaged, unusual or over a limit),
 * so both the values and the errors are exceljs's. `onDeferral(reason)` is told when the direct reader deferred.
 */
export async function readParts(excel, parts, limits, onDeferral) {
  const byName = partsByName(parts);
  try {
    return await readSheetsDirect(excel, byName, pieces, limits, MAX_CELL_CHARACTERS);
  } catch (error) {
    // A deferral, or the direct reader tripping on something it did not foresee: exceljs decides either way.
    onDeferral?.(
      error instanceof Deferral
        ? error.message
        : `the direct reader failed (${error?.message ?? error})`,
    );
  }
  if (!isPrefixedWorkbook(byName)) return readPartsWithExceljs(excel, byName, limits);
  // A workbook whose elements carry a prefix (`<x:worksheet>`, the .NET Open XML SDK's way): exceljs reads none
  // of it. Its answer still wins if it has one; if it fails or finds no sheet, the direct reader reads the prefixed
  // XML (and rows or cells without r) by the same rules, and exceljs's error stands if that defers too.
  let failure;
  try {
    const sheets = await readPartsWithExceljs(excel, byName, limits);
    if (sheets.length > 0) return sheets;
  } catch (error) {
    failure = error;
  }
  try {
    return await readSheetsDirect(excel, byName, pieces, limits, MAX_CELL_CHARACTERS, true);
  } catch (error) {
    onDeferral?.(`prefixed workbook: ${error?.message ?? error}`);
  }
  if (failure) throw failure;
  return readPartsWithExceljs(excel, byName, limits);
}

/** The exceljs path alone (the differential test compares the direct reader with it). */
export async function readPartsWithExceljs(excel, byName, limits) {
  let workbook;
  try {
    workbook = await loadParts(excel, byName);
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
  else {
    answer(id, () => {
      excel ??= loadExcel();
      return readParts(excel, inflateEntries(buffer, message.entries), message.limits);
    });
  }
});
