import { describe, expect, it } from 'vitest';
import { openStore } from './store.js';

describe('schema comments', () => {
  it('every table, view and macro of the schema says what it holds (migration 012)', async () => {
    const store = await openStore(':memory:');
    try {
      const missing = await store.all<{ name: string }>(
        `select table_name as name from duckdb_tables()
           where database_name = current_database() and schema_name = 'main'
             and table_name <> 'schema_migrations' and comment is null
         union all
         select view_name from duckdb_views()
           where database_name = current_database() and schema_name = 'main' and not internal
             and comment is null
         union all
         select function_name from duckdb_functions()
           where database_name = current_database() and schema_name = 'main'
             and function_type in ('macro', 'table_macro') and not internal and comment is null`,
      );
      expect(missing).toEqual([]);
      const [status] = await store.all<{ comment: string }>(
        "select comment from duckdb_functions() where function_name = 'supplier_status'",
      );
      expect(status?.comment).toContain('supplier_status(as_of');
    } finally {
      store.close();
    }
  });
});
