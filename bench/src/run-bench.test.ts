/**
 * The CI smoke run of the benchmark: every stage on a tiny portfolio, so the benchmark code keeps working. It checks
 * only that every figure is produced with a unit, never how fast anything was (timings belong in results.json).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAGES } from './figures.js';
import { runBench } from './run-bench.js';

describe('runBench --quick', () => {
  it('produces every stage figure with its unit', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'cmmc-bench-'));
    try {
      const results = await runBench({
        suppliers: [12],
        quick: true,
        workDir,
        pandas: 'auto',
        supplierPdfSample: 2,
        baselinePdfSample: 1,
        analyticsRepeats: 1,
      });
      expect(results.node).toBe(process.version);
      expect(results.machine.cores).toBeGreaterThan(0);
      for (const stage of STAGES) {
        expect(results.figures.some((f) => f.stage === stage)).toBe(true);
      }
      for (const f of results.figures) {
        expect(f.unit, f.name).toMatch(/\S/);
        expect(Number.isFinite(f.value), `${f.stage} ${f.name}`).toBe(true);
        if (f.target) expect(typeof f.met).toBe('boolean');
      }
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  });
});
