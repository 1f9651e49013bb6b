export type StoreErrorCode =
  | 'DATABASE_BUSY'
  | 'DATABASE_MISSING'
  | 'OPEN_FAILED'
  | 'MIGRATION_FAILED'
  | 'SCHEMA_OUTDATED'
  | 'QUERY_FAILED'
  | 'STORE_CLOSED';

/** A failure of the DuckDB store; `message` is complete and names the database file or the query. */
export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A query that DuckDB refused, with the query's name (its .sql file), the SQL and the bound parameters. */
export class QueryError extends StoreError {
  override readonly name = 'QueryError';
  readonly queryName: string;
  readonly sql: string;
  readonly params: unknown;

  constructor(queryName: string, sql: string, params: unknown, options: { cause: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super('QUERY_FAILED', `query ${queryName} failed: ${reason}`, options);
    this.queryName = queryName;
    this.sql = sql;
    this.params = params;
  }
}
