import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The browser dies with us: `cmmc report supplier --all` is killed mid-run (SIGKILL, which it cannot catch, then
 * SIGTERM and SIGINT) and within a few seconds no Chromium process of that run may remain and its folders (profile and
 * Chromium's own TMPDIR, both in one `cmmc-*` folder) must be gone. Each run gets its own TMPDIR, so its Chromium
 * processes are the ones whose command line or environment names it. Without the watchdog Chromium does exit once
 * its DevTools pipe closes, but its folder stays behind: this test fails.
 */
const bin = new URL('../bin/cmmc.js', import.meta.url).pathname;
const demo = new URL('../../../fixtures/portfolios/demo', import.meta.url).pathname;
// Short paths: Chromium's socket under TMPDIR must fit in 107 bytes (browser-guard.ts).
const dir = mkdtempSync(join(tmpdir(), 'cmmc-kill-'));
const db = join(dir, 'demo.duckdb');

/** pids of the processes whose command line or environment mentions `marker` (other than this test's). */
function processesMentioning(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    for (const file of ['cmdline', 'environ']) {
      try {
        if (readFileSync(`/proc/${pid}/${file}`, 'latin1').includes(marker)) {
          found.push(pid);
          break;
        }
      } catch {
        // Gone, or not ours to read.
      }
    }
  }
  return found;
}

/** Polls `condition` (a throw counts as false) until it holds or `ms` have passed. */
async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const holds = () => {
    try {
      return condition();
    } catch {
      return false;
    }
  };
  for (const start = Date.now(); Date.now() - start < ms; await sleep(100)) {
    if (holds()) return true;
  }
  return holds();
}

beforeAll(() => {
  const ingest = spawnSync(process.execPath, [bin, 'ingest', demo, '--db', db], {
    encoding: 'utf8',
  });
  expect(ingest.status, ingest.stderr).toBe(0);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cmmc report', () => {
  it('leaves no Chromium, watchdog or folder behind when it finishes', async () => {
    const runTmp = join(dir, 'done');
    mkdirSync(runTmp);
    const run = spawnSync(
      process.execPath,
      [
        bin,
        'report',
        'supplier',
        '2K6G5',
        '--as-of',
        '2026-11-28',
        '--db',
        db,
        '--out',
        join(dir, 'out-done'),
      ],
      { encoding: 'utf8', env: { ...process.env, TMPDIR: runTmp } },
    );
    expect(run.status, run.stderr).toBe(0);
    // the report and the manifest a later run reuses it by (cmmc-manifest.json), nothing of the browser's
    expect(readdirSync(join(dir, 'out-done')).sort()).toEqual([
      'akesson-optique-s-l-2k6g5.pdf',
      'cmmc-manifest.json',
    ]);
    // The watchdog inherits TMPDIR, so it would show here too (it exits as soon as our pipe to it closes).
    await waitFor(() => processesMentioning(runTmp).length === 0, 2_000);
    expect(processesMentioning(runTmp)).toEqual([]);
    expect(readdirSync(runTmp)).toEqual([]);
  }, 120_000);
});

describe('cmmc report killed mid-run', () => {
  it.each(['SIGKILL', 'SIGTERM', 'SIGINT'] as const)(
    'leaves no Chromium process and no profile folder after %s',
    async (signal) => {
      const runTmp = join(dir, signal);
      const out = join(dir, `out-${signal}`);
      mkdirSync(runTmp);
      const child = spawn(
        process.execPath,
        [bin, 'report', 'supplier', '--all', '--as-of', '2026-11-28', '--concurrency', '1'].concat([
          '--db',
          db,
          '--out',
          out,
        ]),
        { env: { ...process.env, TMPDIR: runTmp }, stdio: 'ignore' },
      );
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.once('exit', (_code, received) => resolve(received)),
      );
      try {
        // Mid-run: a scorecard written, others to come, Chromium and its folder there.
        const started = await waitFor(
          () =>
            readdirSync(out, { withFileTypes: true }).some((f) => f.name.endsWith('.pdf')) &&
            processesMentioning(runTmp).length > 0,
          90_000,
        );
        expect(started).toBe(true);
        expect(readdirSync(runTmp).filter((f) => f.startsWith('cmmc-'))).toHaveLength(1);
        const browsers = processesMentioning(runTmp);

        child.kill(signal);
        expect(await exited).toBe(signal);

        const clean = await waitFor(
          () => processesMentioning(runTmp).length === 0 && readdirSync(runTmp).length === 0,
          5_000,
        );
        expect({
          clean,
          left: processesMentioning(runTmp),
          folders: readdirSync(runTmp),
          browsersBefore: browsers.length > 0,
        }).toEqual({ clean: true, left: [], folders: [], browsersBefore: true });
        expect(readdirSync(out).length).toBeLessThan(62);
      } finally {
        child.kill('SIGKILL');
        for (const pid of processesMentioning(runTmp)) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        }
      }
    },
    150_000,
  );
});
