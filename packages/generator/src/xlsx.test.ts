import ExcelJS from 'exceljs';
import { expect, test } from 'vitest';
import { createWorkbook, workbookBytes } from './xlsx.js';

function zipDates(zip: Buffer): number[] {
  const dates: number[] = [];
  for (let i = 0; i + 4 <= zip.length; i++) {
    if (zip.readUInt32LE(i) === 0x04034b50) dates.push(zip.readUInt32LE(i + 10));
  }
  return dates;
}

test('every zip entry gets the fixed 1980-01-01 00:00 timestamp and exceljs still opens the file', async () => {
  const workbook = createWorkbook('2026-06-30');
  workbook.addWorksheet('S').addRow(['x', 1]);
  const bytes = await workbookBytes(workbook);
  const dates = zipDates(bytes);
  expect(dates.length).toBeGreaterThan(5);
  // time 0x0000, date (0 << 9) | (1 << 5) | 1 = 0x0021, read together as one little-endian uint32
  expect(new Set(dates)).toEqual(new Set([0x0021_0000]));
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(new Uint8Array(bytes).buffer);
  expect(back.getWorksheet('S')?.getCell('A1').value).toBe('x');
  expect(back.created.toISOString()).toBe('2026-06-30T00:00:00.000Z');
});
