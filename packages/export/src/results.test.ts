import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { supplierScores } from '@cmmc/analytics';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { exportResults, loadResults } from './results.js';
import { AS_OF, openPortfolio } from './test-support/portfolio.js';

describe('exportResults', () => {
  it('writes JSON with a scored summary and one row per supplier and requirement', async () => {
    const store = await openPortfolio();
    try {
      const out = join(mkdtempSync(join(tmpdir(), 'export-')), 'results.json');
      const result = await exportResults(store, { format: 'json', asOf: AS_OF, outPath: out });
      expect(result.records).toBe(220);
      const { summary, results } = JSON.parse(readFileSync(out, 'utf8'));
      // Acme: 110 − (1 for 3.1.3 + 3 for 3.13.11 with partial credit) = 106; Beta: all MET = 110.
      expect(
        summary.map((s: { cage: string; score: number; notMet: number; openPoamItems: number }) => [
          s.cage,
          s.score,
          s.notMet,
          s.openPoamItems,
        ]),
      ).toEqual([
        ['1ABC2', 106, 2, 1],
        ['9ZZ99', 110, 0, 0],
      ]);
      // No affirmation on record: each status in force needs one a year after its status date.
      expect(
        summary.map(
          (s: { cage: string; affirmationDueOn: string | null; affirmationOverdue: boolean }) => [
            s.cage,
            s.affirmationDueOn,
            s.affirmationOverdue,
          ],
        ),
      ).toEqual([
        ['1ABC2', '2027-03-15', false],
        ['9ZZ99', '2027-01-10', false],
      ]);
      // Every summary row is what `cmmc scores` says on the same day.
      const scores = await supplierScores(store, { asOf: AS_OF });
      const bySupplier = (rows: { cage: string | null; status: string; score: number | null }[]) =>
        rows.map((s) => [s.cage, s.status, s.score]).sort();
      expect(bySupplier(summary)).toEqual(bySupplier(scores));
      const row = results.find(
        (r: { cage: string; nistId: string }) => r.cage === '1ABC2' && r.nistId === '3.1.3',
      );
      expect(row).toEqual({
        organization: 'Acme Defense, Inc.',
        cage: '1ABC2',
        level: 2,
        assessmentDate: '2026-03-01',
        assessmentType: 'self',
        nistId: '3.1.3',
        cmmcId: 'AC.L2-3.1.3',
        title: 'Control CUI Flow',
        finding: 'NOT_MET',
        points: 1,
        deducted: 1,
        onPoam: true,
      });
      const encryption = results.find(
        (r: { cage: string; nistId: string }) => r.cage === '1ABC2' && r.nistId === '3.13.11',
      );
      expect([encryption.points, encryption.deducted, encryption.onPoam]).toEqual([3, 3, false]);
    } finally {
      store.close();
    }
  });

  it('writes CSV and xlsx with the same rows', async () => {
    const store = await openPortfolio();
    try {
      const dir = mkdtempSync(join(tmpdir(), 'export-'));
      await exportResults(store, {
        organization: '1ABC2',
        format: 'csv',
        asOf: AS_OF,
        outPath: join(dir, 'r.csv'),
      });
      const rows = Papa.parse<Record<string, string>>(readFileSync(join(dir, 'r.csv'), 'utf8'), {
        header: true,
        skipEmptyLines: true,
      }).data;
      expect(rows).toHaveLength(110);
      expect(rows[0]).toMatchObject({
        'NIST ID': '3.1.1',
        'CMMC ID': 'AC.L2-3.1.1',
        Finding: 'MET',
        Points: '5',
        Deducted: '0',
      });

      await exportResults(store, {
        organization: '1ABC2',
        format: 'xlsx',
        asOf: AS_OF,
        outPath: join(dir, 'r.xlsx'),
      });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(join(dir, 'r.xlsx'));
      const summary = workbook.getWorksheet('Summary');
      if (!summary) throw new Error('no Summary sheet');
      const headers = (summary.getRow(1).values as unknown[]).slice(1);
      const cell = (header: string) => summary.getRow(2).getCell(headers.indexOf(header) + 1).value;
      expect(cell('Organization')).toBe('Acme Defense, Inc.');
      expect(cell('Assessment Date')).toEqual(new Date('2026-03-01T00:00:00.000Z'));
      // The score and status columns say what `cmmc scores` says for the same as-of date.
      const [acme] = await supplierScores(store, { asOf: AS_OF, organization: '1ABC2' });
      expect([cell('Score'), cell('Assessed Score')]).toEqual([106, 106]);
      expect(cell('Status')).toBe(acme?.status);
      expect(cell('Why')).toBe(acme?.reasons.map((r) => r.message).join('; '));
      const results = workbook.getWorksheet('Results');
      expect(results?.rowCount).toBe(111);
      expect(results?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    } finally {
      store.close();
    }
  });

  it('summarises the assessment statuses are decided from on asOf, not one dated after it', async () => {
    const store = await openPortfolio();
    try {
      await store.run(`insert into assessments (id, organization_id, source_file_id, level, assessment_type,
          assessment_date) values (3, 2, 2, 2, 'self', '2026-09-01')`);
      const { summary, results } = await loadResults(store, AS_OF, '9ZZ99');
      expect(summary.map((s) => [s.assessmentDate, s.score, s.requirements])).toEqual([
        ['2026-01-10', 110, 110],
      ]);
      // the later assessment's rows are still exported: it is in the database, just not decided on yet
      expect(new Set(results.map((r) => r.assessmentDate))).toEqual(
        new Set(['2026-01-10', '2026-09-01']),
      );
    } finally {
      store.close();
    }
  });
});
