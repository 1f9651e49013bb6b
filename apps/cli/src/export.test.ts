import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmmc } from './test-support/run-cmmc.js';

// `cmmc export` through the built CLI on the small fixture portfolio. The export package's own tests check every
// field; these check the command: its options, its files, and that the database is not changed.
const small = new URL('../../../fixtures/portfolios/small', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cmmc-export-'));
const db = join(dir, 'small.duckdb');

beforeAll(() => {
  expect(cmmc('ingest', small, '--db', db).status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cmmc export', () => {
  it('writes a FedRAMP POA&M workbook for one supplier by CAGE', () => {
    const out = join(dir, 'acme.xlsx');
    const run = cmmc(
      'export',
      'poam',
      '--org',
      '5ACME',
      '--format',
      'xlsx',
      '--as-of',
      '2026-11-28',
      '--out',
      out,
      '--db',
      db,
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^2 POA&M items written to .*acme\.xlsx\.$/m);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  });

  it('writes a FedRAMP workbook only for the suppliers with POA&M items and names the others', () => {
    const out = join(dir, 'fedramp-all');
    const run = cmmc('export', 'poam', '--all', '--as-of', '2026-11-28', '--out', out, '--db', db);
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(out)).toEqual(['acme-aerospace-inc-5acme-poam.xlsx']);
    expect(run.stdout).toMatch(
      /^2 POA&M items written to .*acme-aerospace-inc-5acme-poam\.xlsx\. 4 suppliers with no POA&M items got no file \(.*Globex.*\)\.$/m,
    );
  });

  it('writes OSCAL JSON and a results CSV, and Parquet tables partitioned by organization', () => {
    const oscal = join(dir, 'acme.json');
    expect(
      cmmc(
        'export',
        'poam',
        '--org',
        'Acme Aerospace Inc',
        '--format',
        'oscal',
        '--as-of',
        '2026-11-28',
        '--out',
        oscal,
        '--db',
        db,
      ).status,
    ).toBe(0);
    const document = JSON.parse(readFileSync(oscal, 'utf8')) as Record<
      string,
      { 'poam-items': unknown[] }
    >;
    expect(document['plan-of-action-and-milestones']?.['poam-items']).toHaveLength(2);
    const csv = join(dir, 'results.csv');
    expect(
      cmmc('export', 'results', '--all', '--format', 'csv', '--out', csv, '--db', db).status,
    ).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\n').length).toBeGreaterThan(5 * 17);
    const parquet = join(dir, 'parquet');
    expect(cmmc('export', 'parquet', '--out', parquet, '--db', db).status).toBe(0);
    expect(
      readdirSync(join(parquet, 'requirement_results')).some((d) =>
        d.startsWith('organization_id='),
      ),
    ).toBe(true);
  });

  it('refuses bad usage with exit 2 and an unknown supplier with exit 1', () => {
    expect(cmmc('export', 'poam', '--format', 'xlsx', '--db', db).status).toBe(2);
    expect(cmmc('export', 'poam', '--all', '--format', 'pdf', '--db', db).status).toBe(2);
    expect(cmmc('export', 'everything', '--db', db).status).toBe(2);
    const unknown = cmmc(
      'export',
      'poam',
      '--org',
      'NOPE1',
      '--out',
      join(dir, 'x.xlsx'),
      '--as-of',
      '2026-11-28',
      '--db',
      db,
    );
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('NOPE1');
    expect(existsSync(join(dir, 'x.xlsx'))).toBe(false);
  });
});
