import {
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBStructValue,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';

/** A value as queries return it: numbers (never bigint), ISO strings for dates and timestamps, arrays, objects. */
export type RowValue = null | boolean | number | string | RowValue[] | { [key: string]: RowValue };
export type Row = Record<string, RowValue>;

/** Converts a DuckDB value to plain JSON-safe JavaScript. Counts and ids fit a double: they are far below 2^53. */
export function toRowValue(value: DuckDBValue): RowValue {
  if (
    value === null ||
    typeof value === 'boolean' ||
    typeof value === 'number' ||
    typeof value === 'string'
  ) {
    return value;
  }
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof DuckDBDateValue) return value.toString();
  if (value instanceof DuckDBTimestampValue) return value.toString();
  if (value instanceof DuckDBDecimalValue) return Number(value.toString());
  if (value instanceof DuckDBListValue) return value.items.map(toRowValue);
  if (value instanceof DuckDBStructValue) {
    return Object.fromEntries(Object.entries(value.entries).map(([k, v]) => [k, toRowValue(v)]));
  }
  return String(value);
}
