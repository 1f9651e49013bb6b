import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@cmmc/store';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestPaths } from './ingest-paths.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('byte-identical files from two suppliers', () => {
  it('loads both: the SHA-256 makes a file unchanged only at the same path', async () => {
    const root = mkdtempSync(join(tmpdir(), 'identical-'));
    dirs.push(root);
    // An all-MET export with no supplier name in it: the folder names the supplier.
    const csv = `Requirement,Status\n${['3.1.1', '3.1.2'].map((id) => `${id},Met`).join('\n')}\nAssessment Date,2026-05-01\n`;
    for (const supplier of ['alpha-machining', 'beta-optics']) {
      mkdirSync(join(root, supplier));
      writeFileSync(join(root, supplier, 'assessment.csv'), csv);
    }
    const store = await openStore(':memory:');
    try {
      const first = await ingestPaths(store, [root], { assessmentDate: '2026-05-01' });
      expect(first.files.map((f) => [f.status, f.organization])).toEqual([
        ['loaded', 'alpha machining'],
        ['loaded', 'beta optics'],
      ]);
      const again = await ingestPaths(store, [root], { assessmentDate: '2026-05-01' });
      expect(again.files.map((f) => f.status)).toEqual(['unchanged', 'unchanged']);
      const [row] = await store.all<{ n: number }>('select count(*) as n from assessments');
      expect(row?.n).toBe(2);
    } finally {
      store.close();
    }
  });
});
