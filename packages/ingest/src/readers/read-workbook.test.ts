import { describe, expect, it } from 'vitest';
import { IngestError } from '../errors.js';
import { workbookBytes } from '../test-utils.js';
import { readWorkbook, toCell } from './read-workbook.js';

const options = { timeoutMs: 5000, maxUncompressedBytes: 10_000_000 };

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof IngestError ? error.code : String(error);
  }
}

describe('readWorkbook', () => {
  it('gives cached formula results, UTC dates, and problems for formulas without a usable result', async () => {
    const bytes = await workbookBytes((wb) => {
      const ws = wb.addWorksheet('S');
      ws.getCell('A1').value = { formula: 'IF(1=1,"Met","No")', result: 'Met' };
      ws.getCell('A2').value = { formula: 'B9*2' };
      ws.getCell('A3').value = { formula: 'X1', result: { error: '#REF!' } };
      ws.getCell('A4').value = new Date(Date.UTC(2026, 2, 15));
      ws.getCell('A4').numFmt = 'dd/mm/yyyy';
      ws.getCell('A5').value = { richText: [{ text: 'Not ' }, { text: 'Met' }] };
      ws.getCell('A6').value = 46022;
    });
    const doc = await readWorkbook(bytes, 'w.xlsx', options);
    const column = doc.sheets[0]?.rows.map((r) => r[0]);
    expect(column?.[0]).toEqual({ text: 'Met' });
    expect(column?.[1]?.problem?.code).toBe('FORMULA_NO_RESULT');
    expect(column?.[2]?.problem).toEqual({
      code: 'FORMULA_ERROR',
      message: 'formula =X1 gives #REF!',
    });
    expect(column?.[3]).toEqual({ text: '2026-03-15', date: '2026-03-15' });
    expect(column?.[4]?.text).toBe('Not Met');
    expect(column?.[5]).toEqual({ text: '46022', number: 46022 });
  });

  it('refuses old .xls, encrypted workbooks, non-zips, zip bombs and corrupt zips with their own codes', async () => {
    const ole = Buffer.alloc(1024);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    expect(await codeOf(readWorkbook(ole, 'a.xls', options))).toBe('OLD_XLS');
    const encrypted = Buffer.from(ole);
    Buffer.from('EncryptionInfo', 'utf16le').copy(encrypted, 512);
    expect(await codeOf(readWorkbook(encrypted, 'a.xlsx', options))).toBe('ENCRYPTED_WORKBOOK');
    expect(await codeOf(readWorkbook(Buffer.from('Requirement,Status\n'), 'a.xlsx', options))).toBe(
      'NOT_A_ZIP',
    );
    const good = await workbookBytes((wb) => {
      wb.addWorksheet('S').getCell('A1').value = 'x';
    });
    expect(
      await codeOf(readWorkbook(good, 'a.xlsx', { ...options, maxUncompressedBytes: 100 })),
    ).toBe('ZIP_BOMB');
    expect(await codeOf(readWorkbook(good.subarray(0, good.length / 2), 'a.xlsx', options))).toBe(
      'CORRUPT_WORKBOOK',
    );
    const flipped = Buffer.from(good);
    for (let i = 0; i < 50; i++) flipped[600 + i] = (flipped[600 + i] ?? 0) ^ 0xff;
    expect(await codeOf(readWorkbook(flipped, 'a.xlsx', options))).toMatch(
      /CORRUPT_WORKBOOK|READ_TIMEOUT/,
    );
  });

  it('maps other exceljs values', () => {
    expect(toCell(true)).toEqual({ text: 'Yes' });
    expect(toCell({ error: '#N/A' }).problem?.code).toBe('CELL_ERROR');
    expect(toCell({ text: 'link', hyperlink: 'https://x' })).toEqual({ text: 'link' });
    expect(toCell({ sharedFormula: 'A1', result: 3 })).toEqual({ text: '3', number: 3 });
  });
});
