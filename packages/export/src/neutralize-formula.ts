/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a text cell that starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return may be run as a formula by Excel or LibreOffice. Supplier text (weakness names, comments) reaches
 * every xlsx and CSV we write, so each text cell goes through here. Numbers and dates are written as real number and
 * date cells and never pass through this function, so a negative score stays a number.
 *
 * The full-width forms (`＝` U+FF1D, `＋` U+FF0B, `－` U+FF0D, `＠` U+FF20) are treated as formula starts too: Excel
 * with an East Asian input method turns a typed `＝` into `=`, and an apostrophe in front of one costs a reader
 * nothing, so we would rather not bet on how each Excel build imports them.
 */
const FORMULA_START_CHARS = '=+\\-@\\t\\r\\uFF1D\\uFF0B\\uFF0D\\uFF20';
const FORMULA_START = new RegExp(`^[${FORMULA_START_CHARS}]`);

/**
 * Where a spreadsheet may start a new cell inside our text: the CSV delimiter `,`, the `;` that Excel uses as its list
 * separator in many European locales, tab, the quote, and line breaks. Excel in a `;` locale splits
 * `1,"Acme;=cmd|'/C calc'!A0"` at the `;` (a quote only counts at the start of a field), so the `=cmd…` after it
 * becomes a cell of its own: each of these separators therefore starts a possible formula.
 */
const CELL_STARTS = new RegExp(`(^|[,;\\t"\\r\\n])(?=[${FORMULA_START_CHARS}])`, 'g');

/**
 * Returns `text` with a leading apostrophe when it starts with `=`, `+`, `-`, `@`, tab, CR or a full-width
 * `＝＋－＠` (OWASP CSV-injection guidance); any other text is returned unchanged. Excel hides the apostrophe and
 * shows the text literally. For xlsx cells, which are never split.
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * `neutralizeFormula` for text that goes into a CSV: besides the start of the cell, every formula start right after a
 * `,`, `;`, tab, quote or line break gets an apostrophe, so the cell is safe however the reader splits it
 * (`Acme;=cmd` → `Acme;'=cmd`).
 */
export function neutralizeCsvText(text: string): string {
  return text.replace(CELL_STARTS, "$1'");
}
