/**
 * The portfolio at a glance. Aggregates the rows of `supplierScores` and `supplierPoamSummaries` in TypeScript rather
 * than in a third SQL statement, so the status rules live in exactly one query (supplier-scores.sql) and a caller that
 * already has those rows (the CLI, the report) can pass them in instead of running them twice.
 */
import {
  CMMC_STATUSES,
  type CmmcLevel,
  type CmmcStatus,
  LEVEL2_CONDITIONAL_MIN_SCORE,
  LEVEL2_MAX_SCORE,
} from '@cmmc/catalog';
import type { Store } from '@cmmc/store';
import { type ExpiryWindow, expiringConditionals } from './expiring-conditionals.js';
import {
  type EligibilityRow,
  type PortfolioFigures,
  portfolioFigures,
} from './portfolio-figures.js';
import { type RequirementFailure, requirementFailures } from './requirement-failures.js';
import { supplierEligibility } from './supplier-eligibility.js';
import { type SupplierPoamSummary, supplierPoamSummaries } from './supplier-poam-summaries.js';
import { type SupplierScore, supplierScores } from './supplier-scores.js';

export interface StatusCounts {
  level: CmmcLevel;
  total: number;
  byStatus: Record<CmmcStatus, number>;
}

export interface ScoreBucket {
  label: string;
  /** Inclusive bounds; null = unbounded. */
  min: number | null;
  max: number | null;
  count: number;
}

/** Level 2 SPRS scores of every supplier's latest Level 2 assessment. */
export interface ScoreDistribution {
  /** Suppliers with a score. */
  count: number;
  /** Suppliers without one (3.12.4 NOT MET). */
  noScore: number;
  min: number | null;
  /** Quartiles by linear interpolation between closest ranks (as DuckDB `quantile_cont`). */
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
  mean: number | null;
  /** <0, 0-49, 50-87, 88-109, 110: below zero, low, below the Conditional minimum, Conditional range, perfect. */
  histogram: ScoreBucket[];
}

export interface ScoreChanges {
  improved: number;
  declined: number;
  unchanged: number;
  /** Latest assessment with no earlier one at the level (or no score to compare). */
  noComparison: number;
  /** Mean of the changes that could be computed; null when none. */
  meanChange: number | null;
}

export interface PoamTotals {
  openItems: number;
  closedItems: number;
  overdueItems: number;
  milestonesOverdue: number;
  suppliersWithOverdue: number;
}

export interface PortfolioSummary {
  asOf: string;
  suppliers: number;
  statusByLevel: StatusCounts[];
  level2Scores: ScoreDistribution;
  /** Most failed Level 2 requirements, count and rate. */
  mostFailed: RequirementFailure[];
  /** Latest Level 2 score against the previous Level 2 assessment of the same supplier. */
  level2Changes: ScoreChanges;
  poam: PoamTotals;
  expiringConditionals: Record<ExpiryWindow, number>;
  /** Every number the portfolio report's cover and summary tables show (see portfolio-figures.ts). */
  figures: PortfolioFigures;
}

export interface PortfolioSummaryOptions {
  asOf: string;
  /** How many of the most failed requirements to list (default 10). */
  mostFailedLimit?: number;
  /** Rows of `supplierScores(store, { asOf })`, when already computed. */
  scores?: readonly SupplierScore[];
  /** Rows of `supplierPoamSummaries(store, { asOf })`, when already computed. */
  poamSummaries?: readonly SupplierPoamSummary[];
  /** Rows of `supplierEligibility(store, { asOf })` (each supplier against its own required status), when at hand. */
  eligibility?: readonly EligibilityRow[];
}

/** Counts by status and level, score distribution, most failed requirements, change since last, POA&M totals. */
export async function portfolioSummary(
  store: Store,
  options: PortfolioSummaryOptions,
): Promise<PortfolioSummary> {
  const { asOf } = options;
  const scores = options.scores ?? (await supplierScores(store, { asOf }));
  const poam = options.poamSummaries ?? (await supplierPoamSummaries(store, { asOf }));
  const mostFailed = await requirementFailures(store, {
    asOf,
    level: 2,
    limit: options.mostFailedLimit ?? 10,
  });
  const expiring = await expiringConditionals(store, { asOf, scores });
  const level2 = scores.filter((s) => s.level === 2);
  const eligibility = options.eligibility ?? (await supplierEligibility(store, { asOf }));
  const summary: Omit<PortfolioSummary, 'figures'> = {
    asOf,
    suppliers: new Set(scores.map((s) => s.organizationId)).size,
    statusByLevel: countStatuses(scores),
    level2Scores: distribution(level2),
    mostFailed,
    level2Changes: changes(level2),
    poam: {
      openItems: sum(poam.map((p) => p.openItems)),
      closedItems: sum(poam.map((p) => p.closedItems)),
      overdueItems: sum(poam.map((p) => p.overdueItems)),
      milestonesOverdue: sum(poam.map((p) => p.milestonesOverdue)),
      suppliersWithOverdue: new Set(
        poam.filter((p) => p.overdueItems > 0).map((p) => p.organizationId),
      ).size,
    },
    expiringConditionals: expiring.counts,
  };
  return { ...summary, figures: portfolioFigures(summary, scores, eligibility) };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function countStatuses(scores: readonly SupplierScore[]): StatusCounts[] {
  const levels = [...new Set(scores.map((s) => s.level))].sort();
  return levels.map((level) => {
    const byStatus = Object.fromEntries(CMMC_STATUSES.map((s) => [s, 0])) as Record<
      CmmcStatus,
      number
    >;
    const atLevel = scores.filter((s) => s.level === level);
    for (const s of atLevel) byStatus[s.status] += 1;
    return { level, total: atLevel.length, byStatus };
  });
}

/** Linear interpolation between closest ranks (Hyndman-Fan type 7), on sorted values. */
function quantile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (h - lo) * (b - a);
}

function distribution(level2: readonly SupplierScore[]): ScoreDistribution {
  const values = level2
    .map((s) => s.score)
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  const buckets: ScoreBucket[] = [
    { label: '<0', min: null, max: -1, count: 0 },
    { label: '0-49', min: 0, max: 49, count: 0 },
    {
      label: `50-${LEVEL2_CONDITIONAL_MIN_SCORE - 1}`,
      min: 50,
      max: LEVEL2_CONDITIONAL_MIN_SCORE - 1,
      count: 0,
    },
    {
      label: `${LEVEL2_CONDITIONAL_MIN_SCORE}-${LEVEL2_MAX_SCORE - 1}`,
      min: LEVEL2_CONDITIONAL_MIN_SCORE,
      max: LEVEL2_MAX_SCORE - 1,
      count: 0,
    },
    { label: `${LEVEL2_MAX_SCORE}`, min: LEVEL2_MAX_SCORE, max: LEVEL2_MAX_SCORE, count: 0 },
  ];
  for (const v of values) {
    const bucket = buckets.find(
      (b) => (b.min === null || v >= b.min) && (b.max === null || v <= b.max),
    );
    if (bucket) bucket.count += 1;
  }
  return {
    count: values.length,
    noScore: level2.length - values.length,
    min: values[0] ?? null,
    q1: quantile(values, 0.25),
    median: quantile(values, 0.5),
    q3: quantile(values, 0.75),
    max: values[values.length - 1] ?? null,
    mean: values.length === 0 ? null : sum(values) / values.length,
    histogram: buckets,
  };
}

function changes(level2: readonly SupplierScore[]): ScoreChanges {
  const deltas = level2.map((s) => s.scoreChange).filter((c): c is number => c !== null);
  return {
    improved: deltas.filter((d) => d > 0).length,
    declined: deltas.filter((d) => d < 0).length,
    unchanged: deltas.filter((d) => d === 0).length,
    noComparison: level2.length - deltas.length,
    meanChange: deltas.length === 0 ? null : sum(deltas) / deltas.length,
  };
}
