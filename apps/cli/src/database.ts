import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultDatabasePath, openStore, type Store } from '@cmmc/store';
import { CliError } from './errors.js';
import type { Io } from './output.js';

/** Where the database path came from, for an error that tells the user what to change. */
const origins = new Map<string, string>();

/** The database a command uses: `--db`, else `CMMC_DB`, else `cmmc.duckdb` in the working directory. */
export function databasePath(db: string | undefined, io: Io): string {
  const [path, origin] =
    db !== undefined && db !== ''
      ? [db, '--db']
      : io.env.CMMC_DB && io.env.CMMC_DB !== ''
        ? [io.env.CMMC_DB, 'CMMC_DB']
        : [defaultDatabasePath(), 'the default (no --db, no CMMC_DB)'];
  origins.set(path, origin);
  return path;
}

/**
 * Opens the store read-only for one command and always closes it, so the file lock is released even on failure.
 * Every command that only reads (scores, gaps, poam, portfolio, report, export and whatever is added next) uses this:
 * it works on a read-only file in a read-only folder, shares the file with other readers, and never creates, migrates
 * or writes anything, not even a cache (`Store.refreshEffectiveFindings` builds a read-only store's snapshot in
 * memory). A path with no database behind it is an error naming the path and where it came from; nothing is created.
 */
export async function withStore<T>(path: string, work: (store: Store) => Promise<T>): Promise<T> {
  assertDatabaseFile(path);
  const store = await openStore(path, { readOnly: true });
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

/**
 * Opens the store read-write (creating and migrating the file if need be): only for commands that load data,
 * `ingest` and the ingest step of `schedule` jobs.
 */
export async function withWritableStore<T>(
  path: string,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await openStore(path);
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

function assertDatabaseFile(path: string): void {
  if (path === ':memory:') return;
  const origin = origins.get(path) ?? '--db or CMMC_DB';
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new CliError(
      'FAILED',
      `no database at ${resolve(path)} (named by ${origin}): check --db or CMMC_DB, or load one first with \`cmmc ingest <files> --db ${path}\``,
    );
  }
  if (!isFile) {
    throw new CliError(
      'FAILED',
      `${resolve(path)} (named by ${origin}) is not a database file: --db and CMMC_DB name a file such as portfolio.duckdb`,
    );
  }
}
