import { runGenerate } from './commands/generate.js';
import { runRequirements } from './commands/requirements.js';
import type { Io } from './output.js';

export interface Command {
  name: string;
  summary: string;
  run: (argv: string[], io: Io) => Promise<number>;
}

export const COMMANDS: readonly Command[] = [
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
