import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmmc } from './test-support/run-cmmc.js';

// Outputs land only where asked: `report` and `export` through the built CLI, with a symbolic link planted in --out
// pointing at a file outside it. Each must refuse the link, say so, and leave the file outside untouched.
const small = new URL('../../../fixtures/portfolios/small', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cmmc-outputs-'));
const db = join(dir, 'small.duckdb');
const victim = join(dir, 'victim.txt');

beforeAll(() => {
  expect(cmmc('ingest', small, '--db', db).status).toBe(0);
  writeFileSync(victim, 'precious');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a symbolic link planted in --out', () => {
  it('is refused by report, which writes every other supplier', () => {
    const out = join(dir, 'reports');
    mkdirSync(out);
    symlinkSync(victim, join(out, 'acme-aerospace-inc-5acme.html'));
    const run = cmmc(
      'report',
      'supplier',
      '--all',
      '--format',
      'html',
      '--as-of',
      '2026-11-28',
      '--out',
      out,
      '--db',
      db,
    );
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/acme-aerospace-inc-5acme\.html: .*is a symbolic link/);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    // The four scorecards, the planted link and the run's manifest (which records only the four).
    expect(readdirSync(out)).toHaveLength(6);
    expect(readFileSync(join(out, 'cmmc-manifest.json'), 'utf8')).not.toContain('acme-aerospace');
    expect(run.stdout).toMatch(/^4 HTML reports written to .*; 1 failed\.$/m);
  });

  it('is followed when it is --out itself: that is the path the user named', () => {
    const out = join(dir, 'portfolio');
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(out);
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(out, 'suppliers'));
    const run = cmmc(
      'report',
      'portfolio',
      '--format',
      'html',
      '--as-of',
      '2026-11-28',
      '--out',
      join(out, 'suppliers'),
      '--db',
      db,
    );
    // --out itself may be a link (the user named it); a link below it may not.
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(elsewhere).sort()).toEqual([
      'cmmc-manifest.json',
      'portfolio-2026-11-28.html',
    ]);
  });

  it('is refused by export, with the reason, and nothing is written through it', () => {
    const out = join(dir, 'exports');
    mkdirSync(out);
    symlinkSync(victim, join(out, 'acme-aerospace-inc-5acme-poam.xlsx'));
    const run = cmmc('export', 'poam', '--all', '--as-of', '2026-11-28', '--out', out, '--db', db);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `refusing to write ${join(out, 'acme-aerospace-inc-5acme-poam.xlsx')}: it is a symbolic link (to ${victim})`,
    );
    const csv = join(out, 'poam.csv');
    symlinkSync(victim, csv);
    expect(
      cmmc('export', 'poam', '--all', '--format', 'csv', '--out', csv, '--db', db).status,
    ).toBe(1);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readdirSync(out).sort()).toEqual(['acme-aerospace-inc-5acme-poam.xlsx', 'poam.csv']);
  });

  it('is refused by a scheduled run when its dated folder is a link', () => {
    const reports = join(dir, 'scheduled');
    const elsewhere = join(dir, 'scheduled-elsewhere');
    mkdirSync(reports);
    mkdirSync(elsewhere);
    // The run is dated today in UTC; yesterday and tomorrow too, in case the clock turns during the test.
    for (const offset of [-1, 0, 1]) {
      const day = new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      symlinkSync(elsewhere, join(reports, day));
    }
    const config = join(dir, 'cmmc.schedule.json');
    writeFileSync(
      config,
      JSON.stringify({
        database: db,
        timezone: 'UTC',
        jobs: [
          {
            name: 'weekly',
            cron: '0 6 * * 1',
            ingest: [],
            reports: { portfolio: true, suppliers: false, format: 'html' },
            outDir: reports,
            keep: 8,
          },
        ],
      }),
    );
    const run = cmmc('schedule', '--config', config, '--run-now', 'weekly');
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/is a symbolic link/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });
});
