import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DuckDBAppender, DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { DuckDBInstance } from './duckdb.js';
import { QueryError, StoreError } from './errors.js';
import { assertMigrated, hasTable, migrate } from './migrate.js';
import { loadSql, type SqlStatement } from './sql-files.js';
import { type Row, rowsFromChunks } from './values.js';

const findingsSqlDir = new URL('../sql/findings/', import.meta.url);

export type QueryParams = Record<string, DuckDBValue> | DuckDBValue[];

export interface AllOptions {
  /** Read the rows as JSON text; see `Store.all`. */
  json?: boolean;
}

export interface OpenStoreOptions {
  /** Open without writing: several readers may share a file, but not with a writer (DuckDB's file lock). */
  readOnly?: boolean;
  /** DuckDB `memory_limit`, e.g. `2GB`. */
  memoryLimit?: string;
  /** DuckDB worker threads; defaults to DuckDB's own choice (the number of cores). */
  threads?: number;
}

/** Numbers the readers this process opens, so each gets its own spill folder. */
let readerCount = 0;

/** The default database file: `CMMC_DB`, else `cmmc.duckdb` in the working directory. */
export function defaultDatabasePath(): string {
  return process.env.CMMC_DB && process.env.CMMC_DB !== '' ? process.env.CMMC_DB : 'cmmc.duckdb';
}

/**
 * One open DuckDB database with one connection. DuckDB takes one writer process per file, so a second process gets
 * a `DATABASE_BUSY` StoreError instead of a corrupt file. Inside the process, transactions are serialised.
 */
export class Store {
  readonly path: string;
  readonly readOnly: boolean;
  private readonly instance: DuckDBInstance;
  private readonly connection: DuckDBConnection;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** What `temp.effective_findings` is on this connection (see `refreshEffectiveFindings`), if it exists. */
  private findingsSnapshot: 'view' | 'table' | null = null;
  private findingsRefresh: Promise<void> | null = null;
  /** Counts writes, so a refresh that overlapped one does not install a snapshot taken before it. */
  private writes = 0;
  private inTransaction = false;
  /** A reader's own DuckDB spill folder (see `open`), removed on close. */
  private spillDirectory: string | null = null;

  private constructor(
    path: string,
    readOnly: boolean,
    instance: DuckDBInstance,
    connection: DuckDBConnection,
  ) {
    this.path = path;
    this.readOnly = readOnly;
    this.instance = instance;
    this.connection = connection;
  }

  /** Opens (and creates unless read-only) the database at `path`, or `:memory:`, and migrates it. */
  static async open(path: string, options: OpenStoreOptions = {}): Promise<Store> {
    const inMemory = path === ':memory:';
    const absolute = inMemory ? path : resolve(path);
    if (options.readOnly && !inMemory && !existsSync(absolute)) {
      // DuckDB would refuse too, but only after the check: never let a reader create the file.
      throw new StoreError(
        'DATABASE_MISSING',
        `database ${path} does not exist; run \`cmmc ingest\` first`,
      );
    }
    const config: Record<string, string> = {
      // Nothing may download an extension at run time: fail at once instead of trying the network.
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      memory_limit: options.memoryLimit ?? '2GB',
    };
    if (options.threads) config.threads = String(options.threads);
    // A reader writes nothing beside the file: DuckDB's spill folder defaults to `<database>.tmp`, which a
    // read-only folder cannot hold, so a reader spills (large sorts, the findings snapshot) under the system's
    // temporary folder instead, in a folder of its own that `close` removes.
    let spillDirectory: string | null = null;
    if (options.readOnly && !inMemory) {
      config.access_mode = 'READ_ONLY';
      spillDirectory = join(tmpdir(), `cmmc-duckdb-${process.pid}-${++readerCount}`);
      config.temp_directory = spillDirectory;
    }
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(absolute, config);
    } catch (cause) {
      const message = (cause as Error).message ?? String(cause);
      if (/Could not set lock|Conflicting lock/i.test(message)) {
        const pid = /PID (\d+)/.exec(message)?.[1];
        throw new StoreError(
          'DATABASE_BUSY',
          `database ${path} is busy: another process${pid ? ` (PID ${pid})` : ''} has it open for writing; wait for it to finish and try again`,
          { cause },
        );
      }
      throw new StoreError('OPEN_FAILED', `cannot open database ${path}: ${message}`, { cause });
    }
    const connection = await instance.connect();
    const store = new Store(absolute, options.readOnly === true, instance, connection);
    store.spillDirectory = spillDirectory;
    try {
      if (store.readOnly) await assertMigrated(connection, path);
      else await migrate(connection, path);
    } catch (error) {
      store.close();
      throw error;
    }
    return store;
  }

  /** Runs a statement for its effect. */
  async run(statement: SqlStatement | string, params?: QueryParams): Promise<void> {
    this.assertOpen();
    const { name, text } = named(statement);
    await this.invalidateFindings();
    try {
      await this.connection.run(text, params);
    } catch (cause) {
      throw new QueryError(name, text, params, { cause });
    }
  }

  /**
   * Runs a query and returns its rows as plain objects (numbers, ISO date strings, arrays, objects), read column by
   * column. With `{ json: true }` DuckDB encodes each row as JSON text (`to_json`) and Node parses it: the same
   * objects, two to three times faster on results of many rows or nested columns (one string crosses from DuckDB per
   * row, instead of one value per cell, each long string costing a native call). Only for a single SELECT (or WITH)
   * query whose columns have distinct names and plain types: numbers, strings, booleans, dates, lists, structs.
   */
  async all<T extends object = Row>(
    statement: SqlStatement | string,
    params?: QueryParams,
    options: AllOptions = {},
  ): Promise<T[]> {
    this.assertOpen();
    const { name, text } = named(statement);
    const sql = options.json
      ? `select to_json(q)::varchar as row_json from (\n${text.trimEnd().replace(/;$/, '')}\n) as q`
      : text;
    try {
      const result = await this.connection.run(sql, params);
      const chunks = await result.fetchAllChunks();
      if (!options.json) {
        return rowsFromChunks<T>(result.columnNames(), result.columnTypes(), chunks);
      }
      const rows: T[] = [];
      for (const chunk of chunks) {
        const column = chunk.getColumnVector(0);
        for (let i = 0; i < chunk.rowCount; i++) rows.push(JSON.parse(column.getItem(i) as string));
      }
      return rows;
    } catch (cause) {
      throw new QueryError(name, text, params, { cause });
    }
  }

  /**
   * Runs `work` with DuckDB limited to `threads` worker threads, then puts the setting back. For work made of many
   * small statements and appends, such as a load: DuckDB's threads find nothing to share there, and each statement
   * wakes them and lets them sleep again, CPU that a two-core machine pays for (1,000-supplier ingest, per-thread
   * CPU from /proc: about 0.3 s less with one thread, the same wall time).
   */
  async withThreads<T>(threads: number, work: () => Promise<T>): Promise<T> {
    const [setting] = await this.all<{ threads: number }>(
      "select current_setting('threads')::integer as threads",
    );
    const before = setting?.threads;
    if (before === undefined || before === threads) return work();
    await this.connection.run(`set threads = ${Math.max(1, Math.floor(threads))}`);
    try {
      return await work();
    } finally {
      // A store that failed during `work` may refuse this too; its own error is the one to report.
      if (!this.closed) await this.connection.run(`set threads = ${before}`).catch(() => undefined);
    }
  }

  /**
   * Runs `work` inside one transaction: all of it is committed, or none of it. Transactions are queued, so two
   * callers in this process never interleave on the single connection.
   */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      this.assertOpen();
      await this.invalidateFindings();
      await this.connection.run('begin transaction');
      this.inTransaction = true;
      try {
        const result = await work(new Transaction(this, this.connection));
        await this.connection.run('commit');
        return result;
      } catch (error) {
        await this.connection.run('rollback').catch(() => undefined);
        throw error;
      } finally {
        this.inTransaction = false;
        // A snapshot taken inside the transaction may describe rows that were rolled back.
        await this.invalidateFindings().catch(() => undefined);
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Makes `effective_findings` (the view of migration 003) read from materialised rows on this connection, so the
   * portfolio-wide analytics stop re-aggregating every requirement and objective result in every query (1.1 M rows at
   * 10,000 suppliers). The rows persist in `materialised_findings` (migration 004), maintained per assessment: each
   * assessment's inputs are fingerprinted (about 20 ms at 10,000 suppliers), and only the assessments added, changed
   * or deleted since the last refresh are recomputed. So ingest need not call this: the first portfolio-wide query
   * after a load pays for what the load touched (a full build at 10,000 suppliers: a few seconds, once). A
   * `cmmc ingest` that wants every later report to start warm may call it once at the end of the batch.
   *
   * Then a temporary view `effective_findings` over the table shadows the view for this connection (DuckDB resolves
   * `temp` before `main`). On a read-only store the table cannot be written: if it is stale, a temporary table
   * takes the current rows from it and recomputes only the stale assessments (a file without migration 004 gets a
   * full snapshot of the view). It can never serve stale findings: every write through `run` or `transaction` drops
   * the temporary view or table, so later queries read the view until the next refresh checks the fingerprints
   * again, and no other process can write while this one has the file open (DuckDB's file lock). Costs nothing when
   * nothing was written since the last refresh on this connection.
   */
  refreshEffectiveFindings(): Promise<void> {
    this.assertOpen();
    if (this.findingsSnapshot !== null) return Promise.resolve();
    // One refresh at a time: two analytics queries started together must not both rebuild the table.
    this.findingsRefresh ??= this.buildFindingsSnapshot().finally(() => {
      this.findingsRefresh = null;
    });
    return this.findingsRefresh;
  }

  private async buildFindingsSnapshot(): Promise<void> {
    const writes = this.writes;
    const snapshot = await this.materialiseFindings();
    if (this.writes === writes) {
      this.findingsSnapshot = snapshot;
    } else {
      // a write ran while the fingerprints were being compared: read the view until the next refresh
      await this.connection.run(`drop ${snapshot} if exists temp.effective_findings`);
    }
  }

  /** Brings `materialised_findings` up to date (or snapshots it, read-only) and shadows the view; see above. */
  private async materialiseFindings(): Promise<'view' | 'table'> {
    const step = async (name: string): Promise<void> => {
      const statement = loadSql(findingsSqlDir, name);
      try {
        await this.connection.run(statement.text);
      } catch (cause) {
        throw new QueryError(statement.name, statement.text, undefined, { cause });
      }
    };
    if (!(await hasTable(this.connection, 'materialised_findings'))) {
      await step('snapshot-view');
      return 'table';
    }
    await step('fingerprint-assessments');
    await step('find-stale-assessments');
    const [count] = await this.all<{ stale: number }>(
      loadSql(findingsSqlDir, 'count-stale-assessments'),
    );
    if ((count?.stale ?? 0) > 0) {
      if (this.readOnly) {
        await step('snapshot-findings');
        return 'table';
      }
      // The fingerprints are deleted first and written last, so an interruption leaves assessments stale, never
      // wrong; rows recomputed from data newer than their fingerprint are simply recomputed again next time.
      const rewrite = async (): Promise<void> => {
        for (const name of [
          'delete-stale-sources',
          'delete-stale-findings',
          'insert-stale-findings',
          'insert-stale-sources',
        ]) {
          await step(name);
        }
      };
      if (this.inTransaction) {
        // called from a transaction's work: the steps join that transaction (and roll back with it)
        await rewrite();
      } else {
        // otherwise one transaction of its own, queued like `transaction` so it never interleaves with one
        const next = this.queue.then(async () => {
          await this.connection.run('begin transaction');
          try {
            await rewrite();
            await this.connection.run('commit');
          } catch (error) {
            await this.connection.run('rollback').catch(() => undefined);
            throw error;
          }
        });
        this.queue = next.catch(() => undefined);
        await next;
      }
    }
    await step('use-materialised-findings');
    return 'view';
  }

  private async invalidateFindings(): Promise<void> {
    this.writes += 1;
    const snapshot = this.findingsSnapshot;
    if (snapshot === null) return;
    this.findingsSnapshot = null;
    await this.connection.run(`drop ${snapshot} if exists temp.effective_findings`);
  }

  /** Writes pending data to the file (DuckDB checkpoint). */
  async checkpoint(): Promise<void> {
    await this.run('checkpoint');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.connection.closeSync();
    this.instance.closeSync();
    if (this.spillDirectory !== null) rmSync(this.spillDirectory, { recursive: true, force: true });
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('STORE_CLOSED', `database ${this.path} is closed`);
  }
}

/** The handle a transaction's work receives: queries and bulk appenders on the transaction's connection. */
export class Transaction {
  private readonly store: Store;
  private readonly connection: DuckDBConnection;

  constructor(store: Store, connection: DuckDBConnection) {
    this.store = store;
    this.connection = connection;
  }

  run(statement: SqlStatement | string, params?: QueryParams): Promise<void> {
    return this.store.run(statement, params);
  }

  all<T extends object = Row>(
    statement: SqlStatement | string,
    params?: QueryParams,
    options?: AllOptions,
  ): Promise<T[]> {
    return this.store.all<T>(statement, params, options);
  }

  /**
   * Appends rows in bulk (DuckDB's appender, about a million rows a second; never row-by-row INSERT). Values are
   * given in table column order; strings are cast by DuckDB to the column type (so `2026-01-31` fills a DATE).
   */
  async append(table: string, rows: readonly (readonly DuckDBValue[])[]): Promise<void> {
    if (rows.length === 0) return;
    let appender: DuckDBAppender;
    try {
      appender = await this.connection.createAppender(table);
    } catch (cause) {
      throw new QueryError(`append ${table}`, table, undefined, { cause });
    }
    try {
      for (const row of rows) {
        // The common JS types go straight to their typed append, the type `appendValue` would infer for them
        // (VARCHAR, BOOLEAN, INTEGER) without building a DuckDB value per cell: about twice as fast in bulk.
        for (const value of row) {
          if (value === null || value === undefined) appender.appendNull();
          else if (typeof value === 'string') appender.appendVarchar(value);
          else if (typeof value === 'boolean') appender.appendBoolean(value);
          else if (
            typeof value === 'number' &&
            Number.isInteger(value) &&
            value >= -2_147_483_648 &&
            value <= 2_147_483_647
          )
            appender.appendInteger(value);
          else appender.appendValue(value);
        }
        appender.endRow();
      }
      appender.closeSync();
    } catch (cause) {
      throw new QueryError(`append ${table}`, table, { rows: rows.length }, { cause });
    }
  }
}

function named(statement: SqlStatement | string): SqlStatement {
  return typeof statement === 'string' ? { name: 'inline', text: statement } : statement;
}

/** Opens the store; see `Store.open`. */
export function openStore(path: string, options?: OpenStoreOptions): Promise<Store> {
  return Store.open(path, options);
}
