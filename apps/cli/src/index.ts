export type { Command } from './commands.js';
export { COMMANDS } from './commands.js';
export type { CliErrorCode } from './errors.js';
export { CliError } from './errors.js';
export { main, mainUsage } from './main.js';
export type { Io } from './output.js';
export { processIo } from './output.js';
