import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// --json on export and schedule --run-now, `--out -` (the export on standard output, every message on standard
// error) and `ingest -` (the file list on standard input), end to end through the built `cmmc`.
const bin = new URL('../bin/cmmc.js', import.meta.url).pathname;
const small = new URL('../../../fixtures/portfolios/small', import.meta.url).pathname;
const AS_OF = '2026-11-28';
let dir = '';
let db = '';

function cmmc(args: string[], input?: string | Buffer) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CMMC_DB: '' },
    cwd: dir,
    maxBuffer: 64 * 1024 * 1024,
    ...(input === undefined ? {} : { input }),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The small portfolio's assessment files, as `find` would list them; not suppliers.csv, and not Initech's file,
 * which states no assessment date of its own (it takes it from suppliers.csv when its folder is ingested).
 */
function smallPortfolioFiles(): string[] {
  return readdirSync(small, { recursive: true, withFileTypes: true })
    .filter(
      (e) =>
        e.isFile() &&
        /\.(xlsx|csv)$/.test(e.name) &&
        e.name !== 'suppliers.csv' &&
        !e.parentPath.endsWith('initech-electronics'),
    )
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cmmc-machine-readable-'));
  db = join(dir, 'portfolio.duckdb');
  const ingest = cmmc(['ingest', small, '--db', db]);
  expect(ingest.status, ingest.stdout + ingest.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cmmc export --json', () => {
  it('prints what it wrote: kind, format, files, records', () => {
    const out = join(dir, 'results.csv');
    const run = cmmc([
      'export',
      'results',
      '--all',
      '--format',
      'csv',
      '--out',
      out,
      '--as-of',
      AS_OF,
      '--db',
      db,
      '--json',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as Record<string, unknown>;
    const rows = readFileSync(out, 'utf8').trimEnd().split('\n').length - 1;
    expect(printed).toEqual({
      kind: 'results',
      format: 'csv',
      organization: 'all',
      asOf: AS_OF,
      records: rows,
      files: [out],
      skipped: [],
    });
  });

  it('lists one file per supplier for a FedRAMP export of several, and the Parquet tables', () => {
    const poam = cmmc([
      'export',
      'poam',
      '--all',
      '--out',
      join(dir, 'fedramp'),
      '--as-of',
      AS_OF,
      '--db',
      db,
      '--json',
    ]);
    expect(poam.status, poam.stderr).toBe(0);
    const printed = JSON.parse(poam.stdout) as {
      template: string;
      files: string[];
      skipped: string[];
    };
    expect(printed.template).toBe('fedramp');
    expect(printed.files.length + printed.skipped.length).toBe(5);
    for (const file of printed.files) expect(existsSync(file), file).toBe(true);

    const parquet = cmmc([
      'export',
      'parquet',
      '--out',
      join(dir, 'warehouse'),
      '--db',
      db,
      '--json',
    ]);
    expect(parquet.status, parquet.stderr).toBe(0);
    const tables = JSON.parse(parquet.stdout) as {
      kind: string;
      out: string;
      tables: { table: string; path: string }[];
    };
    expect(tables.kind).toBe('parquet');
    expect(tables.tables.map((t) => t.table)).toContain('poam_items');
    for (const t of tables.tables) expect(existsSync(join(tables.out, t.path)), t.path).toBe(true);
  });
});

describe('cmmc export --out -', () => {
  it('writes the export to standard output, byte for byte the file it would write, and its message to standard error', () => {
    const file = join(dir, 'poam.csv');
    expect(
      cmmc([
        'export',
        'poam',
        '--all',
        '--format',
        'csv',
        '--out',
        file,
        '--as-of',
        AS_OF,
        '--db',
        db,
      ]).status,
    ).toBe(0);
    const piped = cmmc([
      'export',
      'poam',
      '--all',
      '--format',
      'csv',
      '--out',
      '-',
      '--as-of',
      AS_OF,
      '--db',
      db,
    ]);
    expect(piped.status, piped.stderr).toBe(0);
    expect(piped.stdout).toBe(readFileSync(file, 'utf8'));
    expect(piped.stderr).toMatch(/POA&M items written to standard output/);
    expect(existsSync(join(dir, '-'))).toBe(false);
  });

  it('writes a workbook to standard output too (binary, a zip)', () => {
    const result = spawnSync(
      process.execPath,
      [bin, 'export', 'results', '--all', '--out', '-', '--as-of', AS_OF, '--db', db],
      {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1' },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    expect(result.status, String(result.stderr)).toBe(0);
    expect(result.stdout.subarray(0, 4)).toEqual(Buffer.from('PK\u0003\u0004', 'latin1'));
    expect(existsSync(join(dir, '-'))).toBe(false);
  });

  it('refuses an export of several files, parquet, and --json beside it, writing nothing', () => {
    // a generated portfolio in which several suppliers have POA&M items: one FedRAMP workbook each
    const generated = join(dir, 'generated');
    expect(
      cmmc([
        'generate',
        '--suppliers',
        '8',
        '--seed',
        'stdout',
        '--as-of',
        AS_OF,
        '--out',
        generated,
      ]).status,
    ).toBe(0);
    const several = join(dir, 'several.duckdb');
    cmmc(['ingest', generated, '--db', several]);
    const listed = cmmc([
      'export',
      'poam',
      '--all',
      '--out',
      join(dir, 'several'),
      '--as-of',
      AS_OF,
      '--db',
      several,
      '--json',
    ]);
    expect((JSON.parse(listed.stdout) as { files: string[] }).files.length).toBeGreaterThan(1);
    const refused = cmmc([
      'export',
      'poam',
      '--all',
      '--out',
      '-',
      '--as-of',
      AS_OF,
      '--db',
      several,
    ]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/--out - writes one file .*one per supplier/);
    const parquet = cmmc(['export', 'parquet', '--out', '-', '--db', db]);
    expect(parquet.status).toBe(2);
    const both = cmmc(['export', 'results', '--all', '--out', '-', '--json', '--db', db]);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/both write to standard output/);
    expect(existsSync(join(dir, '-'))).toBe(false);
  });
});

describe('cmmc ingest -', () => {
  it('reads the list of files from standard input, one a line', () => {
    const files = smallPortfolioFiles();
    expect(files.length).toBeGreaterThan(1);
    const fresh = join(dir, 'from-stdin.duckdb');
    const run = cmmc(['ingest', '-', '--db', fresh, '--json'], `${files.join('\n')}\n\n`);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { files: { path: string; status: string }[] };
    expect(report.files.map((f) => f.path).sort()).toEqual(files);
    expect(report.files.every((f) => f.status === 'loaded')).toBe(true);
  });

  it('reads NUL-separated names (find -print0) and mixes them with paths given as arguments', () => {
    const [first, ...rest] = smallPortfolioFiles();
    const fresh = join(dir, 'print0.duckdb');
    const run = cmmc(['ingest', first ?? '', '-', '--db', fresh, '--json'], `${rest.join('\0')}\0`);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { files: { path: string }[] };
    expect(report.files.map((f) => f.path).sort()).toEqual([first, ...rest].sort());
  });

  it('is a usage error when standard input lists nothing', () => {
    const run = cmmc(['ingest', '-', '--db', join(dir, 'empty.duckdb')], '\n');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/standard input named no file/);
    expect(existsSync(join(dir, 'empty.duckdb'))).toBe(false);
  });
});

describe('cmmc schedule --run-now --json', () => {
  it('prints the run with what it ingested and the reports it wrote', () => {
    const config = join(dir, 'cmmc.schedule.json');
    writeFileSync(
      config,
      JSON.stringify({
        database: 'scheduled.duckdb',
        timezone: 'UTC',
        jobs: [
          {
            name: 'weekly',
            cron: '0 6 * * 1',
            ingest: [small],
            reports: { portfolio: true, suppliers: true, format: 'html' },
            outDir: 'reports',
            keep: 2,
          },
        ],
      }),
    );
    const run = cmmc(['schedule', '--config', config, '--run-now', 'weekly', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as {
      job: string;
      status: string;
      asOf: string;
      ingest: { loaded: number; failed: number; files: unknown[] };
      reports: { written: string[]; failed: unknown[] };
    };
    expect(printed).toMatchObject({ job: 'weekly', status: 'succeeded' });
    expect(printed.ingest.loaded).toBe(printed.ingest.files.length);
    expect(printed.ingest.failed).toBe(0);
    expect(printed.reports.written).toHaveLength(6);
    expect(printed.reports.failed).toEqual([]);
    for (const path of printed.reports.written) expect(existsSync(path), path).toBe(true);
    // the log lines went to standard error, not into the JSON
    expect(run.stderr).toMatch(/start: weekly/);

    const refused = cmmc(['schedule', '--config', config, '--json']);
    expect(refused.status).toBe(2);
  }, 120_000);
});
