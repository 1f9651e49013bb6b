import { runGaps } from './commands/gaps.js';
import { runGenerate } from './commands/generate.js';
import { runIngest } from './commands/ingest.js';
import { runPoam } from './commands/poam.js';
import { runPortfolio } from './commands/portfolio.js';
import { runReport } from './commands/report.js';
import { runRequirements } from './commands/requirements.js';
import { runSchedule } from './commands/schedule.js';
import { runScores } from './commands/scores.js';
import type { Io } from './output.js';

export interface Command {
  name: string;
  summary: string;
  run: (argv: string[], io: Io) => Promise<number>;
}

export const COMMANDS: readonly Command[] = [
  {
    name: 'ingest',
    summary: 'load supplier assessments and POA&Ms into the database',
    run: runIngest,
  },
  {
    name: 'scores',
    summary: 'SPRS score and CMMC status with reasons, per supplier',
    run: runScores,
  },
  { name: 'gaps', summary: 'critical-control gaps that block a Conditional status', run: runGaps },
  {
    name: 'poam',
    summary: 'POA&M aging, overdue items and 180-day closeout deadlines',
    run: runPoam,
  },
  { name: 'portfolio', summary: 'portfolio summary and the suppliers at risk', run: runPortfolio },
  {
    name: 'report',
    summary: 'render the portfolio report or supplier scorecards (PDF/HTML)',
    run: runReport,
  },
  { name: 'schedule', summary: 'run report jobs on a cron schedule', run: runSchedule },
  {
    name: 'requirements',
    summary: 'list the requirements of a level with points and POA&M eligibility',
    run: runRequirements,
  },
  {
    name: 'generate',
    summary: 'write a synthetic supplier portfolio with expected scores (demos, tests, benchmarks)',
    run: runGenerate,
  },
];
