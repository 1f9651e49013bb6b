/**
 * The stamps a run records must still hold after the scheduler deletes old run folders, or the next run reads every
 * report it kept by hard link again: unlinking a name another folder shares moves the file's ctime.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileStampOf, ingestPaths } from '@cmmc/ingest';
import { openStore } from '@cmmc/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReports } from '../commands/report.js';
import { readRunManifest } from './run-manifest.js';

const small = new URL('../../../../fixtures/portfolios/small', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'cmmc-prune-stamps-'));
const database = join(root, 'p.duckdb');
afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(async () => {
  const store = await openStore(database);
  try {
    await ingestPaths(store, [small]);
  } finally {
    store.close();
  }
}, 120_000);

function run(day: string, from: string | null, beforeManifest?: () => Promise<void>) {
  return renderReports({
    database,
    asOf: '2026-11-23',
    outDir: join(root, 'reports', day),
    outputRoot: join(root, 'reports'),
    format: 'html',
    paper: 'letter',
    portfolio: false,
    suppliers: 'all',
    reuse: { from: from === null ? null : join(root, 'reports', from) },
    ...(beforeManifest ? { beforeManifest: async () => beforeManifest() } : {}),
  });
}

/** How many of a folder's recorded stamps no longer match the file. */
async function staleStamps(day: string): Promise<number> {
  const manifest = await readRunManifest(join(root, 'reports', day));
  let stale = 0;
  for (const entry of manifest?.values() ?? []) {
    if (entry.stamp === undefined || (await fileStampOf(entry.path)) !== entry.stamp) stale += 1;
  }
  return stale;
}

describe('stamps and pruning', () => {
  it('a folder pruned before the manifest is written leaves the kept reports stamped as they are', async () => {
    const first = await run('day-1', null);
    expect(first.rendered.length).toBeGreaterThan(0);
    expect(await staleStamps('day-1')).toBe(0);

    // Pruned after the manifest (the order before this change): every kept report's stamp is stale.
    const second = await run('day-2', 'day-1');
    expect(second.kept).toHaveLength(first.rendered.length);
    await rm(join(root, 'reports', 'day-1'), { recursive: true });
    expect(await staleStamps('day-2')).toBe(second.kept.length);

    // Pruned before the manifest, as the scheduler now does: none is.
    const third = await run('day-3', 'day-2', () =>
      rm(join(root, 'reports', 'day-2'), { recursive: true }),
    );
    expect(third.kept).toHaveLength(first.rendered.length);
    expect(await staleStamps('day-3')).toBe(0);
  }, 120_000);
});
