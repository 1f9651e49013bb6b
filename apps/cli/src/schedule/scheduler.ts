import { appendFile, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { localDate, nextRun, type ScheduleConfig, type ScheduledJob } from './schedule-config.js';

/** What a job run does; the CLI supplies ingest + render, tests supply fakes. */
export type JobExecutor = (
  job: ScheduledJob,
  run: { asOf: string; outDir: string },
) => Promise<string | JobResult>;

/** A run's outcome with its report counts; `failed` marks a run that rendered some reports but not all. */
export interface JobResult {
  detail: string;
  reports: ReportCounts;
  failed?: boolean;
}

/** How many reports a run rendered, kept from the previous run, and failed to render. */
export interface ReportCounts {
  rendered: number;
  kept: number;
  failed: number;
}

export interface SchedulerClock {
  now(): Date;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: SchedulerClock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    }),
};

export interface RunRecord {
  job: string;
  startedAt: string;
  finishedAt: string;
  asOf: string;
  status: 'succeeded' | 'failed' | 'skipped';
  detail: string;
  /** Set when the run got as far as the reports. */
  reports?: ReportCounts;
}

/**
 * Runs scheduled jobs one at a time. A job whose time comes while another run is going is skipped and logged (runs
 * never overlap: the database has one writer); a failed run is logged and the scheduler goes on.
 */
export class Scheduler {
  private running: Promise<RunRecord> | null = null;
  private readonly config: ScheduleConfig;
  private readonly execute: JobExecutor;
  private readonly clock: SchedulerClock;
  private readonly log: (line: string) => void;

  constructor(
    config: ScheduleConfig,
    execute: JobExecutor,
    options: { clock?: SchedulerClock; log?: (line: string) => void } = {},
  ) {
    this.config = config;
    this.execute = execute;
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? (() => undefined);
  }

  /** Runs one job now; when another run is in progress the job is skipped, not queued. */
  async runNow(jobName: string): Promise<RunRecord> {
    const job = this.config.jobs.find((j) => j.name === jobName);
    if (!job) {
      throw new Error(
        `no job named "${jobName}" in the schedule (jobs: ${this.config.jobs.map((j) => j.name).join(', ')})`,
      );
    }
    const startedAt = this.clock.now();
    if (this.running) {
      return this.record({
        job: job.name,
        startedAt: startedAt.toISOString(),
        finishedAt: startedAt.toISOString(),
        asOf: localDate(startedAt, this.config.timezone),
        status: 'skipped',
        detail: 'the previous run is still going; runs never overlap',
      });
    }
    this.running = this.runJob(job, startedAt);
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  /** Fires jobs at their cron times until `signal` aborts; a run under way finishes first. */
  async loop(signal: AbortSignal): Promise<void> {
    let after = this.clock.now();
    while (!signal.aborted) {
      const upcoming = this.config.jobs
        .map((job) => ({ job, at: nextRun(job, this.config.timezone, after) }))
        .sort((a, b) => a.at.getTime() - b.at.getTime());
      const first = upcoming[0];
      if (!first) return;
      this.log(`next: ${first.job.name} at ${first.at.toISOString()}`);
      // Wake at least every minute so a changed system clock cannot make us oversleep by hours.
      while (!signal.aborted && this.clock.now() < first.at) {
        await this.clock.sleep(
          Math.min(first.at.getTime() - this.clock.now().getTime(), 60_000),
          signal,
        );
      }
      if (signal.aborted) break;
      const due = upcoming.filter((u) => u.at.getTime() === first.at.getTime());
      for (const { job } of due) await this.runNow(job.name);
      after = first.at;
    }
    if (this.running) await this.running;
  }

  private async runJob(job: ScheduledJob, startedAt: Date): Promise<RunRecord> {
    const asOf = localDate(startedAt, this.config.timezone);
    const outDir = join(job.outDir, asOf);
    this.log(`start: ${job.name} (as of ${asOf})`);
    let status: RunRecord['status'] = 'succeeded';
    let detail: string;
    let reports: ReportCounts | undefined;
    try {
      const result = await this.execute(job, { asOf, outDir });
      if (typeof result === 'string') detail = result;
      else {
        ({ detail, reports } = result);
        if (result.failed) status = 'failed';
      }
      if (status === 'succeeded') await pruneDatedFolders(job.outDir, job.keep);
    } catch (error) {
      status = 'failed';
      detail = error instanceof Error ? error.message : String(error);
    }
    return this.record({
      job: job.name,
      startedAt: startedAt.toISOString(),
      finishedAt: this.clock.now().toISOString(),
      asOf,
      status,
      detail,
      ...(reports ? { reports } : {}),
    });
  }

  private async record(run: RunRecord): Promise<RunRecord> {
    this.log(`${run.status}: ${run.job} (as of ${run.asOf}): ${run.detail}`);
    if (this.config.logFile) {
      await mkdir(dirname(this.config.logFile), { recursive: true });
      await appendFile(this.config.logFile, `${JSON.stringify(run)}\n`);
    }
    return run;
  }
}

/** Deletes the oldest `YYYY-MM-DD` folders under `dir` beyond the newest `keep`; nothing else is touched. */
export async function pruneDatedFolders(dir: string, keep: number): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const dated = entries
    .filter((e) => e.isDirectory() && /^\d{4}-\d{2}-\d{2}$/.test(e.name))
    .map((e) => e.name)
    .sort();
  const old = dated.slice(0, Math.max(0, dated.length - keep));
  for (const name of old) await rm(join(dir, name), { recursive: true, force: true });
  return old;
}
