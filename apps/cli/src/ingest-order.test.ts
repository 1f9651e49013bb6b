import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmmc } from './test-support/run-cmmc.js';

// Issue 15, point 3: a POA&M belongs to an assessment by date (the POA&M's own date), decided when analytics runs, so
// loading the same files in another order, or asking about an earlier day, gives the same answers. Closeout through a
// marked closeout assessment (point 2) and eligibility (point 6) run through the real ingest path here too.
let dir = '';
let files = '';

const LEVEL2 = [
  ...['3.1.1', '3.1.2', '3.1.3', '3.1.4', '3.1.5', '3.1.6', '3.1.7', '3.1.8', '3.1.9', '3.1.10'],
  ...['3.1.11', '3.1.12', '3.1.13', '3.1.14', '3.1.15', '3.1.16', '3.1.17', '3.1.18', '3.1.19'],
  ...['3.1.20', '3.1.21', '3.1.22', '3.2.1', '3.2.2', '3.2.3', '3.3.1', '3.3.2', '3.3.3', '3.3.4'],
  ...['3.3.5', '3.3.6', '3.3.7', '3.3.8', '3.3.9', '3.4.1', '3.4.2', '3.4.3', '3.4.4', '3.4.5'],
  ...['3.4.6', '3.4.7', '3.4.8', '3.4.9', '3.5.1', '3.5.2', '3.5.3', '3.5.4', '3.5.5', '3.5.6'],
  ...['3.5.7', '3.5.8', '3.5.9', '3.5.10', '3.5.11', '3.6.1', '3.6.2', '3.6.3', '3.7.1', '3.7.2'],
  ...['3.7.3', '3.7.4', '3.7.5', '3.7.6', '3.8.1', '3.8.2', '3.8.3', '3.8.4', '3.8.5', '3.8.6'],
  ...['3.8.7', '3.8.8', '3.8.9', '3.9.1', '3.9.2', '3.10.1', '3.10.2', '3.10.3', '3.10.4'],
  ...['3.10.5', '3.10.6', '3.11.1', '3.11.2', '3.11.3', '3.12.1', '3.12.2', '3.12.3', '3.12.4'],
  ...['3.13.1', '3.13.2', '3.13.3', '3.13.4', '3.13.5', '3.13.6', '3.13.7', '3.13.8', '3.13.9'],
  ...['3.13.10', '3.13.11', '3.13.12', '3.13.13', '3.13.14', '3.13.15', '3.13.16', '3.14.1'],
  ...['3.14.2', '3.14.3', '3.14.4', '3.14.5', '3.14.6', '3.14.7'],
];

function assessment(meta: Record<string, string>, notMet: string[], only?: string[]): string {
  const lines = Object.entries(meta).map(([k, v]) => `${k},${v}`);
  const rows = (only ?? LEVEL2).map((id) => `${id},${notMet.includes(id) ? 'Not Met' : 'Met'}`);
  return `${lines.join('\n')}\n\nRequirement,Status\n${rows.join('\n')}\n`;
}

function poam(meta: Record<string, string>, items: string[]): string {
  const lines = Object.entries(meta).map(([k, v]) => `${k},${v}`);
  const rows = items.map((id) => `${id},Gap in ${id},Fix it,2026-06-01,Open`);
  return `${lines.join('\n')}\n\nRequirement,Weakness,Remediation Plan,Scheduled Completion,Status\n${rows.join('\n')}\n`;
}

const FILES: Record<string, string> = {
  // Acme: Conditional Level 2 (C3PAO) on 2026-01-10 (3.1.3, 1 point, on the POA&M dated 2026-01-15); a new C3PAO
  // assessment on 2026-09-01 finds 3.1.4 NOT MET with no POA&M of its own
  'acme-poam.csv': poam({ Supplier: 'Acme Inc', CAGE: '1ABC2', 'POAM Date': '2026-01-15' }, [
    '3.1.3',
  ]),
  'acme-2026-01.csv': assessment(
    {
      Company: 'Acme Inc',
      CAGE: '1ABC2',
      'Assessment Date': '2026-01-10',
      'Assessment Type': 'C3PAO',
    },
    ['3.1.3'],
  ),
  'acme-2026-09.csv': assessment(
    {
      Company: 'Acme Inc',
      CAGE: '1ABC2',
      'Assessment Date': '2026-09-01',
      'Assessment Type': 'C3PAO',
    },
    ['3.1.4'],
  ),
  // Gamma: Conditional Level 2 (C3PAO) on 2026-02-01 (3.1.3 on the POA&M), closed out by a C3PAO closeout
  // assessment on 2026-05-01 that lists only 3.1.3, now MET
  'gamma-poam.csv': poam({ Supplier: 'Gamma LLC', CAGE: '3GHI4', 'POAM Date': '2026-02-01' }, [
    '3.1.3',
  ]),
  'gamma-2026-02.csv': assessment(
    {
      Company: 'Gamma LLC',
      CAGE: '3GHI4',
      'Assessment Date': '2026-02-01',
      'Assessment Type': 'C3PAO',
    },
    ['3.1.3'],
  ),
  'gamma-closeout.csv': assessment(
    {
      Company: 'Gamma LLC',
      CAGE: '3GHI4',
      'Assessment Date': '2026-05-01',
      'Assessment Type': 'C3PAO',
      'Assessment Purpose': 'POA&M Closeout',
    },
    [],
    ['3.1.3'],
  ),
  // Beta: a Final Level 2 (Self) only
  'beta.csv': assessment(
    {
      Company: 'Beta Corp',
      CAGE: '2DEF3',
      'Assessment Date': '2026-02-01',
      'Assessment Type': 'Self',
    },
    [],
  ),
};

/** Row ids are numbered in load order; everything else must not depend on it. */
function withoutRowIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRowIds);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k, v]) => !((k === 'id' || k.endsWith('Id')) && typeof v === 'number'))
        .map(([k, v]) => [k, withoutRowIds(v)]),
    );
  }
  return value;
}

function answers(db: string, asOf: string): string {
  return ['scores', 'poam', 'gaps', 'eligibility']
    .map((command) => {
      const run = cmmc(command, '--db', db, '--as-of', asOf, '--json');
      expect(run.status, `${command}: ${run.stderr}`).toBe(0);
      return JSON.stringify(withoutRowIds(JSON.parse(run.stdout)), null, 2);
    })
    .join('\n');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cmmc-order-'));
  files = join(dir, 'suppliers');
  mkdirSync(files);
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(files, name), text);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('ingest order and as-of day never change an answer', () => {
  it('loads the POA&M before or after its assessments with the same scores, poam, gaps and eligibility', () => {
    const names = Object.keys(FILES);
    const dbs = [names, [...names].reverse()].map((order, i) => {
      const db = join(dir, `order-${i}.duckdb`);
      for (const name of order) {
        const run = cmmc('ingest', join(files, name), '--db', db);
        expect(run.status, run.stdout + run.stderr).toBe(0);
      }
      return db;
    });
    for (const asOf of ['2026-03-01', '2026-06-01', '2026-11-28']) {
      expect(answers(dbs[1] as string, asOf)).toBe(answers(dbs[0] as string, asOf));
    }

    const scores = (asOf: string) =>
      JSON.parse(cmmc('scores', '--db', dbs[1] as string, '--as-of', asOf, '--json').stdout) as {
        organizationName: string;
        statusKind: string;
        status: string;
        statusLabel: string | null;
        score: number | null;
        closeoutDeadline: string | null;
        closedOutOn: string | null;
        statusDate: string;
        reasons: { code: string }[];
      }[];
    const acme = (asOf: string) => scores(asOf).find((s) => s.organizationName === 'Acme Inc');
    // as of 2026-03-01: 110 - 1 = 109, 3.1.3 on the POA&M dated 2026-01-15, which belongs to the January assessment;
    // deadline 2026-01-10 + 180 days = 2026-07-09
    expect(acme('2026-03-01')).toMatchObject({
      status: 'CONDITIONAL',
      statusLabel: 'Conditional Level 2 (C3PAO)',
      score: 109,
      closeoutDeadline: '2026-07-09',
    });
    // as of 2026-11-28 the September assessment decides: 3.1.4 has no POA&M item (the January POA&M is not its)
    expect(acme('2026-11-28')?.status).toBe('NO_STATUS');
    expect(acme('2026-11-28')?.reasons.map((r) => r.code)).toEqual(['NOT_ON_POAM']);
    // Gamma: the closeout assessment of 2026-05-01 (day 89) makes it Final, 110, dated from the Conditional date
    expect(scores('2026-06-01').find((s) => s.organizationName === 'Gamma LLC')).toMatchObject({
      status: 'FINAL',
      statusLabel: 'Final Level 2 (C3PAO)',
      score: 110,
      statusDate: '2026-02-01',
      closedOutOn: '2026-05-01',
      closeoutDeadline: null,
    });
  }, 600_000);

  it('cmmc eligibility lists every supplier, exits 0, and names the requirement it judged against', () => {
    const db = join(dir, 'eligibility.duckdb');
    expect(cmmc('ingest', files, '--db', db).status).toBe(0);
    const run = cmmc(
      'eligibility',
      '--db',
      db,
      '--requires',
      'L2-c3pao',
      '--as-of',
      '2026-06-01',
      '--json',
    );
    expect(run.status).toBe(0);
    const rows = JSON.parse(run.stdout) as {
      organizationName: string;
      required: string;
      eligible: boolean;
      statusLabel: string | null;
      reasons: { code: string }[];
    }[];
    expect(rows.map((r) => [r.organizationName, r.required, r.eligible, r.statusLabel])).toEqual([
      ['Acme Inc', 'L2-c3pao', true, 'Conditional Level 2 (C3PAO)'],
      ['Beta Corp', 'L2-c3pao', false, null],
      ['Gamma LLC', 'L2-c3pao', true, 'Final Level 2 (C3PAO)'],
    ]);
    expect(rows[1]?.reasons.map((r) => r.code)).toEqual(['NO_STATUS_OF_KIND']);
    // without --requires and without suppliers.csv: judged against L2-self, which the output names
    const plain = cmmc('eligibility', '--db', db, '--as-of', '2026-06-01');
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain('judged against L2-self');
    const bad = cmmc('eligibility', '--db', db, '--requires', 'L4');
    expect(bad.status).toBe(2);
  }, 120_000);
});
