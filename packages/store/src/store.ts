import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBValue,
} from '@duckdb/node-api';
import { QueryError, StoreError } from './errors.js';
import { migrate } from './migrate.js';
import type { SqlStatement } from './sql-files.js';
import { type Row, toRowValue } from './values.js';

export type QueryParams = Record<string, DuckDBValue> | DuckDBValue[];

export interface OpenStoreOptions {
  /** Open without writing: several readers may share a file, but not with a writer (DuckDB's file lock). */
  readOnly?: boolean;
  /** DuckDB `memory_limit`, e.g. `2GB`. */
  memoryLimit?: string;
  /** DuckDB worker threads; defaults to DuckDB's own choice (the number of cores). */
  threads?: number;
}

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
  /** Whether `temp.effective_findings` (see `refreshEffectiveFindings`) exists on this connection. */
  private findingsSnapshot = false;

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
      throw new StoreError(
        'OPEN_FAILED',
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
    if (options.readOnly && !inMemory) config.access_mode = 'READ_ONLY';
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
    if (!store.readOnly) {
      try {
        await migrate(connection, path);
      } catch (error) {
        store.close();
        throw error;
      }
    }
    return store;
  }

  /** Runs a statement for its effect. */
  async run(statement: SqlStatement | string, params?: QueryParams): Promise<void> {
    this.assertOpen();
    const { name, text } = named(statement);
    await this.dropFindingsSnapshot();
    try {
      await this.connection.run(text, params);
    } catch (cause) {
      throw new QueryError(name, text, params, { cause });
    }
  }

  /** Runs a query and returns its rows as plain objects (numbers, ISO date strings, arrays). */
  async all<T extends object = Row>(
    statement: SqlStatement | string,
    params?: QueryParams,
  ): Promise<T[]> {
    this.assertOpen();
    const { name, text } = named(statement);
    try {
      const reader = await this.connection.runAndReadAll(text, params);
      const columns = reader.columnNames();
      return reader.getRows().map((values) => {
        const row: Row = {};
        for (let i = 0; i < columns.length; i++) {
          row[columns[i] as string] = toRowValue(values[i] ?? null);
        }
        return row as T;
      });
    } catch (cause) {
      throw new QueryError(name, text, params, { cause });
    }
  }

  /**
   * Runs `work` inside one transaction: all of it is committed, or none of it. Transactions are queued, so two
   * callers in this process never interleave on the single connection.
   */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      this.assertOpen();
      await this.dropFindingsSnapshot();
      await this.connection.run('begin transaction');
      try {
        const result = await work(new Transaction(this, this.connection));
        await this.connection.run('commit');
        return result;
      } catch (error) {
        await this.connection.run('rollback').catch(() => undefined);
        throw error;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Materialises the `effective_findings` view (migration 003) once for this connection, as a temporary table of the
   * same name, which DuckDB resolves before the view; later queries read the table instead of re-aggregating every
   * requirement and objective result. At 10,000 suppliers that is 1.1 M rows computed once per batch of queries
   * instead of once per query. Works on a read-only store (temporary tables live in memory), costs nothing when the
   * snapshot already exists, and can never be stale: every write through `run` or `transaction` drops it first, and
   * no other process can write while this one has the file open (DuckDB's file lock).
   */
  async refreshEffectiveFindings(): Promise<void> {
    this.assertOpen();
    if (this.findingsSnapshot) return;
    const text =
      'create or replace temp table effective_findings as select * from main.effective_findings';
    try {
      await this.connection.run(text);
    } catch (cause) {
      throw new QueryError('refresh effective_findings', text, undefined, { cause });
    }
    this.findingsSnapshot = true;
  }

  private async dropFindingsSnapshot(): Promise<void> {
    if (!this.findingsSnapshot) return;
    this.findingsSnapshot = false;
    await this.connection.run('drop table if exists temp.effective_findings');
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
  ): Promise<T[]> {
    return this.store.all<T>(statement, params);
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
        for (const value of row) {
          if (value === null || value === undefined) appender.appendNull();
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
