import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FEDRAMP_POAM_COLUMNS, type FedrampPoamColumn } from '@cmmc/catalog';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FEDRAMP_COLUMNS } from './poam-columns.js';
import { exportPoamWorkbook, FEDRAMP_OPEN_SHEET } from './poam-workbook.js';
import { AS_OF, INJECTION, openPortfolio, tableChecksums } from './test-support/portfolio.js';

async function readBack(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

const date = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

describe('exportPoamWorkbook (fedramp)', () => {
  it('writes the metadata block, the 31 columns in row 5, and the open and closed items from the database', async () => {
    const store = await openPortfolio();
    try {
      const before = await tableChecksums(store);
      const dir = mkdtempSync(join(tmpdir(), 'export-'));
      const out = join(dir, 'acme.xlsx');
      const result = await exportPoamWorkbook(store, {
        organization: '1abc2',
        template: 'fedramp',
        asOf: AS_OF,
        outPath: out,
      });
      expect(result).toEqual({ files: [out], records: 2 });
      expect(await tableChecksums(store)).toEqual(before);

      const workbook = await readBack(out);
      expect(workbook.worksheets.map((s) => s.name)).toEqual([
        'Open POA&M Items',
        'Closed POA&M Items',
      ]);
      const open = workbook.getWorksheet('Open POA&M Items');
      if (!open) throw new Error('no open sheet');
      expect([2, 3].map((r) => [1, 2, 3, 5].map((c) => open.getRow(r).getCell(c).value))).toEqual([
        ['CSP', 'System Name', 'Impact Level', 'CAGE Code'],
        ['Acme Defense, Inc.', 'Acme Enclave', 'Moderate', '1ABC2'],
      ]);
      expect(open.getCell('D3').value).toEqual(date(AS_OF));
      expect(FEDRAMP_COLUMNS.map((c) => c.header)).toEqual(FEDRAMP_POAM_COLUMNS);
      expect(FEDRAMP_POAM_COLUMNS.map((_, i) => open.getRow(5).getCell(i + 1).value)).toEqual(
        FEDRAMP_POAM_COLUMNS,
      );

      const row = open.getRow(6);
      const cell = (header: FedrampPoamColumn) =>
        row.getCell(FEDRAMP_POAM_COLUMNS.indexOf(header) + 1);
      expect(cell('POAM ID').value).toBe('V-1');
      expect(cell('Controls').value).toBe('AC.L2-3.1.3');
      expect(cell('Weakness Name').value).toBe(`'${INJECTION}`);
      expect(cell('Weakness Name').type).toBe(ExcelJS.ValueType.String);
      expect(cell('Weakness Description').value).toBe(
        'CUI flows are not controlled at the boundary',
      );
      expect(cell('Weakness Source Identifier').value).toBe('3.1.3');
      expect(cell('Point of Contact').value).toBe("'-Jane Doe");
      expect(cell('Overall Remediation Plan').value).toBe('Deploy a DLP gateway');
      expect(cell('Original Detection Date').value).toEqual(date('2026-03-01'));
      expect(cell('Scheduled Completion Date').value).toEqual(date('2026-05-01'));
      expect(cell('Scheduled Completion Date').numFmt).toBe('yyyy-mm-dd');
      expect(cell('Planned Milestones').value).toBe(
        '(1) 2026-04-01: Draft the data-flow procedure (completed 2026-04-02); (2) 2026-05-01: Deploy and verify the gateway',
      );
      expect(cell('Milestone Changes').value).toBe(
        'Scheduled completion moved from 2026-04-15 to 2026-05-01',
      );
      expect(cell('Vendor Dependency').value).toBe('No');
      expect(cell('Original Risk Rating').value).toBe('Moderate');
      expect(cell('Comments').value).toBe("'@risk accepted for now");
      expect(open.getRow(7).getCell(1).value).toBeNull();

      expect(open.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });
      expect(open.autoFilter).toBeTruthy();
      expect(open.getColumn(3).width).toBe(36);
      const rules = (
        open as unknown as {
          conditionalFormattings: { ref: string; rules: { formulae: string[] }[] }[];
        }
      ).conditionalFormattings;
      expect(rules[0]?.ref).toBe('A6:AE6');
      expect(rules[0]?.rules[0]?.formulae[0]).toBe('AND(ISNUMBER($L6),$L6<DATE(2026,6,1))');

      const closed = workbook.getWorksheet('Closed POA&M Items');
      expect(closed?.getRow(6).getCell(1).value).toBe('V-2');
      expect(closed?.getRow(6).getCell(2).value).toBe('SC.L2-3.13.11');
      expect(closed?.getRow(6).getCell(15).value).toEqual(date('2026-04-20'));
      expect(closed?.getRow(6).getCell(16).value).toBe('Yes');
    } finally {
      store.close();
    }
  });

  it('writes one workbook per supplier with items into a folder for all suppliers', async () => {
    const store = await openPortfolio();
    try {
      const dir = mkdtempSync(join(tmpdir(), 'export-'));
      const result = await exportPoamWorkbook(store, {
        template: 'fedramp',
        asOf: AS_OF,
        outPath: dir,
      });
      // Beta has no POA&M: a portfolio export names it instead of writing an empty template for it.
      expect(readdirSync(dir)).toEqual(['acme-defense-inc-1abc2-poam.xlsx']);
      expect(result).toEqual({
        files: [join(dir, 'acme-defense-inc-1abc2-poam.xlsx')],
        records: 2,
        skipped: ['Beta Systems LLC'],
      });

      // Asked for by name, a supplier with no items still gets its (empty) template.
      const beta = join(dir, 'beta.xlsx');
      const single = await exportPoamWorkbook(store, {
        organization: '9ZZ99',
        template: 'fedramp',
        asOf: AS_OF,
        outPath: beta,
      });
      expect(single).toEqual({ files: [beta], records: 0 });
      const workbook = await readBack(beta);
      expect(workbook.getWorksheet(FEDRAMP_OPEN_SHEET)?.getRow(3).getCell(1).value).toBe(
        'Beta Systems LLC',
      );

      await store.run('delete from poam_milestones');
      await store.run('delete from poam_items');
      await expect(
        exportPoamWorkbook(store, { template: 'fedramp', asOf: AS_OF, outPath: join(dir, 'none') }),
      ).rejects.toMatchObject({ code: 'NOTHING_TO_EXPORT' });
    } finally {
      store.close();
    }
  });
});

describe('exportPoamWorkbook (cmmc)', () => {
  it('writes age and days to the 180-day deadline for asOf, and shades overdue open items', async () => {
    const store = await openPortfolio();
    try {
      const out = join(mkdtempSync(join(tmpdir(), 'export-')), 'poam.xlsx');
      await exportPoamWorkbook(store, { template: 'cmmc', asOf: AS_OF, outPath: out });
      const sheet = (await readBack(out)).getWorksheet('POA&M Items');
      if (!sheet) throw new Error('no sheet');
      const headers = (sheet.getRow(1).values as unknown[]).slice(1);
      const value = (row: number, header: string) =>
        sheet.getRow(row).getCell(headers.indexOf(header) + 1).value;
      expect(value(2, 'Organization')).toBe('Acme Defense, Inc.');
      expect(value(2, 'CMMC ID')).toBe('AC.L2-3.1.3');
      expect(value(2, 'Points')).toBe(1);
      expect(value(2, 'Weakness')).toBe(`'${INJECTION}`);
      expect(value(2, 'Status')).toBe('open');
      // Age: 2026-03-01 → 2026-06-01 = 31 + 30 + 31 = 92 days.
      expect(value(2, 'Age (days)')).toBe(92);
      // Deadline: status date 2026-03-15 + 180 days = 2026-09-11; 2026-06-01 → 2026-09-11 = 29 + 31 + 31 + 11 = 102.
      expect(value(2, '180-Day Deadline')).toEqual(date('2026-09-11'));
      expect(value(2, 'Days to Deadline')).toBe(102);
      expect(value(3, 'Status')).toBe('closed');
      expect(value(3, 'Points')).toBe(5);
      expect(value(4, 'Organization')).toBeNull();
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      const rules = (
        sheet as unknown as { conditionalFormattings: { rules: { formulae: string[] }[] }[] }
      ).conditionalFormattings;
      expect(rules[0]?.rules[0]?.formulae[0]).toBe(
        'AND($N2="open",OR(AND(ISNUMBER($M2),$M2<DATE(2026,6,1)),AND(ISNUMBER($R2),$R2<0)))',
      );
    } finally {
      store.close();
    }
  });

  it('rejects an asOf that is not a date and an unknown supplier', async () => {
    const store = await openPortfolio();
    try {
      await expect(
        exportPoamWorkbook(store, { template: 'cmmc', asOf: 'today', outPath: '/tmp/x.xlsx' }),
      ).rejects.toMatchObject({ code: 'INVALID_OPTION' });
      await expect(
        exportPoamWorkbook(store, {
          organization: 'Nobody',
          template: 'cmmc',
          asOf: AS_OF,
          outPath: '/tmp/x.xlsx',
        }),
      ).rejects.toMatchObject({ code: 'ORGANIZATION_NOT_FOUND' });
    } finally {
      store.close();
    }
  });
});
