/**
 * The reliability contract of `cmmc ingest` on the worst files (issue #14), through the built CLI in a child
 * process: the large hostile files of fixtures/scripts/large-bad-files.mjs (generated here, too large to commit) in
 * one batch between two good files each give their expected outcome, the good files load, the JSON report is
 * printed, the exit status is 1, and the whole process, reader workers included, peaks under 1 GB of RSS
 * (getrusage's maxrss, read at exit by a preloaded module: a memory contract, not a timing test). Then a full disk
 * (a small tmpfs, when the test runs as root): one line naming the database and the cause, the report of the
 * files committed before it, the database as the last committed batch left it, and a rerun after freeing space
 * completes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '@cmmc/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assessmentCsv,
  LARGE_BAD_FILES,
  writeLargeBadFiles,
} from '../../../fixtures/scripts/large-bad-files.mjs';

const bin = fileURLToPath(new URL('../bin/cmmc.js', import.meta.url));
const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const goodBefore = join(fixtures, 'portfolios/small/globex-metals/sprs-self-assessment.csv');
const ONE_GB_KB = 1024 * 1024;
let dir = '';

interface IngestJson {
  files: {
    path: string;
    status: string;
    rowsLoaded: number;
    rejected: unknown[];
    error: string | null;
  }[];
  stopped?: { code: string; message: string };
}

/** Runs `cmmc ingest` in a child and returns its status, output and peak RSS in KB (all threads). */
function ingest(args: string[]): {
  status: number | null;
  json: IngestJson;
  stderr: string;
  maxRssKb: number;
} {
  const rssFile = join(dir, `rss-${Date.now()}`);
  const preload = `data:text/javascript,${encodeURIComponent(
    `import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));`,
  )}`;
  const result = spawnSync(
    process.execPath,
    ['--import', preload, bin, 'ingest', ...args, '--json'],
    {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return {
    status: result.status,
    json: JSON.parse(result.stdout) as IngestJson,
    stderr: result.stderr,
    maxRssKb: Number(readFileSync(rssFile, 'utf8')),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cmmc-hostile-'));
  await writeLargeBadFiles(join(dir, 'worst'));
  writeFileSync(join(dir, 'good-after.csv'), assessmentCsv('Good After Inc'));
}, 180_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('cmmc ingest on the worst files', () => {
  it('gives each its outcome, loads the good files around them and stays under 1 GB RSS', () => {
    const db = join(dir, 'worst.duckdb');
    // A generous time limit: this checks memory, and 2 shared cores can take 40 s over the 200,000-row workbook.
    const run = ingest([
      goodBefore,
      join(dir, 'worst'),
      join(dir, 'good-after.csv'),
      '--db',
      db,
      '--file-timeout',
      '300',
    ]);
    expect(run.status, run.stderr).toBe(1);
    const byPath = new Map(run.json.files.map((f) => [f.path, f]));
    for (const { file, expected } of LARGE_BAD_FILES) {
      const outcome = byPath.get(join(dir, 'worst', file));
      expect(outcome?.status, `${file}: ${outcome?.error}`).toBe(expected.status);
      if (expected.status === 'failed') {
        const at = expected.at ? ` › ${expected.at}` : '';
        expect(outcome?.error).toContain(`${join(dir, 'worst', file)}${at}: `);
      } else {
        expect(outcome?.rejected).toEqual(expected.rejected ?? []);
      }
    }
    expect(byPath.get(goodBefore)?.status).toBe('loaded');
    expect(byPath.get(join(dir, 'good-after.csv'))?.status).toBe('loaded');
    expect(run.maxRssKb).toBeGreaterThan(0);
    console.info(`cmmc ingest on the worst files: peak RSS ${Math.round(run.maxRssKb / 1024)} MB`);
    expect(run.maxRssKb, `peak RSS ${Math.round(run.maxRssKb / 1024)} MB`).toBeLessThan(ONE_GB_KB);
  }, 600_000);
});

/** Mounts a tmpfs of `megabytes` at a new folder, or says why it cannot. */
function mountTmpfs(megabytes: number): { path: string } | { skip: string } {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    return { skip: 'the disk-full test mounts a small tmpfs and needs root on Linux; skipped' };
  }
  const path = join(dir, 'small-disk');
  mkdirSync(path, { recursive: true });
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', path], {
    encoding: 'utf8',
  });
  if (mount.status !== 0) return { skip: `cannot mount a tmpfs (${mount.stderr.trim()}); skipped` };
  return { path };
}

describe('cmmc ingest on a full disk', () => {
  it('stops with one line, prints the report, keeps the database and completes after space is freed', async (context) => {
    const mounted = mountTmpfs(20);
    if ('skip' in mounted) {
      console.warn(mounted.skip);
      context.skip();
      return;
    }
    try {
      const db = join(mounted.path, 'portfolio.duckdb');
      const first = ingest([join(fixtures, 'portfolios/small'), '--db', db]);
      expect(first.json.stopped).toBeUndefined();
      const suppliers = join(dir, 'suppliers');
      mkdirSync(suppliers, { recursive: true });
      for (let i = 0; i < 300; i++) {
        writeFileSync(
          join(suppliers, `s${String(i).padStart(3, '0')}.csv`),
          assessmentCsv(`Supplier ${i}`),
        );
      }
      // Leave 512 KB: enough to open the database, not to write 300 assessments.
      const { bavail, bsize } = statfsSync(mounted.path);
      writeFileSync(
        join(mounted.path, 'filler'),
        Buffer.alloc(Math.max(0, bavail * bsize - 512 * 1024)),
      );
      const full = ingest([suppliers, '--db', db]);
      expect(full.status).toBe(1);
      expect(full.stderr).toBe(
        `cmmc ingest: No space left on device while writing ${db}; free some space and run the same command again (the files listed as loaded are committed, the rest were not written)\n`,
      );
      expect(full.json.stopped?.code).toBe('DISK_FULL');
      const committed = full.json.files.filter((f) => f.status === 'loaded').length;
      expect(committed).toBeLessThan(300);
      rmSync(join(mounted.path, 'filler'));
      // The database holds exactly the first run's files and the batches reported loaded.
      const store = await openStore(db, { readOnly: true });
      try {
        const [row] = await store.all<{ n: number }>(
          "select count(*)::int as n from source_files where display_path like '%suppliers%'",
        );
        expect(row?.n).toBe(committed);
      } finally {
        store.close();
      }
      const again = ingest([suppliers, '--db', db]);
      expect(again.status, again.stderr).toBe(0);
      expect(again.json.stopped).toBeUndefined();
      expect(again.json.files.filter((f) => f.status === 'unchanged').length).toBe(committed);
      expect(again.json.files.filter((f) => f.status === 'loaded').length).toBe(300 - committed);
    } finally {
      spawnSync('umount', [mounted.path]);
    }
  }, 600_000);
});

describe('dates out of range on the command line', () => {
  it('refuse --as-of outside 2000-01-01 .. 2099-12-31 as a usage error (exit 2) before touching a database', () => {
    for (const [command, asOf] of [
      ['scores', '9999-06-01'],
      ['poam', '1999-12-31'],
      ['report', '2100-01-01'],
    ] as const) {
      const args = command === 'report' ? [command, 'portfolio'] : [command];
      const run = spawnSync(
        process.execPath,
        [bin, ...args, '--as-of', asOf, '--db', join(dir, 'never-created.duckdb')],
        { encoding: 'utf8' },
      );
      expect(run.status, run.stderr).toBe(2);
      expect(run.stderr).toContain(
        `--as-of must be a date from 2000-01-01 to 2099-12-31, got "${asOf}"`,
      );
    }
  }, 60_000);
});
