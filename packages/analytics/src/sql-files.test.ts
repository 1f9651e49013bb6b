/**
 * Every query in sql/ runs against a freshly migrated, empty in-memory store (so a misspelt column or a broken CTE
 * fails here, not in the CLI), and every one is loaded by some module (so no .sql file is dead).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { openStore, type Store } from '@cmmc/store';
import { afterEach, describe, expect, it } from 'vitest';
import { sqlDir } from './sql-dir.js';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

const sqlFiles = readdirSync(sqlDir).filter((f) => f.endsWith('.sql'));
const srcDir = new URL('./', import.meta.url);
const modules = readdirSync(srcDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => readFileSync(new URL(f, srcDir), 'utf8'));

describe('sql/', () => {
  it.each(sqlFiles)('%s runs on an empty store', async (file) => {
    const store = await openStore(':memory:');
    stores.push(store);
    const text = readFileSync(new URL(file, sqlDir), 'utf8');
    expect(text.startsWith('--'), 'starts with a header comment').toBe(true);
    const names = [...new Set([...text.matchAll(/\$([a-z_]+)/g)].map((m) => m[1] as string))];
    const params = Object.fromEntries(names.map((n) => [n, n === 'as_of' ? '2026-11-28' : null]));
    await expect(store.all({ name: file, text }, params)).resolves.toBeInstanceOf(Array);
  });

  it.each(sqlFiles)('%s is used by a module', (file) => {
    const name = file.replace(/\.sql$/, '');
    expect(modules.some((m) => m.includes(`loadSql(sqlDir, '${name}')`))).toBe(true);
  });
});
