import { describe, expect, it } from 'vitest';
import { IngestError } from '../errors.js';
import { workbookBytes } from '../test-utils.js';
import { readWorkbook } from './read-workbook.js';
import { loadWorkbookInWorker } from './workbook-pool.js';
import { inspectZip } from './zip-directory.js';

/** CPU time this process (all threads) spends over `ms` of wall time, in ms. */
async function cpuDuring(ms: number): Promise<number> {
  const start = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

describe('the workbook worker pool', () => {
  it('stops a read at the time budget: READ_TIMEOUT, no CPU burnt afterwards, the next read works', async () => {
    const big = await workbookBytes((wb) => {
      const ws = wb.addWorksheet('Big');
      ws.addRow(['Requirement', 'Status', 'Comments']);
      for (let i = 0; i < 40_000; i++) ws.addRow(['3.1.1', 'Met', `comment number ${i}`]);
    });
    const started = Date.now();
    const error = await readWorkbook(big, 'big.xlsx', {
      timeoutMs: 150,
      maxUncompressedBytes: 100_000_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).code).toBe('READ_TIMEOUT');
    expect((error as IngestError).message).toMatch(/^big\.xlsx: reading the workbook took longer/);
    expect(Date.now() - started).toBeLessThan(2000);
    // A parse left running would keep one core busy (~500 ms of CPU in 500 ms); a terminated worker costs nothing.
    expect(await cpuDuring(500)).toBeLessThan(250);

    const small = await workbookBytes((wb) => {
      wb.addWorksheet('S').addRow(['Requirement', 'Status']);
    });
    const doc = await readWorkbook(small, 's.xlsx', {
      timeoutMs: 10_000,
      maxUncompressedBytes: 100_000_000,
    });
    expect(doc.sheets[0]?.rows[0]?.map((c) => c.text)).toEqual(['Requirement', 'Status']);
  }, 30_000);

  it('parses several workbooks at once and reports exceljs errors without losing a worker', async () => {
    const bytes = await workbookBytes((wb) => {
      wb.addWorksheet('S').addRow(['a', 1]);
    });
    const flipped = Buffer.from(bytes);
    for (let i = 0; i < 50; i++) flipped[600 + i] = (flipped[600 + i] ?? 0) ^ 0xff;
    const load = (b: Buffer) => {
      const zip = inspectZip(b);
      if (!zip.ok) throw new Error(zip.message);
      const limits = { maxCells: 1000, uncompressedBytes: zip.summary.uncompressedBytes };
      return loadWorkbookInWorker(b, zip.summary.entries, limits, 10_000);
    };
    const results = await Promise.all([load(bytes), load(flipped), load(bytes), load(bytes)]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true, true]);
    const [first] = results;
    expect(first?.ok && first.value[0]?.rows[0]).toEqual(['a', 1]);
  }, 30_000);
});
