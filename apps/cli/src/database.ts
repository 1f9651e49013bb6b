import { defaultDatabasePath, openStore, type Store } from '@cmmc/store';
import type { Io } from './output.js';

/** The database a command uses: `--db`, else `CMMC_DB`, else `cmmc.duckdb` in the working directory. */
export function databasePath(db: string | undefined, io: Io): string {
  if (db !== undefined && db !== '') return db;
  return io.env.CMMC_DB && io.env.CMMC_DB !== '' ? io.env.CMMC_DB : defaultDatabasePath();
}

/** Opens the store for one command and always closes it, so the file lock is released even on failure. */
export async function withStore<T>(path: string, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(path);
  try {
    return await work(store);
  } finally {
    store.close();
  }
}
