import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
