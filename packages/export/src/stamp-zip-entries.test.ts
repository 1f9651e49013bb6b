import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { stampZipEntries } from './stamp-zip-entries.js';

async function workbookBytes(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date('2026-11-28T00:00:00Z');
  workbook.modified = workbook.created;
  workbook.addWorksheet('Items').addRow(['3.1.1', 'open']);
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('stampZipEntries', () => {
  it('makes two writes of the same workbook, seconds apart, the same bytes', async () => {
    const first = await workbookBytes();
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // DOS times have a 2-second resolution
    const second = await workbookBytes();
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(false);
    const a = stampZipEntries(first, '2026-11-28');
    const b = stampZipEntries(second, '2026-11-28');
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('writes the day in DOS format and the workbook still opens', async () => {
    const stamped = stampZipEntries(await workbookBytes(), '2026-11-28');
    const view = new DataView(stamped.buffer, stamped.byteOffset);
    // (2026 - 1980) << 9 | 11 << 5 | 28
    expect(view.getUint16(12, true)).toBe((46 << 9) | (11 << 5) | 28);
    const reread = new ExcelJS.Workbook();
    await reread.xlsx.load(stamped.buffer as ArrayBuffer);
    expect(reread.getWorksheet('Items')?.getCell('A1').value).toBe('3.1.1');
  });

  it('returns anything that is not a zip unchanged', () => {
    const text = new TextEncoder().encode('not a zip at all, just text');
    expect(stampZipEntries(text, '2026-11-28')).toBe(text);
  });
});
