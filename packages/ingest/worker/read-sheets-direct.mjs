/**
 * A direct reader for the common, well-formed workbook: the sheets' cell values read straight from the worksheet
 * and shared-strings XML with a hand-written scanner, instead of exceljs building and reconciling a full workbook
 * model (Workbook, Worksheet, Row, Cell and Value objects for every cell) through saxes. It gives exactly what the
 * exceljs path in read-file.mjs gives (`{ name, state, rows, rowNumbers }`, each value as `cell.value` after
 * `plain`), and it is only sure of that for what it knows: whenever it meets anything else (XML it would have to
 * judge, an element or attribute it does not read, a part exceljs would parse with another xform, a limit hit) it
 * returns a `Deferral` and the caller reads the file with exceljs, so damaged and unusual files keep every message
 * and edge behaviour they had.
 *
 * The scanner reads the worksheets and shared strings, and the small parts of an ordinary workbook too (rels,
 * workbook.xml, styles.xml), by the rules of the exceljs xform that would read each; a small part it is not sure of
 * goes to that xform (scannedOr), and so do data validations, extensions and defined names, so their values and
 * errors stay exceljs's own. The file's properties (docProps) are not read: they change no cell, and the exceljs
 * path reads on past them too. exceljs is then loaded only for the workbooks that need it. The rules it mirrors are
 * exceljs 4.4.0's (lib/xlsx/xform/sheet/cell-xform.js parse and reconcile, lib/doc/cell.js value getters,
 * lib/doc/worksheet.js merges, lib/xlsx/xform/strings/*), cited where they matter.
 */

import { columnLetter } from './column-letter.mjs';

/** The reason the direct reader left a file to exceljs. */
export class Deferral extends Error {}

function defer(reason) {
  throw new Deferral(reason);
}

/**
 * Characters saxes rejects (XML 1.0 Char), lone surrogates, and constructs whose handling the scanner does not
 * mirror (comments, CDATA, DOCTYPE, processing instructions after the declaration, `]]>` in text, a BOM past the
 * first character).
 */
const UNSURE_CHARACTER =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters XML 1.0 forbids are what it finds
  /[\x00-\x08\x0b\x0c\x0e-\x1f\ufeff\ufffe\uffff]/;
const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * One pass per test, each a plain character class or substring search: as one pattern with lookarounds and `.<\?`,
 * this check cost more than scanning some parts.
 */
function hasUnsureText(text) {
  return (
    UNSURE_CHARACTER.test(text) ||
    (SURROGATE.test(text) && LONE_SURROGATE.test(text)) ||
    text.includes('<!') ||
    text.includes(']]>') ||
    text.indexOf('<?', 1) >= 0
  );
}

/** The XML declarations Excel, exceljs and the OpenXML SDK write. */
const DECLARATION =
  /^<\?xml version=(["'])1\.0\1(?: encoding=(["'])(?:UTF-8|utf-8)\2)?(?: standalone=(["'])(?:yes|no)\3)?\s*\?>/;

/**
 * A strict, minimal XML tokenizer over one part's text. `next()` returns the next event: 1 open (name, attrs,
 * selfClosing), 2 close (name), 3 text (decoded), 0 end. Anything it is not certain saxes reads the same way defers.
 */
class Scanner {
  /**
   * `prefixed`: accept a document whose root binds a prefix to SpreadsheetML's namespace and writes every element
   * with it (`<x:worksheet xmlns:x="…/main">`, as the .NET Open XML SDK does); names are then given without it.
   */
  constructor(part, prefixed = false) {
    // saxes skips a byte-order mark at the very start (and only there).
    const text = part.charCodeAt(0) === 0xfeff ? part.slice(1) : part;
    if (hasUnsureText(text)) defer('characters or constructs the scanner does not read');
    let start = 0;
    if (text.startsWith('<?')) {
      const declaration = DECLARATION.exec(text);
      if (!declaration) defer('an unusual XML declaration');
      start = declaration[0].length;
    }
    this.text = text;
    this.pos = start;
    this.name = '';
    /** The current element's attributes, as names and values; `attrs` and `attr` read them. */
    this.attrNames = [];
    this.attrValues = [];
    this.attrCount = 0;
    /** `attrs` as made for the current element; undefined when not made yet (null: no element, or no attributes). */
    this.attrObject = null;
    this.selfClosing = false;
    this.value = '';
    this.stack = [];
    this.rootClosed = false;
    this.tagStart = 0;
    this.allowPrefix = prefixed;
    /** While true, element names are given as written, prefixes included (extensions in other namespaces). */
    this.rawNames = false;
    /** The prefix every element carries (`x:`), or '' for unprefixed documents. */
    this.prefix = '';
  }

  next() {
    const text = this.text;
    const length = text.length;
    if (this.pos >= length) {
      if (this.stack.length > 0 || !this.rootClosed) defer('the XML ends before its root closes');
      return 0;
    }
    if (text.charCodeAt(this.pos) !== 60) {
      let end = text.indexOf('<', this.pos);
      if (end === -1) end = length;
      const raw = text.substring(this.pos, end);
      this.pos = end;
      if (this.stack.length === 0 && !/^\s*$/.test(raw)) defer('text outside the root element');
      // XML's end-of-line handling, as saxes does: \r\n and a lone \r are read as \n.
      const lines = raw.indexOf('\r') === -1 ? raw : raw.replace(/\r\n?/g, '\n');
      this.value = lines.indexOf('&') === -1 ? lines : decodeEntities(lines);
      return 3;
    }
    if (this.rootClosed) defer('markup after the root element');
    this.tagStart = this.pos;
    if (text.charCodeAt(this.pos + 1) === 47) {
      const open = this.stack.pop();
      if (open === undefined || !text.startsWith(open, this.pos + 2)) defer('mismatched tags');
      let i = this.pos + 2 + open.length;
      while (isSpace(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== 62) defer('mismatched tags');
      this.pos = i + 1;
      this.name = this.prefix === '' ? open : open.slice(this.prefix.length);
      if (this.stack.length === 0) this.rootClosed = true;
      return 2;
    }
    // An open tag: name, then attributes, then > or />.
    let i = this.pos + 1;
    if (!isNameStart(text.charCodeAt(i))) defer('an unusual element name');
    const nameStart = i;
    while (i < length && isNameChar(text.charCodeAt(i))) i++;
    const name = text.substring(nameStart, i);
    const names = this.attrNames;
    const values = this.attrValues;
    let count = 0;
    for (;;) {
      const spaceStart = i;
      while (i < length && isSpace(text.charCodeAt(i))) i++;
      const code = text.charCodeAt(i);
      if (code === 62) {
        this.selfClosing = false;
        i++;
        break;
      }
      if (code === 47 && text.charCodeAt(i + 1) === 62) {
        this.selfClosing = true;
        i += 2;
        break;
      }
      if (i === spaceStart || !isNameStart(text.charCodeAt(i))) defer('malformed attributes');
      const attrStart = i;
      while (i < length && isNameChar(text.charCodeAt(i))) i++;
      const attrName = text.substring(attrStart, i);
      while (i < length && isSpace(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== 61) defer('an attribute without a value');
      i++;
      while (i < length && isSpace(text.charCodeAt(i))) i++;
      const quote = text.charCodeAt(i);
      if (quote !== 34 && quote !== 39) defer('an unquoted attribute');
      // One pass to the closing quote: '<' is an error and tabs or line ends would be normalised by saxes.
      let valueEnd = i + 1;
      let entities = false;
      for (; valueEnd < length; valueEnd++) {
        const c = text.charCodeAt(valueEnd);
        if (c === quote) break;
        if (c === 60 || c === 9 || c === 10 || c === 13)
          defer('an attribute value saxes would normalise');
        if (c === 38) entities = true;
      }
      if (valueEnd >= length) defer('an unterminated attribute');
      const raw = text.substring(i + 1, valueEnd);
      i = valueEnd + 1;
      if (attrName === '__proto__') defer('an attribute named __proto__');
      for (let k = 0; k < count; k++) if (names[k] === attrName) defer('a duplicate attribute');
      if (count === MAX_ATTRIBUTES) defer('an element with more attributes than Excel writes');
      names[count] = attrName;
      values[count] = entities ? decodeEntities(raw) : raw;
      count++;
    }
    this.pos = i;
    this.attrCount = count;
    this.attrObject = undefined;
    if (this.stack.length === 0 && this.rootClosed) defer('a second root element');
    this.name = this.localName(name);
    if (!this.selfClosing) this.stack.push(name);
    else if (this.stack.length === 0) this.rootClosed = true;
    return 1;
  }

  /**
   * The current element's attributes as an object (null when it has none), made when first asked for: the hot
   * elements (rows and cells) are read with `attr`, without an object of their own, whose keys (r, t, s in every
   * combination) made property stores megamorphic and interned every attribute name.
   */
  get attrs() {
    if (this.attrObject === undefined) {
      let attrs = null;
      for (let k = 0; k < this.attrCount; k++) {
        attrs ??= {};
        attrs[this.attrNames[k]] = this.attrValues[k];
      }
      this.attrObject = attrs;
    }
    return this.attrObject;
  }

  /** One attribute of the current element, or undefined. */
  attr(name) {
    for (let k = 0; k < this.attrCount; k++) {
      if (this.attrNames[k] === name) return this.attrValues[k];
    }
    return undefined;
  }

  /** An element's name without the document's prefix; an element in any other namespace defers. */
  localName(name) {
    if (this.rawNames) return name;
    const colon = name.indexOf(':');
    if (this.prefix !== '') {
      if (!name.startsWith(this.prefix))
        defer(`an element <${name}> outside the document's namespace`);
      return name.slice(this.prefix.length);
    }
    if (colon === -1) return name;
    const prefix = name.slice(0, colon);
    if (
      !this.allowPrefix ||
      this.stack.length > 0 ||
      this.attr(`xmlns:${prefix}`) !== MAIN_NAMESPACE
    ) {
      defer(`a prefixed element <${name}>`);
    }
    this.prefix = `${prefix}:`;
    return name.slice(colon + 1);
  }

  /**
   * Skips the element just opened (its content must still be well-formed and made of `allowed` elements, any
   * element when `allowed` is null).
   */
  skip(allowed) {
    if (this.selfClosing) return;
    const depth = this.stack.length;
    while (this.stack.length >= depth) {
      const event = this.next();
      if (event === 1 && allowed !== null && !allowed.has(this.name)) {
        defer(`an element <${this.name}> the reader does not know`);
      }
      if (event === 0) defer('the XML ends inside an element');
    }
  }
}

/** Attributes per element at most: Excel writes a dozen; the duplicate check is one pass per attribute. */
const MAX_ATTRIBUTES = 64;

function isNameStart(code) {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

function isNameChar(code) {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 58) ||
    code === 95 ||
    code === 45 ||
    code === 46
  );
}

function isSpace(code) {
  return code === 32 || code === 10 || code === 9 || code === 13;
}

const MAIN_NAMESPACE = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

const NAMED_ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML's five entities and character references; anything else (saxes would reject or resolve it) defers. */
function decodeEntities(raw) {
  return raw.replace(/&([^;&]*);?/g, (match, body) => {
    if (!match.endsWith(';')) defer('a bare "&"');
    const named = NAMED_ENTITIES[body];
    if (named !== undefined) return named;
    const numeric = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(body);
    if (!numeric) defer(`the entity &${body};`);
    const code = numeric[1] !== undefined ? Number.parseInt(numeric[1], 16) : Number(numeric[2]);
    const valid =
      code === 9 ||
      code === 10 ||
      code === 13 ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    if (!valid) defer('a character reference to a character XML forbids');
    return String.fromCodePoint(code);
  });
}

/** TextXform's model: exceljs decodes Excel's `_xHHHH_` escapes in shared strings (not in inline strings). */
function decodeExcelEscapes(text) {
  return text.replace(/_x([0-9A-F]{4})_/g, (_match, hex) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/**
 * The common shared string, `<si><t>Met</t></si>` (or with xml:space="preserve"), read in one match as the common
 * cell is (PLAIN_CELL); one with an entity, a carriage return, runs or anything else goes through the scanner.
 */
const PLAIN_SHARED_STRING = /<si><t(?: xml:space="preserve")?>([^<&\r]*)<\/t><\/si>/y;

/**
 * Shared strings made only of `<si><t>…</t></si>` are read here; a part with rich text, phonetic runs or anything
 * else is handed to exceljs's own SharedStringsXform (the result is the same `values` array it builds).
 */
async function readSharedStrings(text, excel, xml, prefixed) {
  const values = [];
  try {
    const scanner = new Scanner(text, prefixed);
    let event = scanner.next();
    while (event === 3) event = scanner.next();
    if (event !== 1 || scanner.name !== 'sst') defer('no <sst> root');
    if (!scanner.selfClosing) {
      for (;;) {
        if (!prefixed && text.charCodeAt(scanner.pos) === 60) {
          PLAIN_SHARED_STRING.lastIndex = scanner.pos;
          const match = PLAIN_SHARED_STRING.exec(text);
          if (match !== null) {
            scanner.pos = PLAIN_SHARED_STRING.lastIndex;
            values.push(decodeExcelEscapes(match[1]));
            continue;
          }
        }
        event = scanner.next();
        if (event === 3) continue;
        if (event === 2) break; // </sst>
        if (event !== 1 || scanner.name !== 'si') defer('not a plain shared string');
        let value;
        let texts = 0;
        if (!scanner.selfClosing) {
          for (;;) {
            event = scanner.next();
            if (event === 3) continue;
            if (event === 2) break; // </si>
            if (event !== 1 || scanner.name !== 't') defer('not a plain shared string');
            texts++;
            let joined = '';
            if (!scanner.selfClosing) {
              for (;;) {
                event = scanner.next();
                if (event === 3) joined += scanner.value;
                else if (event === 2) break;
                else defer('markup inside <t>');
              }
            }
            value = decodeExcelEscapes(joined);
          }
        }
        if (texts !== 1) defer('a shared string without exactly one <t>');
        values.push(value);
      }
    }
    do event = scanner.next();
    while (event === 3);
    if (event !== 0) defer('content after </sst>');
    return values;
  } catch (error) {
    if (!(error instanceof Deferral) || prefixed) throw error;
  }
  // Rich text and the rest: exceljs's own xform (its errors defer the file).
  const xform = new excel.SharedStringsXform();
  try {
    await xform.parseStream(xml());
  } catch {
    defer('exceljs cannot parse the shared strings');
  }
  return xform.model.values.map(plain);
}

/** Drops what structured clone cannot carry (functions, class prototypes) and keeps plain data. */
export function plain(value) {
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
 * Worksheet children the reader skips, with the children each may hold: their exceljs xforms only read attributes
 * into sheet settings (phoneticPr and ignoredErrors it ignores; autoFilter's xform stops at its first child, after
 * which these children are unknown to the worksheet xform too).
 */
const SKIPPED_SHEET_PARTS = new Map([
  ['phoneticPr', new Set()],
  ['ignoredErrors', new Set(['ignoredError'])],
  [
    'autoFilter',
    new Set([
      'filterColumn',
      'filters',
      'filter',
      'dateGroupItem',
      'customFilters',
      'customFilter',
      'dynamicFilter',
      'top10',
      'colorFilter',
      'iconFilter',
      'sortState',
      'sortCondition',
    ]),
  ],
  ['sheetPr', new Set(['tabColor', 'outlinePr', 'pageSetUpPr'])],
  ['dimension', new Set()],
  ['sheetViews', new Set(['sheetView', 'selection', 'pane'])],
  ['sheetFormatPr', new Set()],
  ['pageMargins', new Set()],
  ['pageSetup', new Set()],
  ['printOptions', new Set()],
  [
    'headerFooter',
    new Set(['oddHeader', 'oddFooter', 'evenHeader', 'evenFooter', 'firstHeader', 'firstFooter']),
  ],
]);

const CELL_TYPES = new Set([undefined, 's', 'str', 'inlineStr', 'b', 'e', 'n']);
const RANGE = /^([A-Z]{1,3})([1-9][0-9]*):([A-Z]{1,3})([1-9][0-9]*)$/;
/** Merged cells the reader fills in at most, per sheet (exceljs creates a cell for each). */
const MAX_MERGED_CELLS = 100_000;
/** Merged ranges per sheet at most: overlaps are checked pair by pair, so a hostile count must not be quadratic. */
const MAX_MERGES = 2_000;

function columnNumber(letters) {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

/**
 * The column of a cell address like "AB12" whose row is `row`, or a deferral: exceljs places a cell by its
 * address's column but in the row it sits in, so an address naming another row (or none) is not read here.
 */
function addressColumn(address, row) {
  if (typeof address !== 'string') defer('a cell without an address');
  let i = 0;
  let column = 0;
  for (; i < address.length && i < 4; i++) {
    const code = address.charCodeAt(i);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  if (i === 0 || i > 3 || address.charCodeAt(i) === 48) defer('an unusual cell address');
  let number = 0;
  const digitsStart = i;
  for (; i < address.length; i++) {
    const code = address.charCodeAt(i);
    if (code < 48 || code > 57) defer('an unusual cell address');
    number = number * 10 + (code - 48);
  }
  if (i === digitsStart || number !== row) defer('a cell whose address names another row');
  return column;
}

function isDigits(value) {
  return typeof value === 'string' && /^[0-9]+$/.test(value);
}

/**
 * One worksheet part: its rows as `{ number, cells }`, cells `{ column, value }` in column order with `value` what
 * exceljs's `cell.value` gives after `plain` (Null-type cells left out), and its merged ranges.
 */
function scanWorksheet(text, book) {
  const scanner = new Scanner(text, book.prefixed);
  let event = scanner.next();
  while (event === 3) event = scanner.next();
  if (event !== 1 || scanner.name !== 'worksheet') defer('no <worksheet> root');
  const rows = [];
  const merges = [];
  const validations = [];
  const formulae = Object.create(null);
  const hyperlinks = [];
  const extensions = [];
  let seenData = false;
  let seenMerges = false;
  let seenLinks = false;
  if (!scanner.selfClosing) {
    for (;;) {
      event = scanner.next();
      if (event === 3) continue;
      if (event === 2) break; // </worksheet>
      const name = scanner.name;
      if (name === 'sheetData' && !seenData) {
        seenData = true;
        scanSheetData(scanner, rows, formulae, book);
      } else if (name === 'mergeCells' && !seenMerges) {
        seenMerges = true;
        scanMergeCells(scanner, merges);
      } else if (name === 'hyperlinks' && !seenLinks) {
        seenLinks = true;
        scanHyperlinks(scanner, hyperlinks);
      } else if (name === 'extLst') {
        extensions.push(scanExtensions(scanner));
      } else if (name === 'dataValidations') {
        validations.push(scanDataValidations(scanner));
      } else if (name === 'cols') {
        scanCols(scanner);
      } else if (SKIPPED_SHEET_PARTS.has(name)) {
        scanner.skip(SKIPPED_SHEET_PARTS.get(name));
      } else {
        defer(`a worksheet element <${name}> the reader does not know`);
      }
    }
  }
  do event = scanner.next();
  while (event === 3);
  if (event !== 0) defer('content after </worksheet>');
  return { rows, merges, validations, hyperlinks, extensions };
}

/**
 * A worksheet's `<extLst>` (Excel for Mac writes one with its print settings, `mx:PLV`): exceljs's ExtLstXform only
 * reads `x14:conditionalFormattings` from it, and ignores the rest. The element's XML is returned for that xform to
 * read in readSheetsDirect, which defers if it finds conditional formats; here only `<ext>` children holding
 * elements of any name but those the xform would pick up are let through.
 */
function scanExtensions(scanner) {
  const start = scanner.tagStart;
  if (!scanner.selfClosing) {
    scanner.rawNames = true;
    const depth = scanner.stack.length;
    while (scanner.stack.length >= depth) {
      const event = scanner.next();
      if (event === 0) defer('the XML ends inside <extLst>');
      if (event !== 1) continue;
      const name = scanner.name;
      const nested = scanner.stack.length - depth + (scanner.selfClosing ? 1 : 0);
      if (
        nested === 1 ? name !== 'ext' && name !== `${scanner.prefix}ext` : EXTENSION_PARTS.has(name)
      ) {
        defer(`an extension element <${name}> exceljs reads`);
      }
    }
    scanner.rawNames = false;
  }
  return scanner.text.substring(start, scanner.pos);
}

/** Names ExtLstXform and its ExtXform act on when they meet them below an `<ext>`. */
const EXTENSION_PARTS = new Set(['ext', 'extLst', 'x14:conditionalFormattings']);

function scanHyperlinks(scanner, hyperlinks) {
  eachElement(
    scanner,
    'hyperlink',
    (attrs) => hyperlinks.push({ address: attrs.ref, rId: attrs['r:id'] }),
    EMPTY,
  );
}

/**
 * WorksheetXform.reconcile and CellXform.reconcile: a hyperlink with a relationship id turns the cell at its exact
 * address into `{ text, hyperlink }` (text: the value, or a formula's result; even a cell with no value gets one),
 * and an id with no relationship makes exceljs throw.
 */
function applyHyperlinks(rows, hyperlinks, relationships) {
  const rels = new Map();
  for (const rel of relationships) rels.set(rel.Id, rel);
  const targets = new Map();
  for (const { address, rId } of hyperlinks) {
    if (!rId) continue;
    const rel = rels.get(rId);
    if (!rel) defer('a hyperlink without its relationship');
    targets.set(address, rel.Target);
  }
  if (targets.size === 0) return;
  for (const row of rows) {
    for (const cell of row.cells) {
      const target = targets.get(cell.address);
      if (target) cell.value = plain({ text: cell.linkText, hyperlink: target });
    }
  }
}

/** Cells a sheet's data validations may name in all: exceljs keeps one entry per cell of each range. */
const MAX_VALIDATED_CELLS = 100_000;
const VALIDATION_REF = /^\$?([A-Z]{1,3})\$?([1-9][0-9]*)(?::\$?([A-Z]{1,3})\$?([1-9][0-9]*))?$/;

/**
 * `<dataValidations>` (drop-down lists in templates): they do not change a cell's value, but exceljs's xform expands
 * every range into one entry per cell and throws on some, so the element's XML is returned for that xform to
 * read (readSheetsDirect), once the ranges are known to be small enough for that to cost what exceljs costs.
 */
function scanDataValidations(scanner) {
  const start = scanner.tagStart;
  let cells = 0;
  if (!scanner.selfClosing) {
    for (;;) {
      const event = scanner.next();
      if (event === 3) continue;
      if (event === 2) break;
      if (scanner.name !== 'dataValidation') defer('an unknown element in <dataValidations>');
      for (const ref of String(scanner.attrs?.sqref ?? '').split(/\s+/g)) {
        const match = VALIDATION_REF.exec(ref);
        if (!match) defer('a data validation range the reader does not read');
        if (match[3] === undefined) {
          cells += 1;
        } else {
          const width = Math.abs(columnNumber(match[3]) - columnNumber(match[1])) + 1;
          const height = Math.abs(Number(match[4]) - Number(match[2])) + 1;
          cells += width * height;
        }
        if (cells > MAX_VALIDATED_CELLS) defer('data validations over too many cells');
      }
      scanner.skip(new Set(['formula1', 'formula2']));
    }
  }
  return scanner.text.substring(start, scanner.pos);
}

/** Column widths: exceljs builds a Column for every index in min..max, so only Excel's range is sure. */
function scanCols(scanner) {
  eachElement(
    scanner,
    'col',
    ({ min, max }) => {
      if (!isDigits(min) || !isDigits(max)) defer('a column range that is not two numbers');
      const lo = Number(min);
      const hi = Number(max);
      if (lo < 1 || hi < lo || hi > 16_384) defer('a column range outside Excel');
    },
    EMPTY,
  );
}

function scanMergeCells(scanner, merges) {
  eachElement(
    scanner,
    'mergeCell',
    (attrs) => {
      const match = RANGE.exec(attrs.ref ?? '');
      if (!match) defer('a merged range the reader does not read');
      const left = columnNumber(match[1]);
      const top = Number(match[2]);
      const right = columnNumber(match[3]);
      const bottom = Number(match[4]);
      if (right < left || bottom < top || (right === left && bottom === top)) {
        defer('a reversed or single-cell merged range');
      }
      if (right > 16_384 || bottom > 1_048_576) defer('a merged range beyond Excel');
      merges.push({ top, left, bottom, right });
    },
    EMPTY,
  );
}

/**
 * The common cell, as Excel and exceljs both write it (`<c r="B7" s="2" t="s"><v>14</v></c>`, or with no value),
 * read with one sticky regular expression instead of the scanner's events: most of a worksheet is such cells.
 * Anything else (other attributes, another order, a formula, inline text, white space inside, an entity or a
 * carriage return in the value) does not match and is read the general way, so both ways give the same cell.
 */
const PLAIN_CELL =
  /<c r="([A-Z]{1,3}[1-9][0-9]{0,6})"(?: s="([0-9]{1,9})")?(?: t="(s|n|b|e|str)")?(?:\/>|>(?:<v>([^<&\r]*)<\/v>)?<\/c>)/y;

function scanSheetData(scanner, rows, formulae, book) {
  if (scanner.selfClosing) return;
  const text = scanner.text;
  const plain = !book.prefixed && scanner.prefix === '';
  let lastRow = 0;
  for (;;) {
    let event = scanner.next();
    if (event === 3) continue;
    if (event === 2) return; // </sheetData>
    if (scanner.name !== 'row') defer('an unknown element in <sheetData>');
    const r = scanner.attr('r');
    // Without r a row is the one after the last (the Open XML SDK writes such rows; exceljs cannot read them).
    if (r === undefined && !book.prefixed) defer('a row without a row number');
    if (r !== undefined && !isDigits(r)) defer('a row number that is not a number');
    const number = r === undefined ? lastRow + 1 : Number(r);
    if (number <= lastRow || number > 1_048_576) defer('rows out of order or beyond Excel');
    lastRow = number;
    const cells = [];
    let lastColumn = 0;
    if (!scanner.selfClosing) {
      for (;;) {
        if (
          plain &&
          text.charCodeAt(scanner.pos) === 60 &&
          text.charCodeAt(scanner.pos + 1) === 99
        ) {
          PLAIN_CELL.lastIndex = scanner.pos;
          const match = PLAIN_CELL.exec(text);
          if (match !== null) {
            scanner.pos = PLAIN_CELL.lastIndex;
            const address = match[1];
            const column = addressColumn(address, number);
            if (column <= lastColumn || column > 16_384)
              defer('cells out of order or beyond Excel');
            lastColumn = column;
            const styleId = match[2] ? Number.parseInt(match[2], 10) : undefined;
            // As scanCell: an empty <v></v> is no value.
            const raw = match[4] === '' ? undefined : match[4];
            const value = scanValue(
              raw,
              match[3],
              styleId ? book.isDateStyle(styleId) : false,
              book,
            );
            book.linkText = value;
            cells.push({ column, value, address, linkText: value });
            continue;
          }
        }
        event = scanner.next();
        if (event === 3) continue;
        if (event === 2) break; // </row>
        if (scanner.name !== 'c') defer('an unknown element in <row>');
        const cellRef = scanner.attr('r');
        const type = scanner.attr('t');
        const style = scanner.attr('s');
        // Without r a cell is the one after the last in its row (prefixed documents only, as rows above).
        const column =
          cellRef === undefined && book.prefixed ? lastColumn + 1 : addressColumn(cellRef, number);
        if (column <= lastColumn || column > 16_384) defer('cells out of order or beyond Excel');
        lastColumn = column;
        if (!CELL_TYPES.has(type)) defer(`a cell type t="${type}" the reader does not read`);
        if (style !== undefined && !isDigits(style)) defer('a style id that is not a number');
        const styleId = style ? Number.parseInt(style, 10) : undefined;
        const address = cellRef ?? `${columnLetter(column - 1)}${number}`;
        const value = scanCell(scanner, address, type, styleId, formulae, book);
        // Valueless cells are kept until hyperlinks are known: a hyperlink gives one a value.
        cells.push({ column, value, address, linkText: book.linkText });
      }
    }
    rows.push({ number, cells });
  }
}

/** Marks a cell exceljs types Null or Merge when it parses it: no value, left out of eachCell. */
const NO_VALUE = undefined;

/**
 * One `<c>`: what CellXform.parseOpen/parseText/parseClose collect, then what its reconcile and the Value classes'
 * getters make of it (formula results, shared strings, dates from the style's number format).
 */
function scanCell(scanner, address, type, styleId, formulae, book) {
  let raw; // text of <v>, and of <t> inside <is>, concatenated as exceljs does
  let formula;
  let formulaAttrs = null;
  if (!scanner.selfClosing) {
    for (;;) {
      let event = scanner.next();
      if (event === 3) continue;
      if (event === 2) break; // </c>
      const name = scanner.name;
      if (name === 'v' || name === 'f') {
        if (name === 'f') {
          if (formulaAttrs) defer('two formulas in a cell');
          formulaAttrs = scanner.attrs ?? {};
          for (const key in formulaAttrs) {
            if (key !== 't' && key !== 'ref' && key !== 'si' && key !== 'ca' && key !== 'aca') {
              defer(`a formula attribute ${key}`);
            }
          }
        }
        if (scanner.selfClosing) continue;
        for (;;) {
          event = scanner.next();
          if (event === 3) {
            if (name === 'v') raw = raw ? raw + scanner.value : scanner.value;
            else formula = formula ? formula + scanner.value : scanner.value;
          } else if (event === 2) break;
          else defer(`markup inside <${name}>`);
        }
      } else if (name === 'is') {
        if (scanner.selfClosing) continue;
        for (;;) {
          event = scanner.next();
          if (event === 3) continue;
          if (event === 2) break; // </is>
          if (scanner.name !== 't') defer('rich or phonetic text in an inline string');
          if (scanner.selfClosing) continue;
          for (;;) {
            event = scanner.next();
            if (event === 3) raw = raw ? raw + scanner.value : scanner.value;
            else if (event === 2) break;
            else defer('markup inside <t>');
          }
        }
      } else {
        defer(`an element <${name}> in a cell`);
      }
    }
  }
  // saxes gives no text event for empty content, so an empty <v></v> leaves the value undefined.
  if (raw === '') raw = undefined;
  if (formula === '') formula = undefined;
  const shareType = formulaAttrs?.t;
  const isDate = styleId ? book.isDateStyle(styleId) : false;
  if (formula || shareType) {
    let result;
    if (raw) {
      if (type === 'str') result = book.utils.xmlDecode(raw);
      else if (type === 'b') result = Number.parseInt(raw, 10) !== 0;
      else if (type === 'e') result = { error: raw };
      else result = Number.parseFloat(raw);
    }
    if (result !== undefined && isDate) result = book.utils.excelToDate(result, book.date1904);
    const model = {
      formula,
      result,
      ref: formulaAttrs?.ref,
      shareType,
      sharedFormula: undefined,
    };
    if (shareType === 'shared') {
      if (model.ref) {
        formulae[formulaAttrs.si] = address;
      } else {
        model.sharedFormula = formulae[formulaAttrs.si];
        model.shareType = undefined;
      }
    }
    // FormulaValue._copyModel: only the truthy fields, in this order.
    const value = {};
    if (model.formula) value.formula = model.formula;
    if (model.result) value.result = model.result;
    if (model.ref) value.ref = model.ref;
    if (model.shareType) value.shareType = model.shareType;
    if (model.sharedFormula) value.sharedFormula = model.sharedFormula;
    book.linkText = result; // a hyperlink's text is the formula's result (CellXform.reconcile)
    return plain(value);
  }
  const value = scanValue(raw, type, isDate, book);
  book.linkText = value;
  return value;
}

/** The value of a cell without a formula, as CellXform.parseClose and reconcile type it. */
function scanValue(raw, type, isDate, book) {
  if (raw === undefined) return NO_VALUE; // exceljs's Null (styled) or Merge (bare) type: not in eachCell
  switch (type) {
    case 's': {
      if (!book.sharedStrings) defer('a shared string in a workbook without shared strings');
      const value = book.sharedStrings[Number.parseInt(raw, 10)];
      if (value === undefined || value === null) defer('a shared string index out of range');
      return value;
    }
    case 'str':
      return book.utils.xmlDecode(raw);
    case 'inlineStr':
      return raw;
    case 'b':
      return Number.parseInt(raw, 10) !== 0;
    case 'e':
      return { error: raw };
    default: {
      const number = Number.parseFloat(raw);
      return isDate ? book.utils.excelToDate(number, book.date1904) : number;
    }
  }
}

/** Worksheet name rules of exceljs's Worksheet `name` setter; a name it would refuse or cut defers. */
function checkSheetNames(sheets) {
  const seen = new Set();
  for (const sheet of sheets) {
    const name = sheet.name;
    if (
      typeof name !== 'string' ||
      name === '' ||
      name === 'History' ||
      /[*?:/\\[\]]/.test(name) ||
      /(^')|('$)/.test(name) ||
      name.length > 31 ||
      seen.has(name.toLowerCase())
    ) {
      defer('a sheet name exceljs would refuse or change');
    }
    seen.add(name.toLowerCase());
  }
}

/** Part names exceljs would read with an xform the direct reader does not mirror (XLSX.load's patterns). */
const UNREAD_PATTERNS = [
  /xl\/media\/([a-zA-Z0-9]+[.][a-zA-Z0-9]{3,4})$/,
  /xl\/drawings\/([a-zA-Z0-9]+)[.]xml/,
  /xl\/(comments\d+)[.]xml/,
  /xl\/tables\/(table\d+)[.]xml/,
  /xl\/drawings\/_rels\/([a-zA-Z0-9]+)[.]xml[.]rels/,
  /xl\/drawings\/(vmlDrawing\d+)[.]vml/,
];
const WORKSHEET_PATTERN = /xl\/worksheets\/sheet(\d+)[.]xml/;
const WORKSHEET_RELS_PATTERN = /xl\/worksheets\/_rels\/sheet(\d+)[.]xml.rels/;
/** A worksheet's relationships exceljs ignores when it reconciles the sheet (Excel writes them for page setup). */
const SHEET_RELS_NAME = /^xl\/worksheets\/_rels\/sheet(\d+)\.xml\.rels$/;
/** Worksheet relationships read here: hyperlinks, and printer settings, which exceljs ignores. */
const READ_SHEET_RELATIONSHIP = /\/(?:printerSettings|hyperlink)$/;
const WORKSHEET_NAME = /^xl\/worksheets\/sheet\d+\.xml$/;

/** Whether a workbook's xl/workbook.xml writes its elements with a prefix (`<x:workbook`), which exceljs cannot read. */
export function isPrefixedWorkbook(byName) {
  const part = byName.get('xl/workbook.xml') ?? byName.get('/xl/workbook.xml');
  if (!part) return false;
  const head = part.subarray(0, 512).toString('utf8');
  return /^\ufeff?(?:<\?xml[^>]*\?>)?\s*<[A-Za-z_][\w.-]*:workbook[\s>]/.test(head);
}

/** Each child element of the root, in turn, as `visit(name)`; the visitor reads or skips it. */
function eachChild(scanner, root, visit) {
  let event;
  do event = scanner.next();
  while (event === 3);
  if (event !== 1 || scanner.name !== root) defer(`no <${root}> root`);
  if (!scanner.selfClosing) {
    for (;;) {
      event = scanner.next();
      if (event === 3) continue;
      if (event === 2) break;
      visit(scanner.name);
    }
  }
  do event = scanner.next();
  while (event === 3);
  if (event !== 0) defer(`content after </${root}>`);
}

/**
 * The children of the element just opened, all named `child`, each given as its attributes; their content skipped
 * (`allowed`: the elements it may hold, as `Scanner.skip` takes them; null for any).
 */
function eachElement(scanner, child, visit, allowed = null) {
  if (scanner.selfClosing) return;
  for (;;) {
    const event = scanner.next();
    if (event === 3) continue;
    if (event === 2) return;
    if (scanner.name !== child) defer(`an element <${scanner.name}> where <${child}> was expected`);
    visit(scanner.attrs ?? {});
    scanner.skip(allowed);
  }
}

/** For `eachElement`: children with no content of their own. */
const EMPTY = new Set();

/**
 * A relationships part, as exceljs's RelationshipsXform gives it: each <Relationship>'s attributes. Anything but
 * empty <Relationship> elements under <Relationships> defers (exceljs throws on some of it).
 */
function scanRels(text) {
  const scanner = new Scanner(text, false);
  const rels = [];
  eachChild(scanner, 'Relationships', (name) => {
    if (name !== 'Relationship' || !scanner.selfClosing) defer('an unusual relationships part');
    rels.push(scanner.attrs ?? {});
  });
  return rels;
}

/**
 * `scan()`'s answer, or exceljs's (`viaExceljs()`) when the scanner is not sure of the part (it defers) or leaves
 * it to exceljs (answers null): so a part only costs exceljs's code, and loading it, when it is unusual.
 */
async function scannedOr(scan, viaExceljs) {
  let scanned = null;
  try {
    scanned = scan();
  } catch (error) {
    if (!(error instanceof Deferral)) throw error;
  }
  return scanned ?? viaExceljs();
}

/** The children of <workbook> that WorkbookXform hands to a parser of its own (WorkbookXform.map). */
const WORKBOOK_PARTS = new Set([
  'fileVersion',
  'workbookPr',
  'bookViews',
  'sheets',
  'definedNames',
  'calcPr',
]);

/**
 * An unprefixed workbook.xml as exceljs's WorkbookXform parses it (exceljs 4.4.0, lib/xlsx/xform/book): the
 * sheets, each name decoded once more by `utils.xmlDecode` as SheetXform does (so `&amp;amp;` in the XML is
 * `&`), its sheetId through parseInt; `date1904` only when workbookPr says exactly "1"; no defined names. Returns
 * null for a part with defined names (their ranges are exceljs's to read) and defers on anything else it would have
 * to judge: WorkbookXform ignores unknown children (Excel's mc:AlternateContent, xr:revisionPtr, extLst...) but
 * starts a parser for any element below them that has one of its own children's names, so those defer.
 */
function scanWorkbook(text, utils) {
  const scanner = new Scanner(text, false);
  scanner.rawNames = true;
  let sheets;
  let date1904;
  let definedNames = false;
  eachChild(scanner, 'workbook', (name) => {
    if (name === 'sheets') {
      if (sheets !== undefined) defer('two <sheets>');
      sheets = [];
      eachElement(
        scanner,
        'sheet',
        (attrs) => {
          if (typeof attrs.name !== 'string') defer('a sheet without a name');
          sheets.push({
            name: utils.xmlDecode(attrs.name),
            id: Number.parseInt(attrs.sheetId, 10),
            state: attrs.state,
            rId: attrs['r:id'],
          });
        },
        EMPTY,
      );
    } else if (name === 'workbookPr') {
      if (date1904 !== undefined) defer('two <workbookPr>');
      date1904 = scanner.attrs?.date1904 === '1';
      scanner.skip(EMPTY);
    } else if (name === 'definedNames') {
      eachElement(scanner, 'definedName', () => {
        definedNames = true;
      });
    } else if (name === 'bookViews') {
      scanner.skip(new Set(['workbookView']));
    } else if (name === 'fileVersion' || name === 'calcPr') {
      scanner.skip(EMPTY);
    } else {
      if (scanner.selfClosing) return;
      const depth = scanner.stack.length;
      while (scanner.stack.length >= depth) {
        const event = scanner.next();
        if (event === 0) defer('the XML ends inside an element');
        if (event === 1 && WORKBOOK_PARTS.has(scanner.name)) {
          defer(`a <${scanner.name}> inside <${name}>`);
        }
      }
    }
  });
  if (definedNames) return null;
  return { sheets, definedNames: [], properties: date1904 === undefined ? {} : { date1904 } };
}

/**
 * A prefixed workbook.xml (exceljs's WorkbookXform knows no prefixes): its sheets, as WorkbookXform gives them,
 * and date1904; the rest changes no cell value.
 */
function scanPrefixedWorkbook(text) {
  const scanner = new Scanner(text, true);
  const sheets = [];
  let date1904 = false;
  eachChild(scanner, 'workbook', (name) => {
    if (name === 'sheets') {
      eachElement(scanner, 'sheet', (attrs) => {
        sheets.push({
          name: attrs.name,
          id: Number.parseInt(attrs.sheetId, 10),
          state: attrs.state,
          rId: attrs['r:id'],
        });
      });
    } else {
      if (name === 'workbookPr') date1904 = ['1', 'true'].includes(scanner.attrs?.date1904);
      scanner.skip(null);
    }
  });
  return { sheets, definedNames: [], properties: { date1904 } };
}

/**
 * styles.xml (prefixed or not): only what decides whether a number is a date, as StylesXform.getStyleModel gives it
 * (a cell format's numFmtId, the custom format of that id with its backslashes dropped, else Excel's built-in one).
 */
function scanStyles(text, excel, prefixed) {
  const scanner = new Scanner(text, prefixed);
  const formats = new Map();
  const formatIds = [];
  eachChild(scanner, 'styleSheet', (name) => {
    if (name === 'numFmts') {
      eachElement(scanner, 'numFmt', (attrs) => {
        if (typeof attrs.formatCode !== 'string') defer('a number format without a code');
        formats.set(
          Number.parseInt(attrs.numFmtId, 10),
          attrs.formatCode.replace(/[\\](.)/g, '$1'),
        );
      });
    } else if (name === 'cellXfs') {
      eachElement(scanner, 'xf', (attrs) => {
        formatIds.push(Number.parseInt(attrs.numFmtId, 10));
      });
    } else {
      // StylesXform reads nothing else that decides a date; Excel's extensions (x14:slicerStyles...) carry prefixes.
      scanner.rawNames = true;
      scanner.skip(null);
      scanner.rawNames = false;
    }
  });
  return {
    model: true,
    getStyleModel(id) {
      if (!(id in formatIds)) return null;
      const numFmtId = formatIds[id];
      if (!numFmtId) return {};
      const numFmt = formats.get(numFmtId) ?? excel.defaultFmtCode(numFmtId);
      return numFmt ? { numFmt } : {};
    },
  };
}

/**
 * Reads the sheets of a workbook given its parts by resolved name (as loadParts sees them), or throws a Deferral.
 * `limits`: `{ maxCells }`; `maxCellCharacters`: the longest text a cell may hold. Limit hits defer, so the exceljs
 * path raises its own exact error.
 */
export async function readSheetsDirect(
  excel,
  byName,
  pieces,
  limits,
  maxCellCharacters,
  prefixed = false,
) {
  const worksheetTexts = new Map();
  /** Each worksheet's relationships by its number (sheet3.xml: "3"), as exceljs's model.worksheetRels. */
  const worksheetRels = new Map();
  let sheetDefinitions;
  let definedNames;
  let properties;
  let workbookRels;
  let styles;
  let sharedStrings;
  for (const [resolved, content] of byName) {
    if (resolved.endsWith('/')) continue;
    const name = resolved[0] === '/' ? resolved.slice(1) : resolved;
    const xml = () => pieces(content.toString('utf8'));
    try {
      if (name === '_rels/.rels') {
        scanRels(content.toString('utf8'));
      } else if (name === 'xl/workbook.xml') {
        const text = content.toString('utf8');
        const book = prefixed
          ? scanPrefixedWorkbook(text)
          : await scannedOr(
              () => scanWorkbook(text, excel.utils),
              () => new excel.Workbook().xlsx.parseWorkbook(xml()),
            );
        sheetDefinitions = book.sheets;
        definedNames = book.definedNames;
        properties = book.properties;
      } else if (name === 'xl/_rels/workbook.xml.rels') {
        workbookRels = scanRels(content.toString('utf8'));
      } else if (name === 'xl/sharedStrings.xml') {
        sharedStrings = { text: content.toString('utf8'), xml };
      } else if (name === 'xl/styles.xml') {
        styles = scanStyles(content.toString('utf8'), excel, prefixed);
      } else if (name === 'docProps/app.xml' || name === 'docProps/core.xml') {
        // The file's properties change no cell, and exceljs's loader reads on past one it cannot parse.
      } else if (prefixed && name.startsWith('xl/worksheets/')) {
        // Found by the workbook's relationships below, whatever their names; no sheet relationships read.
        if (name.includes('/_rels/')) defer('worksheet relationships in a prefixed workbook');
        worksheetTexts.set(name, content);
      } else if (WORKSHEET_RELS_PATTERN.test(name) && !WORKSHEET_PATTERN.test(name)) {
        // Comments, drawings and tables need parts the direct reader does not read.
        const sheetNo = SHEET_RELS_NAME.exec(name)?.[1];
        if (sheetNo === undefined) defer(`a part exceljs reads as worksheet rels: ${name}`);
        const sheetRels = scanRels(content.toString('utf8'));
        for (const rel of sheetRels ?? []) {
          if (!READ_SHEET_RELATIONSHIP.test(rel?.Type ?? '')) {
            defer(`a worksheet relationship the direct reader does not read: ${rel?.Type}`);
          }
        }
        worksheetRels.set(sheetNo, sheetRels ?? []);
      } else if (WORKSHEET_PATTERN.test(name)) {
        if (!WORKSHEET_NAME.test(name)) defer(`a part exceljs reads as a worksheet: ${name}`);
        worksheetTexts.set(name, content);
      } else if (UNREAD_PATTERNS.some((pattern) => pattern.test(name))) {
        defer(`a part the direct reader does not read: ${name}`);
      }
    } catch (error) {
      if (error instanceof Deferral) throw error;
      defer(`exceljs fails on ${name}`);
    }
  }
  if (!sheetDefinitions || !workbookRels || !styles?.model)
    defer('no workbook, workbook rels or styles');
  checkSheetNames(sheetDefinitions);
  const rels = new Map(workbookRels.map((rel) => [rel.Id, rel]));
  const ids = new Set();
  const sheets = [];
  for (const sheet of sheetDefinitions) {
    const rel = rels.get(sheet.rId);
    if (!rel || typeof rel.Target !== 'string') defer('a sheet without its relationship');
    const path = `xl/${rel.Target.replace(/^(\s|\/xl\/)+/, '')}`;
    if (!worksheetTexts.has(path)) defer('a sheet whose part is missing or not a worksheet');
    if (!Number.isInteger(sheet.id) || sheet.id < 1 || ids.has(sheet.id))
      defer('unusual sheet ids');
    ids.add(sheet.id);
    const sheetNo = WORKSHEET_PATTERN.exec(path)?.[1];
    sheets.push({ name: sheet.name, state: sheet.state || 'visible', path, sheetNo });
  }
  if (new Set(sheets.map((s) => s.path)).size !== worksheetTexts.size) {
    defer('a worksheet part no sheet names, or named twice');
  }
  if (definedNames && definedNames.length > 0)
    checkDefinedNames(excel, definedNames, sheets.length);

  const book = {
    prefixed,
    linkText: undefined,
    utils: excel.utils,
    date1904: properties?.date1904,
    sharedStrings: sharedStrings
      ? await readSharedStrings(sharedStrings.text, excel, sharedStrings.xml, prefixed)
      : undefined,
    dateStyles: new Map(),
    isDateStyle(styleId) {
      let known = this.dateStyles.get(styleId);
      if (known === undefined) {
        const style = styles.getStyleModel(styleId);
        known = Boolean(style && excel.utils.isDateFmt(style.numFmt));
        this.dateStyles.set(styleId, known);
      }
      return known;
    },
  };

  const out = [];
  let cellCount = 0;
  for (const sheet of sheets) {
    const { rows, merges, validations, hyperlinks, extensions } = scanWorksheet(
      worksheetTexts.get(sheet.path).toString('utf8'),
      book,
    );
    if (hyperlinks.length > 0) {
      applyHyperlinks(rows, hyperlinks, worksheetRels.get(sheet.sheetNo) ?? []);
    }
    for (const xml of extensions) {
      let model;
      try {
        model = await new excel.ExtLstXform().parseStream([xml]);
      } catch {
        defer('exceljs fails on an extLst');
      }
      if (model && Object.keys(model).length > 0) defer('an extLst exceljs reads something from');
    }
    for (const xml of validations) {
      try {
        await new excel.DataValidationsXform().parseStream([xml]);
      } catch {
        defer('exceljs fails on a data validation');
      }
    }
    // exceljs merges the cells of hidden sheets too, and throws on overlapping ranges there as well.
    const grid = applyMerges(rows, merges);
    if (sheet.state !== 'visible') {
      out.push({ name: sheet.name, state: sheet.state, rows: [], rowNumbers: [] });
      continue;
    }
    const outRows = [];
    const rowNumbers = [];
    for (const row of grid) {
      const values = [];
      let width = 0;
      for (const { column, value } of row.cells) {
        if (value === NO_VALUE) continue;
        const text =
          typeof value === 'string' ? value : typeof value?.text === 'string' ? value.text : null;
        if (text !== null && text.length > maxCellCharacters)
          defer('a cell over the character limit');
        values[column - 1] = value;
        width = column;
      }
      if (width === 0) continue; // exceljs's row.hasValues: only valueless cells
      cellCount += width;
      if (cellCount > limits.maxCells) defer('over the cell limit');
      outRows.push(values);
      rowNumbers.push(row.number);
    }
    out.push({ name: sheet.name, state: sheet.state, rows: outRows, rowNumbers });
  }
  return out;
}

/**
 * Defined names (print areas, filter ranges, lists) change no cell value, but exceljs decodes them when it builds
 * the workbook and throws on some: WorkbookXform.reconcile decodes each print area of an existing sheet, and the
 * DefinedNames model setter adds every other name's ranges to a cell matrix. The same calls run here, so a name
 * that makes exceljs fail defers, and one that makes it slow costs the same as before.
 */
function checkDefinedNames(excel, definedNames, sheetCount) {
  const others = [];
  try {
    for (const definedName of definedNames) {
      if (definedName.name === '_xlnm.Print_Area') {
        // worksheets[localSheetId] in exceljs: only a print area naming one of the sheets is decoded.
        const index = definedName.localSheetId;
        if (Number.isInteger(index) && index >= 0 && index < sheetCount) {
          excel.colCache.decodeEx(definedName.ranges[0]);
        }
      } else if (definedName.name !== '_xlnm.Print_Titles') {
        others.push(definedName);
      }
    }
    new excel.DefinedNames().model = others;
  } catch (error) {
    if (error instanceof Deferral) throw error;
    defer('defined names exceljs cannot read');
  }
}

/**
 * Worksheet._parseMergeCells: every cell of a merged range but its top-left becomes a Merge cell whose value is the
 * master's (null when the master is empty), and appears in eachCell even then; ranges that overlap make exceljs
 * throw, so they defer.
 */
function applyMerges(rows, merges) {
  if (merges.length === 0) return rows;
  if (merges.length > MAX_MERGES) defer('too many merged ranges');
  let total = 0;
  for (let a = 0; a < merges.length; a++) {
    const m = merges[a];
    total += (m.bottom - m.top + 1) * (m.right - m.left + 1);
    if (total > MAX_MERGED_CELLS) defer('too many merged cells');
    for (let b = 0; b < a; b++) {
      const o = merges[b];
      if (m.left <= o.right && o.left <= m.right && m.top <= o.bottom && o.top <= m.bottom) {
        defer('overlapping merged ranges');
      }
    }
  }
  const byNumber = new Map(
    rows.map((row) => [row.number, new Map(row.cells.map((c) => [c.column, c.value]))]),
  );
  for (const m of merges) {
    const masterValue = byNumber.get(m.top)?.get(m.left);
    const value = masterValue === undefined ? null : masterValue;
    for (let r = m.top; r <= m.bottom; r++) {
      let cells = byNumber.get(r);
      if (!cells) {
        cells = new Map();
        byNumber.set(r, cells);
      }
      for (let c = m.left; c <= m.right; c++) {
        if (r === m.top && c === m.left) continue;
        cells.set(c, value);
      }
    }
  }
  return [...byNumber.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([number, cells]) => ({
      number,
      cells: [...cells.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([column, value]) => ({ column, value })),
    }));
}
