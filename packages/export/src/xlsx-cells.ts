/**
 * Cell writing shared by every workbook export: text is neutralised against formula injection, dates become real
 * date cells (UTC midnight, `yyyy-mm-dd`), numbers stay numbers, and the header row is bold, frozen and filtered.
 */
import type { Worksheet } from 'exceljs';
import { neutralizeFormula } from './neutralize-formula.js';

/** A value for one cell: `{ date }` marks an ISO date that must become a date cell. */
export type XlsxValue = string | number | boolean | null | { date: string | null };

export const DATE_FORMAT = 'yyyy-mm-dd';

/** A JS Date at UTC midnight of an ISO date: exceljs stores it as that day's Excel serial. */
export function isoToDate(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

/** Writes one row of values at `rowNumber` (1-based). */
export function writeRow(sheet: Worksheet, rowNumber: number, values: readonly XlsxValue[]): void {
  const row = sheet.getRow(rowNumber);
  values.forEach((value, i) => {
    const cell = row.getCell(i + 1);
    if (value === null) return;
    if (typeof value === 'string') cell.value = neutralizeFormula(value);
    else if (typeof value === 'object') {
      if (value.date === null) return;
      cell.value = isoToDate(value.date);
      cell.numFmt = DATE_FORMAT;
    } else cell.value = value;
  });
  row.commit();
}

/** Header row at `rowNumber`: bold on grey, frozen below, auto-filtered down to `lastRow`, column widths set. */
export function writeHeader(
  sheet: Worksheet,
  rowNumber: number,
  headers: readonly { header: string; width: number }[],
  lastRow: number,
): void {
  writeRow(
    sheet,
    rowNumber,
    headers.map((h) => h.header),
  );
  const row = sheet.getRow(rowNumber);
  row.font = { bold: true };
  row.alignment = { vertical: 'top', wrapText: true };
  headers.forEach((h, i) => {
    sheet.getColumn(i + 1).width = h.width;
    row.getCell(i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
  });
  sheet.views = [{ state: 'frozen', ySplit: rowNumber, xSplit: 0 }];
  sheet.autoFilter = {
    from: { row: rowNumber, column: 1 },
    to: { row: Math.max(lastRow, rowNumber), column: headers.length },
  };
}

/** Excel `DATE(y,m,d)` for an ISO date, for conditional-formatting formulas that must not depend on the clock. */
export function excelDateFormula(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `DATE(${y},${m},${d})`;
}

/** Spreadsheet column letters for a 1-based index (1 → A, 31 → AE). */
export function columnLetter(index: number): string {
  let n = index;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Fill for overdue rows (Excel's "light red fill"). */
export const OVERDUE_STYLE = {
  fill: { type: 'pattern' as const, pattern: 'solid' as const, bgColor: { argb: 'FFFFC7CE' } },
  font: { color: { argb: 'FF9C0006' } },
};
