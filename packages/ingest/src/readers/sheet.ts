/**
 * The one shape every reader produces: sheets of cells with display text, plus the typed value when the file had
 * one (a real date cell, a number) and the reason a cell cannot be trusted (a formula without a cached result).
 * Layouts only ever see this, so xlsx and CSV quirks stay in the readers.
 */

export type CellProblemCode = 'FORMULA_NO_RESULT' | 'FORMULA_ERROR' | 'CELL_ERROR';

export interface Cell {
  /** Display text, trimmed; '' for an empty cell. */
  text: string;
  /** The numeric value of a number cell. */
  number?: number;
  /** `YYYY-MM-DD` of a real date cell (exceljs gives UTC midnight). */
  date?: string;
  /** Set when the cell's value cannot be used. */
  problem?: { code: CellProblemCode; message: string };
}

export interface Sheet {
  /** Worksheet name; null for CSV. */
  name: string | null;
  /** rows[0] is row 1. */
  rows: Cell[][];
  /** CSV only: the 1-based line each record starts on (quoted fields can span lines). */
  lineNumbers?: number[];
  /** CSV only: each record's field count, to spot unquoted delimiters that shifted columns. */
  fieldCounts?: number[];
}

export interface SourceDocument {
  format: 'xlsx' | 'csv';
  sheets: Sheet[];
  /** CSV only: the text encoding detected (`utf-8`, `windows-1252`, `utf-16le`, `utf-16be`). */
  encoding?: string;
  /** xlsx only: hidden and very hidden sheets, which are not read. */
  hiddenSheets?: string[];
  /** What the reader had to tell the user about the file (bytes invalid in its encoding...), complete messages. */
  warnings?: string[];
}

/**
 * Every cell is made here, with the same four properties in the same order (absent ones undefined), so all cells
 * share one hidden class: with five shapes ({text}, {text,number}, {text,date}, {text,problem} and a frozen empty
 * cell) V8 deoptimised the layouts' hot loops on "wrong map" and TurboFan compiled them again and again.
 */
export function makeCell(
  text: string,
  number?: number,
  date?: string,
  problem?: Cell['problem'],
): Cell {
  return { text, number, date, problem };
}

/** Shared by every empty cell; not frozen, because a frozen object has a hidden class of its own. */
export const EMPTY_CELL: Cell = makeCell('');

// The cell shape settled before any code that reads cells is optimised: each field holds here, once, every kind of
// value it will hold (a small integer and a fraction, a string, an object beside undefined). Otherwise V8 widens a
// field the first time a file brings a new kind, and optimised code built for the narrower field is thrown away
// (--trace-deopt: makeCell deoptimised on "Smi" at the first fraction after whole numbers, and was compiled again).
makeCell('', 1, '', { code: 'CELL_ERROR', message: '' });
makeCell('', 0.5);

/**
 * A row of `length` cells for a reader to fill. Every row is made here so that all rows share one elements kind
 * (holey, of objects), as cells share one hidden class: an empty literal `[]` is an array of small integers to V8,
 * another hidden class, and the layouts' loops over rows deoptimised on "wrong map" when a blank row or a row from
 * the other reader first reached them.
 */
export function newRow(length: number): Cell[] {
  const row: Cell[] = new Array(Math.max(1, length));
  row[0] = EMPTY_CELL;
  row.length = length;
  return row;
}

/** The rows of a sheet, `count` of them for a reader to fill: one elements kind for every sheet, as for rows. */
export function newRows(count: number): Cell[][] {
  const rows: Cell[][] = new Array(Math.max(1, count));
  rows[0] = newRow(0);
  rows.length = count;
  return rows;
}

export function cellAt(sheet: Sheet, row: number, column: number): Cell {
  return sheet.rows[row]?.[column] ?? EMPTY_CELL;
}

/** The row number a user sees for `rows[index]`. */
export function displayRow(sheet: Sheet, index: number): number {
  return sheet.lineNumbers?.[index] ?? index + 1;
}

export function isBlankRow(row: readonly Cell[] | undefined): boolean {
  return !row || row.every((c) => c.text === '' && !c.problem);
}
