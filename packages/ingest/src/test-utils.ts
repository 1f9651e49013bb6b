/**
 * Helpers for this package's tests: a temp folder written from a `{ path: contents }` object (the changesets
 * `testdir` idea) and a fresh in-memory store per test, closed afterwards.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openStore, type Store } from '@cmmc/store';
import ExcelJS from 'exceljs';

export async function testDir(
  files: Record<string, string | Buffer | Uint8Array>,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cmmc-ingest-'));
  for (const [name, contents] of Object.entries(files)) {
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, contents);
  }
  return dir;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Runs `fn` with a fresh in-memory store and a temp folder of `files`, cleaning both up. */
export async function withFiles<T>(
  files: Record<string, string | Buffer | Uint8Array>,
  fn: (store: Store, dir: string) => Promise<T>,
): Promise<T> {
  const store = await openStore(':memory:');
  const dir = await testDir(files);
  try {
    return await fn(store, dir);
  } finally {
    store.close();
    await removeDir(dir);
  }
}

/** A workbook built inline: `build` fills it, the bytes come back. */
export async function workbookBytes(build: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(Date.UTC(2026, 0, 1));
  workbook.modified = new Date(Date.UTC(2026, 0, 1));
  build(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** `count(store, 'requirement_results', "finding = 'MET'")`. */
export async function count(store: Store, table: string, where = 'true'): Promise<number> {
  const [row] = await store.all<{ n: number }>(`select count(*) as n from ${table} where ${where}`);
  return row?.n ?? 0;
}
