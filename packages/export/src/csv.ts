import { neutralizeCsvText } from './neutralize-formula.js';

/** A CSV cell: text is neutralised and quoted as needed; numbers and booleans are written bare; null is empty. */
export type CsvValue = string | number | boolean | null;

/**
 * Quoted when it holds the delimiter, a quote or a line break (RFC 4180), and also `;` or tab: Excel and LibreOffice
 * in locales whose list separator is `;` (or a tab-separated import) split there, and a quoted field stays whole.
 */
const NEEDS_QUOTES = /[",;\t\r\n]/;

function csvCell(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = neutralizeCsvText(value);
  return NEEDS_QUOTES.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV with CRLF line ends and a header row; every text cell is neutralised against formula injection
 * at its start and after every separator a spreadsheet might split it at (`neutralizeCsvText`). */
export function formatCsv(
  header: readonly string[],
  rows: readonly (readonly CsvValue[])[],
): string {
  return [header, ...rows]
    .map((row) => row.map(csvCell).join(','))
    .join('\r\n')
    .concat('\r\n');
}
