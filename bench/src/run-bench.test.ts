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

// hostile-ingest generates 40 MB of worst files and takes a minute on them; apps/cli/src/hostile-files.test.ts runs
// the same files through `cmmc ingest` and bounds the same peak RSS.
const SMOKE_STAGES = STAGES.filter((s) => s !== 'hostile-ingest');

describe('runBench --quick', () => {
  it('produces every stage figure with its unit', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'cmmc-bench-'));
    try {
      const results = await runBench({
        suppliers: [12],
        quick: true,
        stages: SMOKE_STAGES,
        workDir,
        pandas: 'auto',
        supplierPdfSample: 2,
        baselinePdfSample: 1,
        analyticsRepeats: 1,
      });
      expect(results.node).toBe(process.version);
      expect(results.machine.cores).toBeGreaterThan(0);
      for (const stage of SMOKE_STAGES) {
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
