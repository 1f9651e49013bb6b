import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `cmmc schedule --run-now` through the built CLI: the real ingest and the real renderer, as cron would run them.
const bin = new URL('../bin/cmmc.js', import.meta.url).pathname;
const small = new URL('../../../fixtures/portfolios/small', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cmmc-schedule-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cmmc schedule --run-now', () => {
  it('ingests the drop folder and renders the reports into a dated folder, logging the run', () => {
    const config = join(dir, 'cmmc.schedule.json');
    writeFileSync(
      config,
      JSON.stringify({
        database: 'portfolio.duckdb',
        timezone: 'UTC',
        logFile: 'logs/schedule.log',
        jobs: [{ name: 'weekly', cron: '0 6 * * 1', ingest: [small], outDir: 'reports', keep: 2 }],
      }),
    );
    const run = spawnSync(
      process.execPath,
      [bin, 'schedule', '--config', config, '--run-now', 'weekly'],
      {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^weekly: succeeded: ingest: \d+ loaded, 0 unchanged, 0 failed, 0 rows rejected; 6 reports in /m,
    );
    const [dated] = readdirSync(join(dir, 'reports'));
    expect(dated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(readdirSync(join(dir, 'reports', dated ?? ''))).toContain(`portfolio-${dated}.pdf`);
    expect(readdirSync(join(dir, 'reports', dated ?? '', 'suppliers'))).toHaveLength(5);
    const log = readFileSync(join(dir, 'logs/schedule.log'), 'utf8').trim().split('\n');
    expect(JSON.parse(log.at(-1) ?? '{}')).toMatchObject({
      job: 'weekly',
      status: 'succeeded',
      asOf: dated,
    });

    const unknown = spawnSync(
      process.execPath,
      [bin, 'schedule', '--config', config, '--run-now', 'daily'],
      {
        encoding: 'utf8',
      },
    );
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no job named "daily"');
  }, 120_000);
});

/**
 * The weekly re-run that costs what changed: a second run with nothing new keeps every report, and a changed
 * supplier file renders exactly that supplier's scorecard and the portfolio report (whose inputs include it).
 */
describe('cmmc schedule --run-now keeps what did not change', () => {
  const work = mkdtempSync(join(tmpdir(), 'cmmc-schedule-reuse-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const drop = join(work, 'drop');
  cpSync(small, drop, { recursive: true });
  const config = join(work, 'cmmc.schedule.json');
  writeFileSync(
    config,
    JSON.stringify({
      database: 'portfolio.duckdb',
      timezone: 'UTC',
      logFile: 'schedule.log',
      jobs: [{ name: 'weekly', cron: '0 6 * * 1', ingest: ['drop'], outDir: 'reports', keep: 2 }],
    }),
  );
  function runNow(...extra: string[]) {
    const run = spawnSync(
      process.execPath,
      [bin, 'schedule', '--config', config, '--run-now', 'weekly', '--json', ...extra],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const log = readFileSync(join(work, 'schedule.log'), 'utf8').trim().split('\n');
    return { json: JSON.parse(run.stdout), logged: JSON.parse(log.at(-1) ?? '{}') };
  }
  const inodes = (paths: string[]) => paths.map((p) => statSync(p).ino);

  it('renders everything, then keeps everything, then renders only what changed; --force renders all', () => {
    const first = runNow();
    expect(first.logged.reports).toEqual({ rendered: 6, kept: 0, failed: 0 });
    expect(first.json.reports.renderReasons).toEqual({ 'no-previous-run': 6 });
    const written: string[] = first.json.reports.written;
    expect(written).toHaveLength(6);
    const before = inodes(written);

    const second = runNow();
    expect(second.logged.reports).toEqual({ rendered: 0, kept: 6, failed: 0 });
    expect(second.logged.detail).toMatch(/6 reports in .* \(0 rendered, 6 kept\)$/);
    expect(second.json.reports.written).toEqual(written);
    expect(inodes(written)).toEqual(before);

    // Globex now reports 3.1.1 NOT MET.
    const globex = join(drop, 'globex-metals', 'sprs-self-assessment.csv');
    writeFileSync(globex, readFileSync(globex, 'utf8').replace(/^3\.1\.1,MET$/m, '3.1.1,NOT MET'));
    const third = runNow();
    expect(third.json.ingest).toMatchObject({ loaded: 1, unchanged: 5 });
    expect(third.logged.reports).toEqual({ rendered: 2, kept: 4, failed: 0 });
    expect(third.json.reports.renderReasons).toEqual({ changed: 2 });
    const renderedNow: string[] = third.json.reports.rendered;
    expect(renderedNow.map((p) => basename(p)).sort()).toEqual([
      'globex-metals-6glbx.pdf',
      basename(written[0] ?? ''),
    ]);
    expect(basename(written[0] ?? '')).toMatch(/^portfolio-/);
    // The kept ones are the very files the first run wrote.
    const kept: string[] = third.json.reports.kept;
    expect(kept).toHaveLength(4);
    for (const p of kept) expect(statSync(p).ino).toBe(before[written.indexOf(p)]);

    const forced = runNow('--force');
    expect(forced.logged.reports).toEqual({ rendered: 6, kept: 0, failed: 0 });
    expect(forced.json.reports.renderReasons).toEqual({ forced: 6 });
  }, 300_000);
});

describe('cmmc report supplier --all --reuse-from', () => {
  const work = mkdtempSync(join(tmpdir(), 'cmmc-report-reuse-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const cmmc = (...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: work });

  it('hard-links the unchanged reports of an earlier folder into the new one', () => {
    expect(cmmc('ingest', small, '--db', 'p.duckdb').status).toBe(0);
    const render = (out: string, ...extra: string[]) =>
      cmmc(
        'report',
        'supplier',
        '--all',
        '--db',
        'p.duckdb',
        '--as-of',
        '2026-11-23',
        '--format',
        'html',
        '--out',
        out,
        ...extra,
      );
    expect(render('week-1').status).toBe(0);
    const again = render('week-2', '--reuse-from', 'week-1');
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('(0 rendered, 5 kept from');
    for (const name of readdirSync(join(work, 'week-1')).filter((n) => n.endsWith('.html'))) {
      expect(statSync(join(work, 'week-2', name)).ino).toBe(
        statSync(join(work, 'week-1', name)).ino,
      );
    }
    const a4 = render('week-3', '--reuse-from', 'week-2', '--paper', 'a4');
    expect(a4.stdout).toContain('(5 rendered, 0 kept from');
    const nothing = render('week-4', '--reuse-from', 'no-such-folder');
    expect(nothing.stdout).toContain('(5 rendered, 0 kept from');
    expect(nothing.stderr).toContain('no readable cmmc-manifest.json');
  }, 120_000);
});
