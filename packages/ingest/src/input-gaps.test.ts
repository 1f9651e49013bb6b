/**
 * Issue 13, point 6: smaller gaps found the same day. A bad suppliers.csv row is skipped with its line and column,
 * never the whole manifest; symbolic links in a folder are followed once, loops and broken links reported; a file
 * name that is not UTF-8 is reported by its bytes; a file that states its level refuses ids of another level.
 */
import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from './ingest-paths.js';
import { count, withFiles } from './test-utils.js';

const csv = (company: string) =>
  `Company,${company}\nAssessment Date,2026-05-01\n\nRequirement,Status\n3.1.1,Met\n3.1.2,Not Met\n`;

describe('suppliers.csv with bad rows', { timeout: 30_000 }, () => {
  it('skips the bad rows with line and column, applies the good one, loads every file', async () => {
    await withFiles(
      {
        'suppliers.csv':
          'name,CAGE,file,assessment date\nGood Co,1GOOD,a.csv,2026-05-02\nBad Cage Co,NOT-A-CAGE,b.csv,2026-05-03\nBad Date Co,3BADD,c.csv,2026-02-30\n',
        'a.csv': csv('A in file'),
        'b.csv': csv('B in file'),
        'c.csv': csv('C in file'),
      },
      async (store, dir) => {
        const report = await ingestPaths(store, [dir]);
        const manifest = report.files.find((f) => f.path.endsWith('suppliers.csv'));
        expect(manifest?.status).toBe('failed');
        expect(manifest?.rejected.map((r) => [r.row, r.column, r.reason])).toEqual([
          [3, 'B', 'MANIFEST_INVALID'],
          [4, 'D', 'MANIFEST_INVALID'],
        ]);
        expect(manifest?.rejected[0]?.message).toMatch(
          /suppliers\.csv › B3 \(CAGE\): "NOT-A-CAGE"/,
        );
        expect(
          report.files.filter((f) => f.status === 'loaded').map((f) => f.organization),
        ).toEqual(['Good Co', 'B in file', 'C in file']);
      },
    );
  });
});

describe('folders with symbolic links and odd names', { timeout: 30_000 }, () => {
  it('reads a linked file once, and names a link to a folder, a loop and a broken link', async () => {
    await withFiles(
      {
        'outside/linked.csv': csv('Linked Co'),
        'in/own.csv': csv('Own Co'),
        'other/deep.csv': csv('Deep Co'),
      },
      async (store, dir) => {
        const folder = join(dir, 'in');
        await symlink(join(dir, 'outside/linked.csv'), join(folder, 'a-link.csv'));
        await symlink(join(folder, 'own.csv'), join(folder, 'b-same-as-own.csv'));
        await symlink(join(dir, 'other'), join(folder, 'c-folder-link'));
        await symlink(join(folder, 'd-loop.csv'), join(folder, 'd-loop.csv'));
        await symlink(join(dir, 'nowhere.csv'), join(folder, 'e-broken.csv'));
        const report = await ingestPaths(store, [folder]);
        const byName = Object.fromEntries(
          report.files.map((f) => [f.path.slice(folder.length + 1), f.status]),
        );
        expect(byName).toEqual({
          'a-link.csv': 'loaded',
          'b-same-as-own.csv': 'loaded',
          'c-folder-link': 'failed',
          'd-loop.csv': 'failed',
          'e-broken.csv': 'failed',
        });
        // own.csv is the same file as b-same-as-own.csv: read once.
        expect(await count(store, 'source_files')).toBe(2);
        const errors = report.files.map((f) => f.error ?? '').join('\n');
        expect(errors).toContain('is a link to a folder, which is not followed');
        expect(errors).toContain('too many levels of symbolic links');
        expect(errors).toContain('is a link whose target does not exist');
      },
    );
  });

  it('reports a file name that is not valid UTF-8 by its bytes, never "no such file"', async () => {
    await withFiles({ 'good.csv': csv('Good Co') }, async (store, dir) => {
      const bad = Buffer.concat([
        Buffer.from(`${dir}/acme-`),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('.csv'),
      ]);
      await writeFile(bad, csv('Latin Co'));
      const report = await ingestPaths(store, [dir]);
      const failed = report.files.find((f) => f.status === 'failed');
      expect(failed?.path).toContain('acme-\\xff\\xfe.csv');
      expect(failed?.error).toContain('not valid UTF-8 (bytes 61 63 6d 65 2d ff fe 2e 63 73 76)');
      expect(failed?.error).not.toContain('no such file');
      expect(report.files.filter((f) => f.status === 'loaded')).toHaveLength(1);
    });
  });
});

describe('a file that states its level', { timeout: 30_000 }, () => {
  it('rejects ids of another level as rows: a Level 1 file with Level 3 ids makes no Level 3 assessment', async () => {
    await withFiles(
      {
        'l1.csv':
          'Company,One Co\nAssessment Date,2026-05-01\nLevel,1\n\nRequirement,Status\nAC.L1-b.1.i,Met\nIR.L3-3.6.1e,Met\n',
      },
      async (store, dir) => {
        const report = await ingestPaths(store, [dir]);
        expect(report.files[0]?.rejected.map((r) => [r.reason, r.row])).toEqual([
          ['NOT_IN_LEVEL', 7],
        ]);
        expect(await store.all('select level from assessments')).toEqual([{ level: 1 }]);
      },
    );
  });
});
