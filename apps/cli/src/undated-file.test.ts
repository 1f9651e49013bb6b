/**
 * Issue 13, point 1, end to end: a supplier file with no assessment date anywhere (the foreign questionnaire
 * fixtures/foreign/Supplier_Cyber_Questionnaire_Northwind_Electronics.xlsx: no date in its cells, none in its name)
 * loads through the built `cmmc`: exit status 0, a warning saying how to give a date, every finding stored, and the
 * score the findings give; `cmmc scores` gives that score, NO_STATUS and the reason ASSESSMENT_DATE_UNKNOWN at any
 * --as-of. A date given later (--assessment-date) dates the same assessment.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@cmmc/store';
import { afterAll, describe, expect, it } from 'vitest';

const bin = new URL('../bin/cmmc.js', import.meta.url).pathname;
const file = new URL(
  '../../../fixtures/foreign/Supplier_Cyber_Questionnaire_Northwind_Electronics.xlsx',
  import.meta.url,
).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cmmc-undated-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cmmc(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function stored(db: string) {
  const store = await openStore(db);
  try {
    const assessments = await store.all<{ id: number; date: string | null; source: string | null }>(
      'select id, assessment_date::varchar as date, date_source as source from assessments',
    );
    // 110 − (3.1.14 1 + 3.3.3 1 + 3.4.3 1 + 3.5.10 5 + 3.8.1 3 + 3.8.6 1 + 3.9.2 5 + 3.13.6 5 + 3.13.11 5
    //        + 3.14.2 5) = 110 − 32 = 78 (DoD Assessment Methodology weights; 3.13.11 "No" with no partial credit).
    const [score] = await store.all<{ score: number }>(
      `select 110 - sum(deduction)::int as score from effective_findings where finding <> 'MET'
         and finding <> 'NOT_APPLICABLE'`,
    );
    return { assessments, score: score?.score };
  } finally {
    store.close();
  }
}

describe('a file with no assessment date', { timeout: 60_000 }, () => {
  it('loads with exit status 0 and a warning; the findings give the score; a later date dates it', async () => {
    const db = join(dir, 'undated.duckdb');
    const run = cmmc('ingest', file, '--db', db);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Files: 1 loaded/);
    expect(run.stdout).toMatch(/no assessment date found: .*--assessment-date YYYY-MM-DD/);
    expect(await stored(db)).toEqual({
      assessments: [{ id: 1, date: null, source: null }],
      score: 78,
    });
    // Analytics (issue 15): the score, no status, the reason; --as-of never hides an undated assessment.
    for (const asOf of ['2020-01-01', '2026-11-28']) {
      const scores = cmmc('scores', '--db', db, '--as-of', asOf, '--json');
      expect(scores.status, scores.stderr).toBe(0);
      const rows = JSON.parse(scores.stdout) as {
        organizationName: string;
        score: number | null;
        status: string;
        reasons: { code: string; message: string }[];
        assessmentDate: string | null;
      }[];
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        organizationName: 'Northwind Electronics Corp.',
        score: 78,
        status: 'NO_STATUS',
        assessmentDate: null,
      });
      expect(rows[0]?.reasons.map((r) => r.code)).toContain('ASSESSMENT_DATE_UNKNOWN');
      expect(rows[0]?.reasons.find((r) => r.code === 'ASSESSMENT_DATE_UNKNOWN')?.message).toBe(
        'no assessment date: give one in the file, suppliers.csv or --assessment-date',
      );
    }

    const later = cmmc('ingest', file, '--db', db, '--assessment-date', '2026-11-02');
    expect(later.status, later.stderr).toBe(0);
    expect(later.stdout).toContain('now has the date 2026-11-02 from --assessment-date');
    expect((await stored(db)).assessments).toEqual([
      { id: 1, date: '2026-11-02', source: 'option' },
    ]);
  });

  it('refuses an --assessment-date that is not a day', () => {
    const run = cmmc(
      'ingest',
      file,
      '--db',
      join(dir, 'x.duckdb'),
      '--assessment-date',
      '2026-02-30',
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--assessment-date must be a day written YYYY-MM-DD');
  });
});
