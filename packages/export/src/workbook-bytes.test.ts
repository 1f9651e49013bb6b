import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { workbookBytes } from './workbook-bytes.js';

function itemsWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date('2026-11-28T00:00:00Z');
  workbook.modified = workbook.created;
  workbook.addWorksheet('Items').addRow(['3.1.1', 'open']);
  return workbook;
}

describe('workbookBytes', () => {
  it('gives the same bytes for the same workbook written seconds apart, where exceljs alone does not', async () => {
    const raw = async () => Buffer.from(await itemsWorkbook().xlsx.writeBuffer());
    const firstRaw = await raw();
    const first = await workbookBytes(itemsWorkbook(), '2026-11-28');
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // DOS times have a 2-second resolution
    expect(firstRaw.equals(await raw())).toBe(false);
    const second = await workbookBytes(itemsWorkbook(), '2026-11-28');
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });

  it('stamps the as-of day in DOS format and the workbook still opens', async () => {
    const bytes = await workbookBytes(itemsWorkbook(), '2026-11-28');
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    // first local header: date at offset 12 = (2026 - 1980) << 9 | 11 << 5 | 28
    expect(view.getUint16(12, true)).toBe((46 << 9) | (11 << 5) | 28);
    const reread = new ExcelJS.Workbook();
    await reread.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(reread.getWorksheet('Items')?.getCell('A1').value).toBe('3.1.1');
  });
});
