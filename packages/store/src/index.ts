export { quotedIdentifier, quotedString } from './duckdb.js';
export type { StoreErrorCode } from './errors.js';
export { QueryError, StoreError } from './errors.js';
export { schemaMigrations } from './migrate.js';
export type { SqlStatement } from './sql-files.js';
export { loadSql } from './sql-files.js';
export type { AllOptions, OpenStoreOptions, QueryParams } from './store.js';
export { defaultDatabasePath, openStore, Store, Transaction } from './store.js';
export type { Row, RowValue } from './values.js';
