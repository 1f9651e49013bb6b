import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScheduleConfig, localDate, nextRun, type ScheduleConfig } from './schedule-config.js';
import { pruneDatedFolders, Scheduler, type SchedulerClock } from './scheduler.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cmmc-schedule-'));
  dirs.push(dir);
  return dir;
}

function writeConfig(dir: string, config: unknown): string {
  const path = join(dir, 'cmmc.schedule.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

const baseConfig = {
  database: 'portfolio.duckdb',
  timezone: 'America/New_York',
  logFile: 'logs/schedule.log',
  jobs: [{ name: 'monday', cron: '0 6 * * 1', ingest: ['drop'], outDir: 'reports', keep: 2 }],
};

/** A clock that jumps forward instead of waiting. */
function fakeClock(start: string): SchedulerClock & { at: Date } {
  const clock = {
    at: new Date(start),
    now: () => new Date(clock.at),
    sleep: async (ms: number) => {
      clock.at = new Date(clock.at.getTime() + ms);
    },
  };
  return clock;
}

describe('loadScheduleConfig', () => {
  it('resolves paths against the config folder and fills defaults', async () => {
    const dir = tempDir();
    const config = await loadScheduleConfig(writeConfig(dir, baseConfig));
    expect(config.database).toBe(join(dir, 'portfolio.duckdb'));
    expect(config.jobs[0]).toMatchObject({
      ingest: [join(dir, 'drop')],
      outDir: join(dir, 'reports'),
      portfolioReport: true,
      supplierReports: true,
      format: 'pdf',
      paper: 'letter',
      keep: 2,
    });
  });

  it.each([
    [
      { ...baseConfig, jobs: [{ ...baseConfig.jobs[0], cron: 'every monday' }] },
      /not a valid cron expression/,
    ],
    [{ ...baseConfig, timezone: 'Mars/Olympus' }, /unknown time zone/],
    [{ ...baseConfig, jobs: [] }, /at least one job/],
    [{ ...baseConfig, jobs: [baseConfig.jobs[0], baseConfig.jobs[0]] }, /used twice/],
    [{ ...baseConfig, jobs: [{ ...baseConfig.jobs[0], keep: 0 }] }, /keep must be/],
  ])('refuses a bad config with a clear message (%#)', async (config, message) => {
    await expect(loadScheduleConfig(writeConfig(tempDir(), config))).rejects.toThrow(message);
  });
});

describe('cron times', () => {
  it('fires on Monday 06:00 in the configured time zone', async () => {
    const config = await loadScheduleConfig(writeConfig(tempDir(), baseConfig));
    const job = config.jobs[0];
    if (!job) throw new Error('no job');
    // Saturday 2026-11-28 12:00 UTC -> Monday 2026-11-30 06:00 EST = 11:00 UTC
    expect(nextRun(job, config.timezone, new Date('2026-11-28T12:00:00Z')).toISOString()).toBe(
      '2026-11-30T11:00:00.000Z',
    );
    expect(localDate(new Date('2026-11-30T03:00:00Z'), 'America/New_York')).toBe('2026-11-29');
  });
});

describe('Scheduler', () => {
  async function setup() {
    const dir = tempDir();
    const config: ScheduleConfig = await loadScheduleConfig(writeConfig(dir, baseConfig));
    return { dir, config };
  }

  it('runs due jobs in turn, logs every run, survives a failed run and keeps the last N folders', async () => {
    const { dir, config } = await setup();
    const clock = fakeClock('2026-11-28T12:00:00Z');
    let calls = 0;
    const controller = new AbortController();
    const scheduler = new Scheduler(
      config,
      async (_job, run) => {
        calls += 1;
        mkdirSync(run.outDir, { recursive: true });
        if (calls === 2) throw new Error('Chromium crashed');
        if (calls === 4) controller.abort();
        return `reports in ${run.outDir}`;
      },
      { clock },
    );
    await scheduler.loop(controller.signal);
    expect(calls).toBe(4);
    const log = readFileSync(join(dir, 'logs/schedule.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { status: string; asOf: string });
    expect(log.map((r) => [r.asOf, r.status])).toEqual([
      ['2026-11-30', 'succeeded'],
      ['2026-12-07', 'failed'],
      ['2026-12-14', 'succeeded'],
      ['2026-12-21', 'succeeded'],
    ]);
    expect(readdirSync(join(dir, 'reports')).sort()).toEqual(['2026-12-14', '2026-12-21']);
  });

  it('never runs two at once: a run requested during another is skipped', async () => {
    const { config } = await setup();
    let release: () => void = () => undefined;
    const scheduler = new Scheduler(
      config,
      () =>
        new Promise((resolve) => {
          release = () => resolve('done');
        }),
      { clock: fakeClock('2026-11-30T11:00:00Z') },
    );
    const first = scheduler.runNow('monday');
    const second = await scheduler.runNow('monday');
    expect(second.status).toBe('skipped');
    release();
    expect((await first).status).toBe('succeeded');
  });

  it('logs how many reports a run rendered and kept; a run with failed reports is failed and prunes nothing', async () => {
    const { dir, config } = await setup();
    for (const old of ['2026-11-09', '2026-11-16', '2026-11-23']) {
      mkdirSync(join(dir, 'reports', old), { recursive: true });
    }
    const results = [
      { detail: 'some failed', reports: { rendered: 3, kept: 1, failed: 2 }, failed: true },
      { detail: 'all there', reports: { rendered: 1, kept: 5, failed: 0 } },
    ];
    const scheduler = new Scheduler(
      config,
      async (_job, run) => {
        mkdirSync(run.outDir, { recursive: true });
        return results.shift() ?? 'none';
      },
      { clock: fakeClock('2026-11-30T11:00:00Z') },
    );
    const failed = await scheduler.runNow('monday');
    expect(failed).toMatchObject({
      status: 'failed',
      reports: { rendered: 3, kept: 1, failed: 2 },
    });
    expect(readdirSync(join(dir, 'reports'))).toHaveLength(4);
    await scheduler.runNow('monday');
    const log = readFileSync(join(dir, 'logs/schedule.log'), 'utf8').trim().split('\n');
    expect(JSON.parse(log.at(-1) ?? '{}')).toMatchObject({
      status: 'succeeded',
      detail: 'all there',
      reports: { rendered: 1, kept: 5, failed: 0 },
    });
    expect(readdirSync(join(dir, 'reports')).sort()).toEqual(['2026-11-23', '2026-11-30']);
  });

  it('names the known jobs when asked for an unknown one', async () => {
    const { config } = await setup();
    const scheduler = new Scheduler(config, async () => 'ok');
    await expect(scheduler.runNow('friday')).rejects.toThrow('(jobs: monday)');
  });
});

describe('pruneDatedFolders', () => {
  it('deletes only the oldest dated folders', async () => {
    const dir = tempDir();
    for (const name of ['2026-01-05', '2026-01-12', '2026-01-19', 'notes'])
      mkdirSync(join(dir, name));
    expect(await pruneDatedFolders(dir, 2)).toEqual(['2026-01-05']);
    expect(readdirSync(dir).sort()).toEqual(['2026-01-12', '2026-01-19', 'notes']);
  });
});
