import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quotedString } from '@cmmc/store';
import { describe, expect, it } from 'vitest';
import { exportParquet, PARQUET_TABLES } from './parquet.js';
import { openPortfolio, tableChecksums } from './test-support/portfolio.js';

describe('exportParquet', () => {
  it('writes every table, partitioned by organization, readable again with read_parquet', async () => {
    const store = await openPortfolio();
    const dir = mkdtempSync(join(tmpdir(), 'parquet-'));
    try {
      const before = await tableChecksums(store);
      const layout = await exportParquet(store, dir);
      expect(layout.map((t) => t.table)).toEqual(PARQUET_TABLES.map((t) => t.table));
      expect(await tableChecksums(store)).toEqual(before);
      expect(existsSync(join(dir, 'poam_items', 'organization_id=1'))).toBe(true);
      for (const { table, path, partitioned } of layout) {
        const files = partitioned ? join(dir, path, '**', '*.parquet') : join(dir, path);
        const [db] = await store.all<{ n: number }>(`select count(*) as n from ${table}`);
        if (db?.n === 0) continue;
        const [copy] = await store.all<{ n: number }>(
          `select count(*) as n from read_parquet(${quotedString(files)}, hive_partitioning = true)`,
        );
        expect([table, copy?.n]).toEqual([table, db?.n]);
      }
      const perOrg = await store.all<{ organization_id: number; n: number }>(
        `select organization_id, count(*) as n from read_parquet(${quotedString(join(dir, 'requirement_results', '**', '*.parquet'))}, hive_partitioning = true) group by 1 order by 1`,
      );
      expect(perOrg).toEqual([
        { organization_id: 1, n: 110 },
        { organization_id: 2, n: 110 },
      ]);
      // Staged inside the folder and renamed into place: no staging folder is left.
      expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
      await expect(exportParquet(store, dir)).rejects.toMatchObject({ code: 'OUTPUT_EXISTS' });
      await expect(exportParquet(store, dir, { overwrite: true })).resolves.toHaveLength(
        PARQUET_TABLES.length,
      );
      expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
