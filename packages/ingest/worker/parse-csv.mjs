/**
 * Parses delimited text into trimmed fields, record by record, with the line each record starts on. Plain
 * JavaScript in worker/ so the same code runs in the reader worker (read-file.mjs: supplier files, under the
 * worker's time and memory limits) and in the main thread for suppliers.csv (src/readers/read-csv.ts, which gives it
 * its types and turns the result into cells and errors).
 *
 * papaparse never throws on bad input; it reports errors per record. An unclosed quote silently swallows the rest
 * of the file into one field, so that is reported with the line and column where the quote opened. Line breaks are
 * counted the way editors count them: CRLF, LF and a lone CR (old Mac exports) each end a line.
 */
import Papa from 'papaparse';
import { columnLetter } from './column-letter.mjs';
import { decodeText } from './decode-text.mjs';

const DELIMITERS = [',', ';', '\t', '|'];
/** Excel's limit on the characters in one cell; a longer field is no spreadsheet value. */
export const MAX_CELL_CHARACTERS = 32_767;
const LINE_BREAK = /\r\n|\r|\n/;

/**
 * The delimiter most lines agree on: for each candidate, the count per line outside quotes; the winner has the most
 * lines holding its most common non-zero count. papaparse's own guess gives up on short files and on metadata
 * lines above the header, and then splits nothing.
 * @param {string} text
 */
export function guessDelimiter(text) {
  const lines = text
    .slice(0, 1_000_000)
    .split(LINE_BREAK, 60)
    .filter((l) => l.trim() !== '');
  // One pass over each line counts every candidate (code units: the quote and the delimiters are ASCII, so a
  // surrogate pair never matches, as it never did when the loop walked code points once per candidate).
  const codes = DELIMITERS.map((d) => d.charCodeAt(0));
  const counts = DELIMITERS.map(() => new Map());
  const perLine = new Array(DELIMITERS.length);
  for (const line of lines) {
    perLine.fill(0);
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (c === 34) quoted = !quoted;
      else if (!quoted) {
        const k = codes.indexOf(c);
        if (k >= 0) perLine[k]++;
      }
    }
    for (let k = 0; k < DELIMITERS.length; k++) {
      const n = perLine[k];
      if (n > 0) counts[k].set(n, (counts[k].get(n) ?? 0) + 1);
    }
  }
  let best = ',';
  let bestScore = 0;
  for (let k = 0; k < DELIMITERS.length; k++) {
    let score = 0;
    for (const c of counts[k].values()) if (c > score) score = c;
    if (score > bestScore) {
      best = DELIMITERS[k];
      bestScore = score;
    }
  }
  return best;
}

/** Line breaks in text[from, to): CRLF counts once, a lone CR or LF once each. */
function countLineBreaks(text, from, to) {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

/**
 * The first stretch of text longer than a cell may be with no delimiter or line break in it (so one field at least
 * that long), with where it starts and its column counted on its line; null when there is none. Quotes are not
 * followed: a long quoted field full of delimiters is caught record by record instead.
 */
function longRun(text, delimiter) {
  // No stretch can be longer than the line it is on: when no line is, the answer is known after one memchr per
  // line, and only a file with such a line is walked character by character.
  let lineStart = 0;
  for (;;) {
    const lineEnd = text.indexOf('\n', lineStart);
    if ((lineEnd === -1 ? text.length : lineEnd) - lineStart > MAX_CELL_CHARACTERS) break;
    if (lineEnd === -1) return null;
    lineStart = lineEnd + 1;
  }
  // A delimiter of several characters never equals one character of the text, as before.
  const d = delimiter.length === 1 ? delimiter.charCodeAt(0) : -1;
  let start = 0;
  let column = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text.charCodeAt(i);
    const end = i === text.length || c === 10 || c === 13 || c === d;
    if (!end) continue;
    if (i - start > MAX_CELL_CHARACTERS) return { start, column };
    column = c === 10 || c === 13 ? 0 : column + 1;
    start = i + 1;
  }
  return null;
}

/** The 1-based line of text[index]. */
export function lineAt(text, index) {
  return 1 + countLineBreaks(text, 0, index);
}

/**
 * The file being parsed (papaparse parses a string synchronously, one file at a time per worker), and the last
 * parse's handle. Both are about V8, not about CSV: papaparse makes new closures for every parse, and V8 holds
 * optimised code only weakly, so once the last parse's closures were collected the next parse compiled papaparse's
 * parser again (seven times in a 1,000-supplier ingest, about 40 ms of compiler time each). Keeping the last handle
 * reachable keeps that code alive, and a step function at module level is compiled once instead of once per file.
 */
let parsing = null;
const lastParse = { handle: null };

function trimmedField(field) {
  return field.trim();
}

/** A field of a tab-separated file read without quoting: `\N` is how PostgreSQL and MySQL export an empty value. */
function literalField(field) {
  const text = field.trim();
  if (text !== '\\N') return text;
  parsing.nullMarkers += 1;
  return '';
}

/** papaparse's `step`: checks and keeps one record of the file being parsed. */
function collectRow(result, handle) {
  lastParse.handle = handle;
  const state = parsing;
  const fields = result.data;
  if (state.failure === null && result.errors.some((e) => e.code === 'MissingQuotes')) {
    state.failure = {
      ok: false,
      code: 'CSV_UNCLOSED_QUOTE',
      row: state.line,
      column: columnLetter(Math.max(0, fields.length - 1)),
      message:
        'a quoted field opened here is never closed, so everything after it would be read into this one field; close the quote (write "" for a quote inside a quoted field) and load the file again',
    };
  }
  state.cells += fields.length;
  if (state.failure === null && state.cells > state.maxCells) {
    state.failure = {
      ok: false,
      code: 'TOO_MANY_CELLS',
      row: state.line,
      message: `the file holds more than ${state.maxCells} cells (reached on this line), more than an assessment needs; refused before reading further (split the file)`,
    };
  }
  if (state.failure === null) {
    const long = fields.findIndex((f) => f.length > MAX_CELL_CHARACTERS);
    if (long >= 0) {
      state.failure = {
        ok: false,
        code: 'CELL_TOO_LONG',
        row: state.line,
        column: columnLetter(long),
        message: `this field holds ${fields[long].length} characters; a cell holds at most ${MAX_CELL_CHARACTERS} (Excel's limit), so the file is refused rather than cut`,
      };
    }
  }
  if (
    state.failure !== null &&
    (state.failure.code === 'TOO_MANY_CELLS' || state.failure.code === 'CELL_TOO_LONG')
  ) {
    handle.abort();
    return;
  }
  const isBlank = fields.length === 1 && fields[0] === '';
  state.rows.push(isBlank ? [] : fields.map(state.literal ? literalField : trimmedField));
  state.lineNumbers.push(state.line);
  state.fieldCounts.push(isBlank ? 0 : fields.length);
  const cursor = result.meta.cursor;
  state.line += countLineBreaks(state.text, state.previousCursor, cursor);
  state.previousCursor = cursor;
}

/** Parses the records of `text`; `quoteChar` NUL reads quotes as ordinary characters and `\N` as empty. */
function parseRecords(text, delimiter, maxCells, quoteChar) {
  const state = {
    text,
    maxCells,
    literal: quoteChar === '\u0000',
    nullMarkers: 0,
    rows: [],
    lineNumbers: [],
    fieldCounts: [],
    cells: 0,
    line: 1,
    previousCursor: 0,
    failure: null,
  };
  parsing = state;
  try {
    Papa.parse(text, { delimiter, quoteChar, skipEmptyLines: false, step: collectRow });
  } finally {
    parsing = null;
  }
  return state;
}

/**
 * @param {Uint8Array} bytes
 * @param {{ delimiter?: string, maxCells: number }} options
 */
export function parseCsv(bytes, options) {
  const { text, encoding, invalidAt } = decodeText(bytes);
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    return {
      ok: false,
      code: 'DECODE_FAILED',
      row: lineAt(text, nul),
      message: `the file contains NUL bytes after decoding as ${encoding} (the first on this line): it is binary, or damaged, not a CSV; export it again as CSV (UTF-8)`,
    };
  }
  if (text.trim() === '') {
    return {
      ok: false,
      code: 'EMPTY_FILE',
      message: 'the file is empty: there is nothing to load',
    };
  }
  const warnings = [];
  if (invalidAt >= 0) {
    warnings.push({
      row: lineAt(text, invalidAt),
      message: `bytes that are not valid ${encoding} (the first on this line) were read as \ufffd; values with them may be wrong: export the file again as CSV (UTF-8)`,
    });
  }
  const delimiter = options.delimiter ?? guessDelimiter(text);
  const long = longRun(text, delimiter);
  if (long !== null) {
    // Found before papaparse copies a 50 MB field into strings of its own.
    return {
      ok: false,
      code: 'CELL_TOO_LONG',
      row: lineAt(text, long.start),
      column: columnLetter(long.column),
      message: `this field holds more than ${MAX_CELL_CHARACTERS} characters (Excel's limit for a cell), so the file is refused rather than cut`,
    };
  }
  let state = parseRecords(text, delimiter, options.maxCells, '"');
  if (state.failure?.code === 'CSV_UNCLOSED_QUOTE' && delimiter === '\t') {
    // Tab-separated values have no quoting (IANA text/tab-separated-values): a database export writes a remark
    // that starts with a quote as it is. Read again with quotes as ordinary characters (the text holds no NUL, so
    // NUL can stand for "no quote character"), and say so.
    const literal = parseRecords(text, delimiter, options.maxCells, '\u0000');
    if (literal.failure === null) {
      warnings.push({
        row: state.failure.row,
        message: `a quote opened on this line is never closed; a tab-separated file needs no quotes, so every quote was read as an ordinary character${literal.nullMarkers > 0 ? ", and \\N (a database export's empty value) as an empty cell" : ''}`,
      });
      state = literal;
    }
  }
  const { rows, lineNumbers, fieldCounts, failure } = state;
  if (failure !== null) return failure;
  while (rows.length > 0 && rows[rows.length - 1].length === 0) {
    rows.pop();
    lineNumbers.pop();
    fieldCounts.pop();
  }
  return { ok: true, encoding, rows, lineNumbers, fieldCounts, warnings };
}
