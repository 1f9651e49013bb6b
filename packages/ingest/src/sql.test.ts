/** Prepares every file in sql/ against a freshly migrated store, so a misspelt column fails here, not in a load. */
import { readdirSync } from 'node:fs';
import { openStore } from '@cmmc/store';
import { describe, expect, it } from 'vitest';
import { sql } from './load/sql.js';

describe('sql/', () => {
  it('every statement binds against the schema', async () => {
    const store = await openStore(':memory:');
    try {
      const names = readdirSync(new URL('../sql/', import.meta.url)).filter((f) =>
        f.endsWith('.sql'),
      );
      expect(names.length).toBeGreaterThan(10);
      for (const name of names) {
        const statement = sql(name.replace(/\.sql$/, ''));
        expect(statement.text).toMatch(/^-- /);
        await store.run(`prepare check_statement as ${statement.text.replace(/^--.*$/gm, '')}`);
        await store.run('deallocate check_statement');
      }
    } finally {
      store.close();
    }
  });
});
