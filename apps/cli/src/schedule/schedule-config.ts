import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CronExpressionParser } from 'cron-parser';
import { CliError } from '../errors.js';

/** One scheduled job: ingest drop folders, then render reports into a dated folder, keeping the last `keep`. */
export interface ScheduledJob {
  name: string;
  /** Five-field cron expression, e.g. `0 6 * * 1` (Mondays 06:00). */
  cron: string;
  /** Files or folders to ingest before rendering (a supplier drop folder). */
  ingest: string[];
  portfolioReport: boolean;
  supplierReports: boolean;
  format: 'pdf' | 'html';
  paper: 'letter' | 'a4';
  /** Reports go to `<outDir>/<as-of date>/`. */
  outDir: string;
  /** How many dated folders to keep; older ones are deleted after a successful run. */
  keep: number;
}

export interface ScheduleConfig {
  database: string;
  /** IANA time zone the cron expressions and the as-of date are read in. */
  timezone: string;
  /** JSON-lines log of every run; also echoed to stderr. */
  logFile: string | null;
  jobs: ScheduledJob[];
}

function invalid(path: string, message: string): CliError {
  return new CliError('FAILED', `${path}: ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads and checks a schedule config (`cmmc.schedule.json`). Relative paths are resolved against the config's folder,
 * so the same file works from cron, systemd or a container whatever the working directory.
 */
export async function loadScheduleConfig(path: string): Promise<ScheduleConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new CliError(
      'FAILED',
      `${path}: cannot read the schedule config: ${(cause as Error).message}`,
      { cause },
    );
  }
  if (!isRecord(raw)) throw invalid(path, 'expected a JSON object');
  const base = dirname(resolve(path));
  const at = (p: string) => resolve(base, p);
  const timezone = typeof raw.timezone === 'string' ? raw.timezone : 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw invalid(path, `unknown time zone "${timezone}"`);
  }
  if (typeof raw.database !== 'string' || raw.database === '') {
    throw invalid(path, '"database" must name the DuckDB file');
  }
  if (!Array.isArray(raw.jobs) || raw.jobs.length === 0)
    throw invalid(path, '"jobs" must list at least one job');
  const names = new Set<string>();
  const jobs = raw.jobs.map((job, i): ScheduledJob => {
    const where = `jobs[${i}]`;
    if (!isRecord(job)) throw invalid(path, `${where} must be an object`);
    if (typeof job.name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(job.name)) {
      throw invalid(path, `${where}.name must be letters, digits, '-', '_' or '.'`);
    }
    if (names.has(job.name)) throw invalid(path, `job name "${job.name}" is used twice`);
    names.add(job.name);
    if (typeof job.cron !== 'string')
      throw invalid(path, `${where}.cron must be a cron expression`);
    try {
      CronExpressionParser.parse(job.cron, { tz: timezone });
    } catch (cause) {
      throw invalid(
        path,
        `${where}.cron "${job.cron}" is not a valid cron expression: ${(cause as Error).message}`,
      );
    }
    const ingest = job.ingest === undefined ? [] : job.ingest;
    if (!Array.isArray(ingest) || !ingest.every((p) => typeof p === 'string')) {
      throw invalid(path, `${where}.ingest must be a list of paths`);
    }
    const reports = isRecord(job.reports) ? job.reports : {};
    const format = reports.format ?? 'pdf';
    const paper = reports.paper ?? 'letter';
    if (format !== 'pdf' && format !== 'html')
      throw invalid(path, `${where}.reports.format must be pdf or html`);
    if (paper !== 'letter' && paper !== 'a4')
      throw invalid(path, `${where}.reports.paper must be letter or a4`);
    if (typeof job.outDir !== 'string' || job.outDir === '')
      throw invalid(path, `${where}.outDir is required`);
    const keep = job.keep ?? 8;
    if (typeof keep !== 'number' || !Number.isInteger(keep) || keep < 1) {
      throw invalid(path, `${where}.keep must be a whole number of at least 1`);
    }
    return {
      name: job.name,
      cron: job.cron,
      ingest: ingest.map(at),
      portfolioReport: reports.portfolio !== false,
      supplierReports: reports.suppliers !== false,
      format,
      paper,
      outDir: at(job.outDir),
      keep,
    };
  });
  return {
    database: at(raw.database),
    timezone,
    logFile: typeof raw.logFile === 'string' ? at(raw.logFile) : null,
    jobs,
  };
}

/** The next time `job` fires after `after`. */
export function nextRun(job: ScheduledJob, timezone: string, after: Date): Date {
  return CronExpressionParser.parse(job.cron, { tz: timezone, currentDate: after }).next().toDate();
}

/** The calendar date of `instant` in `timezone`, as YYYY-MM-DD: the as-of date of a scheduled run. */
export function localDate(instant: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
