import type { Io } from './output.js';

type Run = (argv: string[], io: Io) => Promise<number>;

export interface Command {
  name: string;
  summary: string;
  run: Run;
}

/**
 * Commands are imported when they run, not at start-up: the report stack (echarts, puppeteer) and the workbook
 * reader take about a second to load, which `cmmc requirements` or `cmmc --help` should not pay.
 */
function lazy(load: () => Promise<Run>): Run {
  return async (argv, io) => (await load())(argv, io);
}

export const COMMANDS: readonly Command[] = [
  {
    name: 'ingest',
    summary: 'load supplier assessments and POA&Ms into the database',
    run: lazy(async () => (await import('./commands/ingest.js')).runIngest),
  },
  {
    name: 'inspect',
    summary: 'show how ingest would read a file, without loading it',
    run: lazy(async () => (await import('./commands/inspect.js')).runInspect),
  },
  {
    name: 'scores',
    summary: 'SPRS score and CMMC status with reasons, per supplier',
    run: lazy(async () => (await import('./commands/scores.js')).runScores),
  },
  {
    name: 'eligibility',
    summary: 'which suppliers may be awarded work requiring a CMMC status',
    run: lazy(async () => (await import('./commands/eligibility.js')).runEligibility),
  },
  {
    name: 'gaps',
    summary: 'critical-control gaps that block a Conditional status',
    run: lazy(async () => (await import('./commands/gaps.js')).runGaps),
  },
  {
    name: 'poam',
    summary: 'POA&M aging, overdue items and 180-day closeout deadlines',
    run: lazy(async () => (await import('./commands/poam.js')).runPoam),
  },
  {
    name: 'portfolio',
    summary: 'portfolio summary and the suppliers at risk',
    run: lazy(async () => (await import('./commands/portfolio.js')).runPortfolio),
  },
  {
    name: 'report',
    summary: 'render the portfolio report or supplier scorecards (PDF/HTML)',
    run: lazy(async () => (await import('./commands/report.js')).runReport),
  },
  {
    name: 'export',
    summary: 'POA&M workbooks (FedRAMP, CMMC), CSV, OSCAL, results and Parquet',
    run: lazy(async () => (await import('./commands/export.js')).runExport),
  },
  {
    name: 'schedule',
    summary: 'run report jobs on a cron schedule',
    run: lazy(async () => (await import('./commands/schedule.js')).runSchedule),
  },
  {
    name: 'requirements',
    summary: 'list the requirements of a level with points and POA&M eligibility',
    run: lazy(async () => (await import('./commands/requirements.js')).runRequirements),
  },
  {
    name: 'generate',
    summary: 'write a synthetic supplier portfolio with expected scores (demos, tests, benchmarks)',
    run: lazy(async () => (await import('./commands/generate.js')).runGenerate),
  },
];
