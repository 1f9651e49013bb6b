import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One SQL statement read from a `.sql` file; `name` (the file name without `.sql`) goes into error messages. */
export interface SqlStatement {
  readonly name: string;
  readonly text: string;
}

const cache = new Map<string, SqlStatement>();

/**
 * Reads `<dir>/<name>.sql` once. `dir` is a URL such as `new URL('../sql/', import.meta.url)`, which resolves to the
 * package's `sql/` folder from both `src/` (vitest) and `dist/` (node).
 */
export function loadSql(dir: URL, name: string): SqlStatement {
  const url = new URL(`${name}.sql`, dir);
  const key = url.href;
  let statement = cache.get(key);
  if (!statement) {
    statement = { name: basename(fileURLToPath(url), '.sql'), text: readFileSync(url, 'utf8') };
    cache.set(key, statement);
  }
  return statement;
}
