/**
 * The analytics the issue times: scores + gaps + aging + summary, as the CLI's `portfolio` command and the report
 * run them (the summary reuses the scores and POA&M rows instead of querying them again). The first pass is cold
 * (a new store: DuckDB's first read of the file and the findings freshness check); the figure is the median of the
 * warm passes. Before them, the one-time cost after a load is timed apart: the materialised findings (store
 * migration 004) rebuilt for every assessment, as the first portfolio query after ingesting the whole portfolio
 * pays it.
 */
import {
  criticalGaps,
  portfolioSummary,
  supplierPoamSummaries,
  supplierScores,
} from '@cmmc/analytics';
import { openStore } from '@cmmc/store';
import { median, peakRssMiB, seconds } from './timing.js';

export interface AnalyticsMeasurement {
  /** `refreshEffectiveFindings` with every assessment stale: the first portfolio query after a full load. */
  materialiseSeconds: number;
  coldSeconds: number;
  warmSeconds: number;
  /** Median warm seconds of each query. */
  queries: Record<'scores' | 'gaps' | 'aging' | 'summary', number>;
  rows: { scores: number; gaps: number; aging: number };
  peakRssMiB: number;
}

export async function measureAnalytics(input: {
  database: string;
  asOf: string;
  repeats: number;
}): Promise<AnalyticsMeasurement> {
  const builder = await openStore(input.database);
  let materialiseSeconds: number;
  try {
    // forget what the table was built from, so that every assessment is recomputed
    await builder.run('delete from materialised_findings_sources');
    const start = performance.now();
    await builder.refreshEffectiveFindings();
    materialiseSeconds = seconds(start);
  } finally {
    builder.close();
  }
  const store = await openStore(input.database);
  const { asOf } = input;
  const passes: { total: number; scores: number; gaps: number; aging: number; summary: number }[] =
    [];
  let rows = { scores: 0, gaps: 0, aging: 0 };
  try {
    for (let i = 0; i < input.repeats + 1; i++) {
      const t0 = performance.now();
      const scores = await supplierScores(store, { asOf });
      const t1 = performance.now();
      const gaps = await criticalGaps(store, { asOf });
      const t2 = performance.now();
      const aging = await supplierPoamSummaries(store, { asOf });
      const t3 = performance.now();
      await portfolioSummary(store, { asOf, scores, poamSummaries: aging });
      const total = seconds(t0);
      const t4 = performance.now();
      passes.push({
        total,
        scores: (t1 - t0) / 1000,
        gaps: (t2 - t1) / 1000,
        aging: (t3 - t2) / 1000,
        summary: (t4 - t3) / 1000,
      });
      rows = { scores: scores.length, gaps: gaps.length, aging: aging.length };
    }
  } finally {
    store.close();
  }
  const warm = passes.slice(1);
  return {
    materialiseSeconds,
    coldSeconds: passes[0]?.total ?? Number.NaN,
    warmSeconds: median(warm.map((p) => p.total)),
    queries: {
      scores: median(warm.map((p) => p.scores)),
      gaps: median(warm.map((p) => p.gaps)),
      aging: median(warm.map((p) => p.aging)),
      summary: median(warm.map((p) => p.summary)),
    },
    rows,
    peakRssMiB: peakRssMiB(),
  };
}
