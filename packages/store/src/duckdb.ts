/**
 * The values the store takes from @duckdb/node-api, loaded with `require`. The package is CommonJS whose index
 * re-exports some 200 modules: imported from an ES module, Node runs cjs-module-lexer over every one of them to learn
 * their export names, and V8 then optimises the lexer, about 160 ms of CPU on every `cmmc` start for nothing
 * (three alternating runs: import 250-300 ms, require 104-122 ms). Types come from the package as usual.
 */
import { createRequire } from 'node:module';
import type * as DuckDB from '@duckdb/node-api';

const duckdb = createRequire(import.meta.url)('@duckdb/node-api') as typeof DuckDB;

export const DuckDBInstance = duckdb.DuckDBInstance;
export type DuckDBInstance = DuckDB.DuckDBInstance;
export const DuckDBDateValue = duckdb.DuckDBDateValue;
export type DuckDBDateValue = DuckDB.DuckDBDateValue;
export const DuckDBDecimalValue = duckdb.DuckDBDecimalValue;
export const DuckDBListValue = duckdb.DuckDBListValue;
export const DuckDBStructValue = duckdb.DuckDBStructValue;
export const DuckDBTimestampValue = duckdb.DuckDBTimestampValue;
export const DuckDBTypeId = duckdb.DuckDBTypeId;
export const quotedIdentifier = duckdb.quotedIdentifier;
export const quotedString = duckdb.quotedString;
