/**
 * Where a run's results go unless `--out` names a file. bench/results.json is committed and the README's "Latest
 * figures" quote it, so only the documented full run replaces it by default; a quick run, a subset of stages, other
 * sizes or a run without the pandas baseline goes to the git-ignored results.local.json, and a run meant for
 * results.json (adding 10,000 suppliers with `--merge`, say) names it with `--out bench/results.json`.
 */
import { join } from 'node:path';
import { STAGES, type StageName } from './figures.js';

/** The portfolio sizes of the full run, in suppliers (`npm run bench` without `--suppliers`). */
export const FULL_RUN_SUPPLIERS: readonly number[] = [100, 1000];

export const COMMITTED_RESULTS = 'results.json';
export const LOCAL_RESULTS = 'results.local.json';

export interface RunShape {
  suppliers: readonly number[];
  quick: boolean;
  stages: readonly StageName[];
  /** Whether the pandas baseline was asked for (not `--no-pandas`). */
  pandas: boolean;
}

/** The full run: every stage at exactly `FULL_RUN_SUPPLIERS` (any order), full samples, pandas baseline asked for. */
export function isFullRun(run: RunShape): boolean {
  const sizes = [...new Set(run.suppliers)].sort((a, b) => a - b);
  return (
    !run.quick &&
    run.pandas &&
    STAGES.every((s) => run.stages.includes(s)) &&
    sizes.length === FULL_RUN_SUPPLIERS.length &&
    sizes.every((n, i) => n === FULL_RUN_SUPPLIERS[i])
  );
}

/** `benchDir/results.json` for the full run, `benchDir/results.local.json` for any other. */
export function defaultResultsFile(run: RunShape, benchDir: string): string {
  return join(benchDir, isFullRun(run) ? COMMITTED_RESULTS : LOCAL_RESULTS);
}
