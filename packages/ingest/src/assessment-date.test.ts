/**
 * Issue 13, point 1: a missing assessment date never refuses a file. The date comes from the file, suppliers.csv,
 * `--assessment-date` or a full date in the file name, in that order, and is recorded with its source; a date that
 * arrives later dates the same assessment instead of making a second one.
 */
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LEVEL2_REQUIREMENTS } from '@cmmc/catalog';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from './ingest-paths.js';
import { dateInFileName } from './load/load-file.js';
import { count, withFiles } from './test-utils.js';

const rows = LEVEL2_REQUIREMENTS.map(
  (r) => `${r.nistId},${r.nistId === '3.1.9' ? 'Not Met' : 'Met'}`,
);
const undated = `Company,Datless Co\n\nRequirement,Status\n${rows.join('\n')}\n`;
const dated = (date: string) =>
  `Company,Dated Co\nAssessment Date,${date}\n\nRequirement,Status\n${rows.join('\n')}\n`;

async function assessments(store: Parameters<Parameters<typeof withFiles>[1]>[0]) {
  return store.all<{ id: number; date: string | null; source: string | null }>(
    `select id, strftime(assessment_date, '%Y-%m-%d') as date, date_source as source
     from assessments order by id`,
  );
}

describe('assessment date', () => {
  it('loads a file with no date anywhere: findings stored, date and source null, a warning saying how to give one', async () => {
    await withFiles({ 'supplier.csv': undated }, async (store, dir) => {
      // A modification time is never a date source: set one that would be tempting.
      await utimes(join(dir, 'supplier.csv'), new Date('2026-09-14'), new Date('2026-09-14'));
      const report = await ingestPaths(store, [dir]);
      const [file] = report.files;
      expect(file?.status).toBe('loaded');
      expect(file?.rowsLoaded).toBe(110);
      expect(file?.warnings.join('\n')).toMatch(
        /no assessment date found.*Assessment Date: YYYY-MM-DD.*suppliers\.csv.*--assessment-date YYYY-MM-DD/,
      );
      expect(await assessments(store)).toEqual([{ id: 1, date: null, source: null }]);
      expect(await count(store, 'requirement_results', "finding = 'NOT_MET'")).toBe(1);
    });
  });

  it('takes the sources in order: file, suppliers.csv, --assessment-date, file name', async () => {
    await withFiles(
      {
        'a/in-file-2026-01-01.csv': dated('2026-03-03'),
        'a/from-manifest-2026-01-01.csv': undated,
        'a/suppliers.csv':
          'name,file,assessment date\nManifest Co,from-manifest-2026-01-01.csv,2026-04-04\n',
        'b/from-option-20260101.csv': undated,
        'c/named-20260914.csv': undated,
      },
      async (store, dir) => {
        const a = await ingestPaths(store, [join(dir, 'a'), join(dir, 'b')], {
          assessmentDate: '2026-05-05',
        });
        const c = await ingestPaths(store, [join(dir, 'c')]);
        expect([...a.files, ...c.files].map((f) => f.status)).toEqual([
          'loaded',
          'loaded',
          'loaded',
          'loaded',
        ]);
        expect(
          await store.all(
            `select s.display_path.split('/')[-1] as file, strftime(a.assessment_date, '%Y-%m-%d') as date,
               a.date_source as source
             from assessments a join source_files s on s.id = a.source_file_id order by file`,
          ),
        ).toEqual([
          { file: 'from-manifest-2026-01-01.csv', date: '2026-04-04', source: 'manifest' },
          { file: 'from-option-20260101.csv', date: '2026-05-05', source: 'option' },
          { file: 'in-file-2026-01-01.csv', date: '2026-03-03', source: 'file' },
          { file: 'named-20260914.csv', date: '2026-09-14', source: 'file-name' },
        ]);
        expect(c.files[0]?.warnings.join('\n')).toContain('the date in the file name, 2026-09-14');
      },
    );
  });

  it('gives a date that arrives later to the same assessment: --assessment-date, then suppliers.csv over it', async () => {
    await withFiles({ 'supplier.csv': undated }, async (store, dir) => {
      await ingestPaths(store, [dir]);
      expect(await assessments(store)).toEqual([{ id: 1, date: null, source: null }]);

      const later = await ingestPaths(store, [dir], { assessmentDate: '2026-08-01' });
      expect(later.files.map((f) => [f.status, f.rowsLoaded])).toEqual([['loaded', 0]]);
      expect(later.files[0]?.warnings.join('\n')).toContain('2026-08-01 from --assessment-date');
      expect(await assessments(store)).toEqual([{ id: 1, date: '2026-08-01', source: 'option' }]);

      // The same option again changes nothing.
      const again = await ingestPaths(store, [dir], { assessmentDate: '2026-08-01' });
      expect(again.files.map((f) => f.status)).toEqual(['unchanged']);

      // suppliers.csv outranks the option; the file itself is still the same bytes.
      await writeFile(
        join(dir, 'suppliers.csv'),
        'name,file,assessment date\nDatless Co,supplier.csv,2026-07-15\n',
      );
      await ingestPaths(store, [dir], { assessmentDate: '2026-08-01' });
      expect(await assessments(store)).toEqual([{ id: 1, date: '2026-07-15', source: 'manifest' }]);
      expect(await count(store, 'assessments')).toBe(1);
      expect(await count(store, 'requirement_results')).toBe(110);
    });
  });

  it('a changed file with its own date replaces the undated one: still one assessment', async () => {
    await withFiles({ 'supplier.csv': undated }, async (store, dir) => {
      await ingestPaths(store, [dir]);
      await writeFile(join(dir, 'supplier.csv'), dated('2026-06-30'));
      await ingestPaths(store, [dir]);
      expect((await assessments(store)).map((a) => [a.date, a.source])).toEqual([
        ['2026-06-30', 'file'],
      ]);
    });
  });

  it('reads only full, unambiguous, real dates from file names', () => {
    expect(dateInFileName('/x/acme-2026-09-14.xlsx')).toBe('2026-09-14');
    expect(dateInFileName('acme_20260914_final.csv')).toBe('2026-09-14');
    expect(dateInFileName('acme-09-14-2026.csv')).toBeNull();
    expect(dateInFileName('acme-2026-09.csv')).toBeNull();
    expect(dateInFileName('acme-2026-02-30.csv')).toBeNull();
    expect(dateInFileName('order-120260914.csv')).toBeNull();
    expect(dateInFileName('acme-2026-01-01-to-2026-03-01.csv')).toBeNull();
    expect(dateInFileName('acme-2026-03-01-2026-03-01.csv')).toBe('2026-03-01');
  });
});
