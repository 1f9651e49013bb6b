import { type ParseArgsConfig, parseArgs } from 'node:util';
import { EARLIEST_DATE, isPlausibleDate, LATEST_DATE } from '@cmmc/catalog';
import { usageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>
>;

/** Parses a command's arguments strictly: an unknown flag or a missing value is a usage error (exit 2). */
export function parseCommandArgs<O extends Options>(
  argv: string[],
  options: O,
  usage: string,
  allowPositionals = false,
): Parsed<O> {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true }) as Parsed<O>;
  } catch (cause) {
    throw usageError((cause as Error).message.replace(/\. To specify.*$/s, ''), usage);
  }
}

/** Reads `--level` as 1, 2 or 3. */
export function parseLevel(value: string | undefined, usage: string): 1 | 2 | 3 | undefined {
  if (value === undefined) return undefined;
  if (value === '1' || value === '2' || value === '3') return Number(value) as 1 | 2 | 3;
  throw usageError(`--level must be 1, 2 or 3, got "${value}"`, usage);
}

/**
 * Reads `--as-of` as a real calendar date within @cmmc/catalog's plausible range (2000-01-01 .. 2099-12-31), so
 * every deadline derived from it is a four-digit ISO date; defaults to today's UTC date.
 */
export function parseAsOf(
  value: string | undefined,
  usage: string,
  isIsoDate: (v: string) => boolean,
): string {
  if (value === undefined) return new Date().toISOString().slice(0, 10);
  if (!isIsoDate(value))
    throw usageError(`--as-of must be a date written YYYY-MM-DD, got "${value}"`, usage);
  if (!isPlausibleDate(value)) {
    throw usageError(
      `--as-of must be a date from ${EARLIEST_DATE} to ${LATEST_DATE}, got "${value}"`,
      usage,
    );
  }
  return value;
}
