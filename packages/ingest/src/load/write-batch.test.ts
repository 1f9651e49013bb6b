/**
 * One file fails alone, whatever makes its store write fail (issue #14): files planted in the middle of a batch
 * that (1) hold numbers out of an INTEGER column's range, (2) make the insert itself fail (a unique index the test
 * adds, standing for any constraint or cast DuckDB refuses), (3) make the parser throw. Each time the files before
 * and after it load, the run returns its report, and a failure leaves nothing of the file but its rejected_rows
 * entry (no orphan rows).
 */
import { LEVEL2_REQUIREMENTS } from '@cmmc/catalog';
import type { Store } from '@cmmc/store';
import { describe, expect, it, vi } from 'vitest';
import { ingestPaths } from '../ingest-paths.js';
import { count, withFiles } from '../test-utils.js';

vi.mock('../layouts/parse-document.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../layouts/parse-document.js')>();
  return {
    ...original,
    parseDocument: (...args: Parameters<typeof original.parseDocument>) => {
      if (args[1].file.includes('explodes')) {
        throw new RangeError('Maximum call stack size exceeded');
      }
      return original.parseDocument(...args);
    },
  };
});

const rows = (points: Record<string, string> = {}) =>
  LEVEL2_REQUIREMENTS.map((r) => `${r.nistId},Met,${points[r.nistId] ?? ''}`).join('\n');
const assessmentCsv = (company: string, date: string, points: Record<string, string> = {}) =>
  `Company,${company}\nAssessment Date,${date}\n\nRequirement,Status,Points\n${rows(points)}\n`;

/** Rows left behind by files that are not in source_files: there must be none. */
async function orphans(store: Store): Promise<number> {
  let n = 0;
  for (const table of ['assessments', 'requirement_results', 'objective_results', 'poam_items']) {
    n += await count(store, table, 'source_file_id not in (select id from source_files)');
  }
  return n;
}

describe('the batch writer', () => {
  it('rejects a number out of its INTEGER column as BAD_NUMBER and loads the rest of the file and batch', async () => {
    await withFiles(
      {
        'a.csv': assessmentCsv('Alpha Co', '2026-01-10'),
        // 3.1.1 is row 5; 99,999,999,999 does not fit an INTEGER, 2.5 is not whole.
        'b.csv': assessmentCsv('Beta Co', '2026-01-11', { '3.1.1': '99999999999', '3.1.2': '2.5' }),
        'c.csv': assessmentCsv('Gamma Co', '2026-01-12'),
      },
      async (store, dir) => {
        const report = await ingestPaths(store, [dir]);
        expect(report.stopped).toBeUndefined();
        expect(report.files.map((f) => f.status)).toEqual(['loaded', 'loaded', 'loaded']);
        const b = report.files[1];
        expect(b?.rejected.map((r) => [r.row, r.reason])).toEqual([
          [5, 'BAD_NUMBER'],
          [6, 'BAD_NUMBER'],
        ]);
        expect(b?.rejected[0]?.message).toMatch(
          /b\.csv › row 5: Points 99999999999 is outside what the column holds/,
        );
        expect(b?.rowsLoaded).toBe(110);
        expect(await count(store, 'requirement_results')).toBe(330);
        expect(await count(store, 'requirement_results', 'self_reported_points is not null')).toBe(
          0,
        );
        expect(await count(store, 'rejected_rows', "reason_code = 'BAD_NUMBER'")).toBe(2);
      },
    );
  });

  it('fails a file whose insert the database refuses, alone, and records why', async () => {
    await withFiles(
      {
        'a.csv': assessmentCsv('Alpha Co', '2026-01-10'),
        'b.csv': `${assessmentCsv('Alpha Co', '2026-01-10')}\n`,
        'c.csv': assessmentCsv('Gamma Co', '2026-01-12'),
      },
      async (store, dir) => {
        // Stands for any write DuckDB refuses mid-batch: the second assessment of Alpha Co on the same day.
        await store.run(
          'create unique index one_per_day on assessments (organization_id, assessment_date, level)',
        );
        const report = await ingestPaths(store, [dir]);
        expect(report.stopped).toBeUndefined();
        expect(report.files.map((f) => f.status)).toEqual(['loaded', 'failed', 'loaded']);
        expect(report.files[1]?.error).toMatch(
          /b\.csv: the database refused the file's rows, so none of it was loaded \(.*(?:[Dd]uplicate|constraint)/,
        );
        expect(await count(store, 'source_files')).toBe(2);
        expect(await count(store, 'requirement_results')).toBe(220);
        expect(await count(store, 'rejected_rows', "reason_code = 'LOAD_FAILED'")).toBe(1);
        expect(await orphans(store)).toBe(0);
        // Retrying changes nothing: the failure is recorded once.
        const again = await ingestPaths(store, [dir]);
        expect(again.files.map((f) => f.status)).toEqual(['unchanged', 'failed', 'unchanged']);
        expect(await count(store, 'rejected_rows')).toBe(1);
      },
    );
  });

  it('fails a file whose parser throws, alone', async () => {
    await withFiles(
      {
        'a.csv': assessmentCsv('Alpha Co', '2026-01-10'),
        'b-explodes.csv': assessmentCsv('Beta Co', '2026-01-11'),
        'c.csv': assessmentCsv('Gamma Co', '2026-01-12'),
      },
      async (store, dir) => {
        const report = await ingestPaths(store, [dir]);
        expect(report.files.map((f) => f.status)).toEqual(['loaded', 'failed', 'loaded']);
        expect(report.files[1]?.error).toMatch(
          /b-explodes\.csv: could not be loaded: Maximum call stack size exceeded/,
        );
        expect(await count(store, 'source_files')).toBe(2);
        expect(await orphans(store)).toBe(0);
      },
    );
  });
});
