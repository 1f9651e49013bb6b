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
];
