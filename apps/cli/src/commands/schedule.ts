import { ingestPaths } from '@cmmc/ingest';
import { parseCommandArgs } from '../args.js';
import { withWritableStore } from '../database.js';
import { usageError } from '../errors.js';
import { type Io, writeJson, writeLine } from '../output.js';
import type { RenderReason } from '../reuse/report-reuse.js';
import { findPreviousRun } from '../reuse/run-manifest.js';
import { loadScheduleConfig, type ScheduledJob } from '../schedule/schedule-config.js';
import { type JobExecutor, pruneDatedFolders, Scheduler } from '../schedule/scheduler.js';
import { type RenderReportsResult, renderReports, roundSeconds } from './report.js';

export const scheduleUsage = `Usage: cmmc schedule --config <cmmc.schedule.json> [--run-now <job> [--json]] [--force]

Run report jobs at their cron times (long-running): each run ingests the job's drop folders, renders the
portfolio report and the supplier scorecards into <outDir>/<date>/, and keeps the last N dated folders. Runs
never overlap, a failed run is logged and the scheduler goes on. Stop it with Ctrl-C or SIGTERM (a run under
way finishes first). --run-now runs one job once and exits, for testing or for an external scheduler; with
--json it prints the run as JSON: { job, startedAt, finishedAt, asOf, status, detail, ingest, reports }.

A run keeps, instead of rendering again, every report of the job's latest dated folder whose input files, rules
version, figures, renderer, format and paper are unchanged (hard-linked into the new folder, or copied where
links fail), and says how many it rendered and kept. Each folder's cmmc-manifest.json records its reports.
--force renders every report.

Config:
  {
    "database": "portfolio.duckdb",
    "timezone": "America/New_York",
    "logFile": "logs/schedule.log",
    "jobs": [
      { "name": "monday-report", "cron": "0 6 * * 1", "ingest": ["drop/"],
        "reports": { "portfolio": true, "suppliers": true, "format": "pdf", "paper": "letter" },
        "outDir": "reports", "keep": 8 }
    ]
  }

Example:
  cmmc schedule --config cmmc.schedule.json --run-now monday-report`;

/** What one run did, for `--run-now --json`: the files ingested and the reports written or failed. */
export interface RunOutcome {
  ingest: {
    loaded: number;
    unchanged: number;
    failed: number;
    rowsRejected: number;
    files: { path: string; status: string; error?: string }[];
    /** Wall time of the ingest, from opening the database to closing it. */
    seconds: number;
  } | null;
  reports: {
    written: string[];
    /** The reports rendered, and how many for each reason (`changed`, `no-previous-run`, `forced`, …). */
    rendered: string[];
    renderReasons: Partial<Record<RenderReason, number>>;
    /** The reports kept from `reusedFrom`. */
    kept: string[];
    reusedFrom: string | null;
    failed: { name: string; error: string }[];
    /** Wall time of each step of the reports (renderReports' `seconds`). */
    seconds: RenderReportsResult['seconds'];
  } | null;
}

/**
 * One run of a job: ingest the drop folders (the only step that writes the database), then render the reports as
 * of the run's date. `onOutcome` receives what the run did as it goes, also when the run then fails.
 */
export function scheduledRun(
  database: string,
  onOutcome: (outcome: RunOutcome) => void = () => undefined,
  options: { force?: boolean } = {},
): JobExecutor {
  return async (job: ScheduledJob, run) => {
    const outcome: RunOutcome = { ingest: null, reports: null };
    onOutcome(outcome);
    let ingestNote = '';
    if (job.ingest.length > 0) {
      const ingestStart = performance.now();
      const report = await withWritableStore(database, (store) => ingestPaths(store, job.ingest));
      const count = (s: string) => report.files.filter((f) => f.status === s).length;
      const rejected = report.files.reduce((n, f) => n + f.rejected.length, 0);
      outcome.ingest = {
        loaded: count('loaded'),
        unchanged: count('unchanged'),
        failed: count('failed'),
        rowsRejected: rejected,
        files: report.files.map((f) => ({
          path: f.path,
          status: f.status,
          ...(f.error ? { error: f.error } : {}),
        })),
        seconds: roundSeconds(performance.now() - ingestStart),
      };
      ingestNote = `ingest: ${count('loaded')} loaded, ${count('unchanged')} unchanged, ${count('failed')} failed, ${rejected} rows rejected; `;
    }
    const reusedFrom = options.force ? null : await findPreviousRun(job.outDir);
    const result = await renderReports({
      database,
      asOf: run.asOf,
      outDir: run.outDir,
      // The dated folder is ours, inside the folder the config names: a link planted there is refused.
      outputRoot: job.outDir,
      format: job.format,
      paper: job.paper,
      portfolio: job.portfolioReport,
      suppliers: job.supplierReports ? 'all' : null,
      reuse: { from: reusedFrom, force: options.force === true },
      // The scheduler prunes after a successful run too; done here first, before the stamps are taken (see
      // RenderReportsOptions.beforeManifest), it leaves nothing for that later pass.
      beforeManifest: async (allInPlace) => {
        if (allInPlace) await pruneDatedFolders(job.outDir, job.keep);
      },
    });
    outcome.reports = {
      written: result.written,
      rendered: result.rendered,
      renderReasons: result.renderReasons,
      kept: result.kept,
      reusedFrom: result.kept.length > 0 ? reusedFrom : null,
      failed: result.failed,
      seconds: result.seconds,
    };
    const reports = {
      rendered: result.rendered.length,
      kept: result.kept.length,
      failed: result.failed.length,
    };
    const counts = `${reports.rendered} rendered, ${reports.kept} kept`;
    if (result.failed.length > 0) {
      return {
        detail: `${ingestNote}${result.written.length} reports written (${counts}), ${result.failed.length} failed: ${result.failed[0]?.name}: ${result.failed[0]?.error}`,
        reports,
        failed: true,
      };
    }
    return {
      detail: `${ingestNote}${result.written.length} reports in ${run.outDir} (${counts})`,
      reports,
    };
  };
}

export async function runSchedule(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      config: { type: 'string' },
      'run-now': { type: 'string' },
      json: { type: 'boolean' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    scheduleUsage,
  );
  if (values.help) {
    writeLine(io, scheduleUsage);
    return 0;
  }
  if (!values.config) throw usageError('--config <file> is required', scheduleUsage);
  if (values.json && !values['run-now']) {
    throw usageError(
      '--json goes with --run-now (the scheduler itself logs to --config logFile)',
      scheduleUsage,
    );
  }
  const config = await loadScheduleConfig(values.config);
  let outcome: RunOutcome = { ingest: null, reports: null };
  const execute = scheduledRun(
    config.database,
    (o) => {
      outcome = o;
    },
    { force: values.force === true },
  );
  const scheduler = new Scheduler(config, execute, {
    log: (line) => io.err.write(`${new Date().toISOString()} ${line}\n`),
  });
  if (values['run-now']) {
    const run = await scheduler.runNow(values['run-now']);
    if (values.json) writeJson(io, { ...run, ...outcome });
    else writeLine(io, `${run.job}: ${run.status}: ${run.detail}`);
    return run.status === 'succeeded' ? 0 : 1;
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await scheduler.loop(controller.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  return 0;
}
