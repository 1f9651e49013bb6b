import { loadSql, type SqlStatement } from '@cmmc/store';

const dir = new URL('../../sql/', import.meta.url);

/** A statement from packages/ingest/sql/<name>.sql. */
export function sql(name: string): SqlStatement {
  return loadSql(dir, name);
}
