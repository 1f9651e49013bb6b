import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from './commands.js';

// Read commands open the database read-only: they run on a read-only file in a read-only folder, as a user who may
// not write there (nobody, through setpriv, when the tests run as root; root ignores file modes), and a path with
// no database behind it is an error that names it and creates nothing. End to end through the built `cmmc`.
const bin = new URL('../bin/cmmc.js', import.meta.url).pathname;
const fixtures = new URL('../../../fixtures/portfolios/small', import.meta.url).pathname;
const AS_OF = '2026-11-28';
const asRoot = process.getuid?.() === 0;
/**
 * As root, the tests switch to nobody, who must be able to read this checkout: not so in a clone under /root (mode
 * 700). Then the commands still run on the read-only file (DuckDB's read-only mode and the folder snapshot still
 * prove nothing is written), but as root, whom file modes do not stop, so the test that a write is refused is skipped.
 */
const nobodyCanRun =
  asRoot &&
  spawnSync('setpriv', [
    '--reuid=65534',
    '--regid=65534',
    '--clear-groups',
    process.execPath,
    '-e',
    `require('node:fs').accessSync(${JSON.stringify(bin)}, require('node:fs').constants.R_OK)`,
  ]).status === 0;
const deniedWrites = !asRoot || nobodyCanRun;
let dir = '';
let readOnlyDir = '';
let db = '';

function cmmc(args: string[], options: { asUser?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.CMMC_DB;
  Object.assign(env, options.env);
  // nobody's uid/gid: a user with no write permission anywhere under the test folder
  const [command, argv] =
    options.asUser && nobodyCanRun
      ? [
          'setpriv',
          ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, ...args],
        ]
      : [process.execPath, [bin, ...args]];
  const result = spawnSync(command, argv, {
    encoding: 'utf8',
    env,
    cwd: dir,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Name, size, modification time of every entry: what a writer would change. */
function snapshot(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .map((name) => {
      const s = statSync(join(folder, name));
      return `${name} ${s.size} ${s.mtimeMs}`;
    });
}

/** The read commands and the arguments each needs; every other command that takes --db is found below. */
function readInvocations(out: string): Record<string, string[][]> {
  return {
    scores: [
      ['scores', '--as-of', AS_OF],
      ['scores', '--json', '--as-of', AS_OF],
    ],
    gaps: [['gaps', '--as-of', AS_OF]],
    poam: [['poam', '--as-of', AS_OF]],
    portfolio: [['portfolio', '--as-of', AS_OF]],
    report: [['report', 'portfolio', '--format', 'html', '--out', out, '--as-of', AS_OF]],
    export: [
      ['export', 'results', '--all', '--format', 'csv', '--out', join(out, 'results.csv')],
      ['export', 'poam', '--all', '--format', 'oscal', '--out', join(out, 'oscal')],
      ['export', 'parquet', '--out', join(out, 'parquet')],
    ],
  };
}
/** Commands that write (or take no database): not read commands. */
const NOT_READERS = new Set(['ingest', 'inspect', 'schedule', 'requirements', 'generate']);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cmmc-read-only-'));
  chmodSync(dir, 0o755);
  readOnlyDir = join(dir, 'db');
  mkdirSync(readOnlyDir);
  db = join(readOnlyDir, 'portfolio.duckdb');
  const ingest = cmmc(['ingest', fixtures, '--db', db]);
  expect(ingest.status, ingest.stdout + ingest.stderr).toBe(0);
  chmodSync(db, 0o444);
  chmodSync(readOnlyDir, 0o555);
});
afterAll(() => {
  if (readOnlyDir !== '') chmodSync(readOnlyDir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

describe('read commands on a read-only database', () => {
  it('run as a user who cannot write the file or its folder, and change nothing there', () => {
    const before = snapshot(readOnlyDir);
    for (const command of COMMANDS) {
      if (NOT_READERS.has(command.name)) continue;
      // each run writes its output into a fresh folder the user owns
      const out = join(dir, `out-${command.name}`);
      mkdirSync(out, { recursive: true });
      if (asRoot) chmodSync(out, 0o777);
      const runs = readInvocations(out)[command.name] ?? [[command.name, '--as-of', AS_OF]];
      for (const args of runs) {
        const result = cmmc([...args, '--db', db], { asUser: true });
        expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
        expect(result.stderr).not.toMatch(/permission denied|read-only/i);
      }
    }
    expect(snapshot(readOnlyDir)).toEqual(before);
  });

  it.runIf(deniedWrites)(
    'really are denied writing there (the test would prove nothing otherwise)',
    () => {
      const result = cmmc(['ingest', fixtures, '--db', db], { asUser: true });
      expect(result.status).toBe(1);
      expect(result.stdout + result.stderr).toMatch(/permission denied|read-only|cannot open/i);
    },
  );

  it('print the same scores read-only as the writer would', () => {
    const scores = cmmc(['scores', '--json', '--as-of', AS_OF, '--db', db], { asUser: true });
    const rows = JSON.parse(scores.stdout) as { organizationName: string; sprsScore: unknown }[];
    expect(rows.length).toBe(5);
  });
});

describe('a database path with nothing behind it', () => {
  it('is an error naming the path and --db, and creates nothing', () => {
    const typo = join(dir, 'out', 'demo.duckbd');
    const result = cmmc(['scores', '--db', typo]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(typo);
    expect(result.stderr).toContain('--db');
    expect(result.stdout).toBe('');
    expect(existsSync(typo)).toBe(false);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('names CMMC_DB when that is where the path came from, for every read command', () => {
    const typo = join(dir, 'missing.duckdb');
    for (const [name, runs] of Object.entries(readInvocations(join(dir, 'unused')))) {
      const args = runs[0] ?? [name];
      const result = cmmc(args, { env: { CMMC_DB: typo } });
      expect(result.status, `${name}: ${result.stderr}`).toBe(1);
      expect(result.stderr, name).toContain(typo);
      expect(result.stderr, name).toContain('CMMC_DB');
    }
    expect(existsSync(typo)).toBe(false);
    expect(existsSync(join(dir, 'unused'))).toBe(false);
  });

  it('is an error for the default cmmc.duckdb too, which is not created', () => {
    const result = cmmc(['poam']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(join(dir, 'cmmc.duckdb'));
    expect(existsSync(join(dir, 'cmmc.duckdb'))).toBe(false);
  });

  it('is refused when it is a folder', () => {
    const result = cmmc(['gaps', '--db', readOnlyDir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/is not a database file/);
  });
});
