/**
 * The inputs: generated portfolios, cached in the work folder (generation is seeded, so the same size and seed give
 * the same bytes), plus a CSV-only mirror of the CSV-heavy portfolio for the CSV stage.
 */
import { existsSync, linkSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePortfolio } from '@cmmc/generator';

export const BENCH_SEED = 'bench';
const DONE = '.bench-complete';

/** Generates `suppliers` suppliers into `dir` unless a complete copy is already there. */
export async function ensurePortfolio(
  dir: string,
  suppliers: number,
  asOf: string,
  layouts: 'all' | 'csv-heavy',
): Promise<{ dir: string; generatedSeconds: number | null }> {
  const marker = join(dir, DONE);
  if (existsSync(marker)) return { dir, generatedSeconds: null };
  rmSync(dir, { recursive: true, force: true });
  const start = performance.now();
  await generatePortfolio({ suppliers, seed: BENCH_SEED, outDir: dir, asOf, layouts });
  writeFileSync(marker, `${JSON.stringify({ suppliers, seed: BENCH_SEED, asOf, layouts })}\n`);
  return { dir, generatedSeconds: (performance.now() - start) / 1000 };
}

/**
 * A folder holding only the portfolio's supplier CSVs (hard links) and its suppliers.csv, so the ingester's run and
 * DuckDB's `read_csv` see exactly the same assessment files. Returns the folder and the CSV paths.
 */
export function csvMirror(source: string, target: string): { dir: string; files: string[] } {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  linkSync(join(source, 'suppliers.csv'), join(target, 'suppliers.csv'));
  const files: string[] = [];
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    mkdirSync(join(target, entry.name));
    for (const name of readdirSync(join(source, entry.name)).sort()) {
      if (!name.toLowerCase().endsWith('.csv')) continue;
      const to = join(target, entry.name, name);
      linkSync(join(source, entry.name, name), to);
      files.push(to);
    }
  }
  return { dir: target, files };
}
