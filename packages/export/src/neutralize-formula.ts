/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a text cell that starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return may be run as a formula by Excel or LibreOffice. Supplier text (weakness names, comments) reaches
 * every xlsx and CSV we write, so each text cell goes through here. Numbers and dates are written as real number and
 * date cells and never pass through this function, so a negative score stays a number.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Returns `text` with a leading apostrophe when it starts with `=`, `+`, `-`, `@`, tab or CR (OWASP CSV-injection
 * guidance); any other text is returned unchanged. Excel hides the apostrophe and shows the text literally.
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
