/**
 * Dates as suppliers write them: real date cells, Excel serial numbers, ISO strings, US m/d/yyyy, `4 Mar 2026`.
 * A day/month date that reads both ways (03/04/2026) is refused unless the caller says which order the files use:
 * a silent guess would move a POA&M deadline by months. Impossible dates (2026-02-30) are refused too, and so are
 * dates outside 2000-01-01 .. 2099-12-31 (@cmmc/catalog's plausible range): a year-9999 deadline would otherwise
 * load and break every later export and report.
 */
import { EARLIEST_DATE, isIsoDate, isPlausibleDate, LATEST_DATE } from '@cmmc/catalog';
import { type Cell, displayRow, type Sheet } from '../readers/sheet.js';

export type DateOrder = 'mdy' | 'dmy';

export type DateResult =
  | { ok: true; iso: string }
  | { ok: false; code: 'BAD_DATE' | 'AMBIGUOUS_DATE'; message: string };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// 1954-10-03 .. 2119-02-09: anything else in a date column is not a date serial.
const SERIAL_MIN = 20000;
const SERIAL_MAX = 80000;

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function checked(raw: string, y: number, m: number, d: number): DateResult {
  const value = iso(y, m, d);
  if (!isIsoDate(value)) {
    return { ok: false, code: 'BAD_DATE', message: `"${raw}" is not a calendar date` };
  }
  return inRange(raw, value);
}

/** A real date, kept only within the plausible range. */
function inRange(raw: string, value: string): DateResult {
  if (!isPlausibleDate(value)) {
    return {
      ok: false,
      code: 'BAD_DATE',
      message: `"${raw}" (${value}) is outside the dates accepted, ${EARLIEST_DATE} to ${LATEST_DATE}; correct the year`,
    };
  }
  return { ok: true, iso: value };
}

/** Excel's 1900 date system: serial 1 is 1900-01-01, with the phantom 1900-02-29, so day 0 is 1899-12-30. */
export function excelSerialToIso(serial: number): string {
  const ms = Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

function monthNumber(name: string): number {
  const index = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return index < 0 ? 0 : index + 1;
}

/** Parses a date written as text. */
export function parseDateText(raw: string, order?: DateOrder): DateResult {
  const s = raw.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/.exec(s);
  if (m) return checked(raw, Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(s);
  if (m) return checked(raw, Number(m[1]), Number(m[2]), Number(m[3]));
  m =
    /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?)?$/i.exec(
      s,
    );
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = m[3]?.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    if (a > 12 && b > 12) {
      return { ok: false, code: 'BAD_DATE', message: `"${raw}" is not a calendar date` };
    }
    if (a > 12) return checked(raw, y, b, a);
    if (b > 12 || a === b) return checked(raw, y, a, b);
    if (order === 'mdy') return checked(raw, y, a, b);
    if (order === 'dmy') return checked(raw, y, b, a);
    return {
      ok: false,
      code: 'AMBIGUOUS_DATE',
      message: `"${raw}" could be ${iso(y, a, b)} (month/day) or ${iso(y, b, a)} (day/month); write it as YYYY-MM-DD, or pass dateOrder 'mdy' or 'dmy' (--date-order)`,
    };
  }
  m = /^(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s,-]+(\d{4})$/.exec(s);
  if (m && monthNumber(m[2] ?? '') > 0) {
    return checked(raw, Number(m[3]), monthNumber(m[2] ?? ''), Number(m[1]));
  }
  m = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(s);
  if (m && monthNumber(m[1] ?? '') > 0) {
    return checked(raw, Number(m[3]), monthNumber(m[1] ?? ''), Number(m[2]));
  }
  m = /^(\d{5})(?:\.\d+)?$/.exec(s);
  if (m && Number(m[1]) >= SERIAL_MIN && Number(m[1]) <= SERIAL_MAX) {
    return inRange(raw, excelSerialToIso(Number(m[1])));
  }
  return {
    ok: false,
    code: 'BAD_DATE',
    message: `"${raw}" is not a date; write it as YYYY-MM-DD`,
  };
}

/**
 * Reads a cell of a date column: a real date cell, an Excel serial number, or text. Returns null for an empty cell.
 * A cell with a problem (formula without result) is the caller's to report first.
 */
export function parseDateCell(cell: Cell, order?: DateOrder): DateResult | null {
  if (cell.date) return inRange(cell.text, cell.date);
  if (cell.number !== undefined) {
    if (cell.number >= SERIAL_MIN && cell.number <= SERIAL_MAX) {
      return inRange(cell.text, excelSerialToIso(cell.number));
    }
    return {
      ok: false,
      code: 'BAD_DATE',
      message: `${cell.text} is a number, not a date serial in a plausible range`,
    };
  }
  if (cell.text === '') return null;
  return parseDateText(cell.text, order);
}

// A two-digit year only with / or -: with dots, `3.13.11` is a requirement id, not 3 December 2011 or March 13th.
const NUMERIC_DATE = /^(\d{1,2})(?:([/-])(\d{1,2})\2(?:\d{4}|\d{2})|\.(\d{1,2})\.\d{4})(?:\s|$)/;

const INLINE_VALUE = /^[^:=]{1,40}[:=]\s*(\d.*)$/;

/** The numeric date a cell holds, alone or after a label in the same cell ("Assessment Date: 06/01/2026"). */
function numericDateText(text: string): string | null {
  // Every cell of every sheet comes here: a date starts with a digit, a label with anything else.
  const first = text.charCodeAt(0);
  if (first >= 48 && first <= 57) return NUMERIC_DATE.test(text) ? text : null;
  if (text.length < 8) return null;
  let mark = -1;
  for (let i = 1, end = Math.min(text.length, 41); i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 58 || code === 61) {
      mark = i;
      break;
    }
  }
  if (mark < 0) return null;
  const value = INLINE_VALUE.exec(text)?.[1];
  return value !== undefined && NUMERIC_DATE.test(value) ? value : null;
}

/** Where a file showed which way it writes day and month. */
export interface DateOrderEvidence {
  order: DateOrder;
  /** The text that decided it, e.g. `9/15/2026`. */
  example: string;
  sheet: string | null;
  /** 1-based, as the user sees it. */
  row: number;
  /** 0-based column index. */
  column: number;
}

/** What a file's own numeric dates say about their day/month order. */
export interface DateOrderInference {
  /** The order the file proves; null when it proves nothing or contradicts itself. */
  proven: DateOrderEvidence | null;
  /** The first date in the file that reads both ways (`3/4/2026`), if any: only then does the order matter. */
  ambiguousExample: string | null;
}

/**
 * The day/month order a file itself proves, for reading its ambiguous dates: one writer fills one file, so when a
 * file writes `9/15/2026` somewhere, its `9/1/2026` is September 1st. Nothing is proven when every numeric date reads
 * both ways, or when the file contradicts itself (it writes both `9/15/2026` and `15/9/2026`): its ambiguous dates are
 * then refused, as without this.
 */
export function inferDateOrder(sheets: readonly Sheet[]): DateOrderInference {
  let mdy: DateOrderEvidence | null = null;
  let dmy: DateOrderEvidence | null = null;
  let ambiguousExample: string | null = null;
  eachNumericDate(sheets, (date) => {
    if (date.first > 12 && date.second > 12) return; // not a date at all: the cell's own parse reports it
    if (date.first <= 12 && date.second <= 12) {
      if (date.first !== date.second) ambiguousExample ??= date.where.example;
      return;
    }
    if (date.first > 12) dmy ??= { order: 'dmy', ...date.where };
    else mdy ??= { order: 'mdy', ...date.where };
  });
  return { proven: mdy && dmy ? null : (mdy ?? dmy), ambiguousExample };
}

/**
 * The day/month order under which a file's ambiguous dates include `iso` (the date in the file's name, YYYY-MM-DD):
 * "Assessment Date: 06/01/2026" in `northwind-sprs-2026-06-01.csv` is June 1st. Null when no ambiguous date reads as
 * `iso` either way, or when one reads as it only month-first and another only day-first.
 */
export function orderMatchingDate(sheets: readonly Sheet[], iso: string): DateOrderEvidence | null {
  let mdy: DateOrderEvidence | null = null;
  let dmy: DateOrderEvidence | null = null;
  eachNumericDate(sheets, ({ first, second, where }) => {
    if (first > 12 || second > 12 || first === second) return;
    const asMdy = parseDateText(where.example, 'mdy');
    const asDmy = parseDateText(where.example, 'dmy');
    if (asMdy.ok && asMdy.iso === iso) mdy ??= { order: 'mdy', ...where };
    if (asDmy.ok && asDmy.iso === iso) dmy ??= { order: 'dmy', ...where };
  });
  return mdy && dmy ? null : (mdy ?? dmy);
}

/** Every numeric date of the sheets (`9/15/2026`, alone or after a label), its first two numbers and where it is. */
function eachNumericDate(
  sheets: readonly Sheet[],
  visit: (date: { first: number; second: number; where: Omit<DateOrderEvidence, 'order'> }) => void,
): void {
  for (const sheet of sheets) {
    sheet.rows.forEach((row, index) => {
      row.forEach((cell, column) => {
        const text = numericDateText(cell.text);
        const m = text === null ? null : NUMERIC_DATE.exec(text);
        if (!m || text === null) return;
        visit({
          first: Number(m[1]),
          second: Number(m[3] ?? m[4]),
          where: { example: text, sheet: sheet.name, row: displayRow(sheet, index), column },
        });
      });
    });
  }
}
