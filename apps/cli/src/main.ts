import { readFileSync } from 'node:fs';
import { COMMANDS } from './commands.js';
import { CliError } from './errors.js';
import { type Io, processIo } from './output.js';

const version = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

export function mainUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: cmmc <command> [options]

Score, track and report CMMC / NIST SP 800-171 readiness across a portfolio of suppliers.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Global options:
  -h, --help      show help (also: cmmc <command> --help)
  -v, --version   print the version
  --verbose       print stack traces with errors

Example:
  cmmc ingest suppliers/ --db portfolio.duckdb && cmmc scores --db portfolio.duckdb`;
}

/**
 * Runs the CLI and returns the exit status: 0 success, 1 failure (or, for ingest, something rejected), 2 usage error.
 * Errors print one line; stack traces only with --verbose.
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const verbose = argv.includes('--verbose');
  const args = argv.filter((a) => a !== '--verbose');
  const [name, ...rest] = args;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.out.write(`${mainUsage()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '-v' || name === '--version') {
    io.out.write(`${version}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err.write(`cmmc: unknown command "${name}"\n\n${mainUsage()}\n`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliError && error.code === 'USAGE') {
      io.err.write(`cmmc ${name}: ${error.message}\n\n${error.usage ?? ''}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err.write(`cmmc ${name}: ${message}\n`);
    if (verbose && error instanceof Error && error.stack) io.err.write(`${error.stack}\n`);
    return 1;
  }
}
