import { readdirSync, readFileSync } from 'node:fs';
import { loadSql, openStore } from '@cmmc/store';
import { describe, expect, it } from 'vitest';

const SQL = new URL('../sql/', import.meta.url);
const files = readdirSync(SQL).filter((f) => f.endsWith('.sql'));

/** A misspelt column or a .sql file no module loads fails here, before any export test runs it. */
describe('sql/', () => {
  it.each(files)(
    '%s runs against a freshly migrated store and is used by a module',
    async (file) => {
      const name = file.replace(/\.sql$/, '');
      const sources = readdirSync(new URL('./', import.meta.url))
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .map((f) => readFileSync(new URL(f, import.meta.url), 'utf8'))
        .join('\n');
      expect(sources).toContain(`'${name}'`);
      const store = await openStore(':memory:');
      try {
        const text = loadSql(SQL, name).text;
        await expect(
          store.all(text, text.includes('$org_id') ? { org_id: 1 } : undefined),
        ).resolves.toBeInstanceOf(Array);
      } finally {
        store.close();
      }
    },
  );
});
