/**
 * The weekly re-run that should cost what changed (issue 18, point 4): a `cmmc schedule --run-now` job that ingests
 * the drop folder and renders every report, run once on the whole portfolio (everything rendered: the baseline, in
 * the same run), then again after 1 % of the suppliers sent a changed file. The second run keeps every report whose
 * reuse key is unchanged. The as-of date of a scheduled run is today's, so both runs share it, as a re-run the same
 * day does; how many scorecards would also survive a week is measured apart, with `cmmc report supplier --all
 * --as-of <a week later> --reuse-from`, because a kept scorecard must print the same figures a new one would.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { figure, type StageOutcome } from '../figures.js';
import { timeCommand } from '../run-child.js';

interface RunJson {
  asOf: string;
  status: string;
  detail: string;
  ingest: { seconds?: number } | null;
  reports: {
    rendered: string[];
    kept: string[];
    failed: unknown[];
    seconds?: { models: number; reuse: number; render: number; manifest: number };
  } | null;
}

/**
 * Changes one CSV file of 1 % of the suppliers (at least one), spread evenly over the folders in name order, by
 * appending an empty line: a new file as far as its SHA-256 goes, the same rows. Returns how many suppliers changed.
 */
export function changeOnePercent(drop: string): number {
  const folders = readdirSync(drop, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const csvs = folders.flatMap((name) => {
    const csv = readdirSync(join(drop, name))
      .filter((n) => n.toLowerCase().endsWith('.csv'))
      .sort()[0];
    return csv ? [join(drop, name, csv)] : [];
  });
  const count = Math.min(csvs.length, Math.max(1, Math.round(folders.length / 100)));
  for (let k = 0; k < count; k += 1) {
    const path = csvs[Math.floor((k * csvs.length) / count)];
    if (path) writeFileSync(path, Buffer.concat([readFileSync(path), Buffer.from('\r\n')]));
  }
  return count;
}

/**
 * @param quick the CI smoke run: HTML instead of PDF, so the stage's code runs without three Chromium batches.
 */
export async function weeklyRerun(
  suppliers: number,
  portfolio: string,
  workDir: string,
  cmmcBin: string,
  quick = false,
): Promise<StageOutcome> {
  const format = quick ? 'html' : 'pdf';
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const drop = join(workDir, 'drop');
  cpSync(portfolio, drop, { recursive: true });
  const config = join(workDir, 'cmmc.schedule.json');
  writeFileSync(
    config,
    JSON.stringify({
      database: 'cmmc.duckdb',
      timezone: 'UTC',
      jobs: [
        {
          name: 'weekly',
          cron: '0 6 * * 1',
          ingest: ['drop'],
          reports: { format },
          outDir: 'reports',
          keep: 2,
        },
      ],
    }),
  );
  const runNow = async () => {
    const run = await timeCommand(process.execPath, [
      cmmcBin,
      'schedule',
      '--config',
      config,
      '--run-now',
      'weekly',
      '--json',
    ]);
    const json = JSON.parse(run.stdout) as RunJson;
    // A run fails when a file of the generator's messy layouts is rejected; the reports are what is measured here.
    if (!json.reports) throw new Error(`cmmc schedule: ${json.status}: ${json.detail}`);
    return { seconds: run.seconds, json, reports: json.reports };
  };
  const first = await runNow();
  const changed = changeOnePercent(drop);
  const second = await runNow();

  // A week later: the same folder reused by the report command, as of seven days on.
  const runFolder = join(workDir, 'reports', second.json.asOf);
  const weekLater = new Date(`${second.json.asOf}T00:00:00Z`);
  weekLater.setUTCDate(weekLater.getUTCDate() + 7);
  const week = await timeCommand(process.execPath, [
    cmmcBin,
    'report',
    'supplier',
    '--all',
    '--db',
    join(workDir, 'cmmc.duckdb'),
    '--as-of',
    weekLater.toISOString().slice(0, 10),
    '--format',
    format,
    '--out',
    join(workDir, 'week-later'),
    '--reuse-from',
    runFolder,
  ]);
  const weekCounts = /\((\d+) rendered, (\d+) kept from/.exec(week.stdout);
  rmSync(workDir, { recursive: true, force: true });
  return {
    figures: [
      figure('first run: everything rendered', first.seconds, 's'),
      figure('  reports rendered', first.reports.rendered.length, 'reports'),
      figure(
        'ours: re-run, 1 % of suppliers changed',
        second.seconds,
        's',
        suppliers >= 10_000 ? { op: '<=', value: 30 } : undefined,
      ),
      figure('  suppliers whose file changed', changed, 'suppliers'),
      // The job's own log of its steps; the rest of the wall time is the process starting and exiting.
      figure('  ingest of the drop folder', second.json.ingest?.seconds ?? Number.NaN, 's'),
      figure(
        '  models (portfolio + every supplier)',
        second.reports.seconds?.models ?? Number.NaN,
        's',
      ),
      figure('  reuse check of kept reports', second.reports.seconds?.reuse ?? Number.NaN, 's'),
      figure('  rendering what changed', second.reports.seconds?.render ?? Number.NaN, 's'),
      figure('  manifest (hashes, stamps)', second.reports.seconds?.manifest ?? Number.NaN, 's'),
      figure('  reports rendered', second.reports.rendered.length, 'reports'),
      figure('  reports kept', second.reports.kept.length, 'reports'),
      figure('ratio first run / re-run', first.seconds / second.seconds, 'x'),
      figure('a week later: scorecards rendered', Number(weekCounts?.[1] ?? Number.NaN), 'reports'),
      figure('a week later: scorecards kept', Number(weekCounts?.[2] ?? Number.NaN), 'reports'),
      figure('a week later: wall time', week.seconds, 's'),
    ],
    notes: [
      ...(quick
        ? [
            '--quick: HTML reports instead of PDF (no Chromium); the figures say nothing of PDF cost',
          ]
        : []),
      'cmmc schedule --run-now twice the same day (ingest + portfolio report + every scorecard); between the runs one CSV of 1 % of the suppliers (at least one) gets an empty line appended (a new SHA-256, the same rows); the 30 s target is for 10,000 suppliers',
      'a week later: cmmc report supplier --all --as-of +7 days --reuse-from the re-run folder; a scorecard is kept only when every figure it prints (day counts, overdue flags, status) is unchanged as of that day',
    ],
  };
}
