/**
 * The portfolio's figures: every number the portfolio report's cover and its summary tables show, computed once here
 * from the same rows `cmmc scores` and `cmmc poam` print. `cmmc portfolio --json` prints this object as `figures`,
 * the report renders its cover from it and `cmmc report portfolio --json` returns it, so the three cannot disagree.
 *
 * Suppliers are counted once each, by the status that decides whether they may be awarded work requiring their
 * required status: the rows of `supplierEligibility` (the store's `supplier_eligibility` macro, `cmmc eligibility`;
 * 32 CFR 170.15(b), 170.22). Statuses (one per supplier, level and kind, as `cmmc scores` lists them) are counted
 * separately and labelled as statuses.
 */
import {
  CMMC_STATUSES,
  type CmmcLevel,
  type CmmcStatus,
  DEFAULT_REQUIRED_STATUS,
  daysBetween,
  type EligibilityReasonCode,
  type RequiredStatus,
  requiredKind,
  STATUS_KIND_NAMES,
} from '@cmmc/catalog';
import type { PortfolioSummary } from './portfolio-summary.js';
import type { SupplierEligibility } from './supplier-eligibility.js';
import type { SupplierScore } from './supplier-scores.js';

/** What the cover calls each reason of `supplierEligibility`, in the order it lists them. */
export const ELIGIBILITY_REASON_LABELS: Record<EligibilityReasonCode, string> = {
  NO_STATUS_OF_KIND: 'no Final or Conditional status of the required kind',
  CONDITIONAL_EXPIRED: 'Conditional status expired: POA&M not closed out within 180 days',
  STATUS_LAPSED: 'status lapsed (past its validity)',
  AFFIRMATION_OVERDUE: 'annual affirmation overdue',
  ASSESSMENT_DATE_UNKNOWN: 'assessment date unknown',
};

/** What the figures need of a supplier's eligibility: a subset of `supplierEligibility`'s rows. */
export type EligibilityRow = Pick<
  SupplierEligibility,
  'organizationId' | 'requiredSource' | 'eligible' | 'status' | 'closeoutDeadline' | 'reasons'
>;

export interface StatusesAtLevel {
  level: CmmcLevel;
  /** Statuses (suppliers assessed at the level); sums `byStatus`. */
  total: number;
  byStatus: Record<CmmcStatus, number>;
}

export interface PortfolioFigures {
  asOf: string;
  /** What the suppliers were judged against. */
  requirement: {
    defaultRequired: RequiredStatus;
    defaultLabel: string;
    /** Suppliers whose own required status (suppliers.csv `required_status`) was used instead of the default. */
    suppliersWithOwnRequirement: number;
  };
  /** Organizations with at least one assessment on or before `asOf`. */
  suppliers: number;
  /** Rows of `cmmc scores`: one per supplier and level assessed. */
  statuses: number;
  /** Suppliers that may be awarded work at their required status today. */
  eligible: { total: number; final: number; conditional: number };
  /**
   * Eligible suppliers whose deciding status is Conditional, by days to its POA&M closeout deadline: 0-30, 31-60,
   * 61-90 and more than 90 (disjoint; they sum to `eligible.conditional`).
   */
  conditionalCloseout: { within30: number; within60: number; within90: number; later: number };
  /** Suppliers that may not be awarded work at their required status, by the reason that decides. */
  notEligible: {
    total: number;
    byReason: { code: string; label: string; suppliers: number }[];
  };
  /** Suppliers with at least one status whose annual affirmation is overdue (32 CFR 170.22). */
  affirmationOverdueSuppliers: number;
  /** Statuses by level and status, as `cmmc portfolio` prints them; `statusTotals` sums the levels. */
  statusesByLevel: StatusesAtLevel[];
  statusTotals: Record<CmmcStatus, number>;
  /** Level 2 SPRS scores: suppliers scored, without a score (SSP NOT MET), median and histogram (sums to `scored`). */
  level2Scores: {
    scored: number;
    noScore: number;
    median: number | null;
    histogram: { label: string; count: number }[];
  };
  poam: { openItems: number; overdueItems: number; suppliersWithOverdue: number };
}

/** The figures from the rows already computed for the summary (no query of its own, so nothing can drift). */
export function portfolioFigures(
  summary: Omit<PortfolioSummary, 'figures'>,
  scores: readonly SupplierScore[],
  eligibility: readonly EligibilityRow[],
): PortfolioFigures {
  const eligible = eligibility.filter((e) => e.eligible);
  const conditional = eligible.filter((e) => e.status === 'CONDITIONAL');
  const window = (min: number, max: number) =>
    conditional.filter((e) => {
      if (e.closeoutDeadline === null) return false;
      const days = daysBetween(summary.asOf, e.closeoutDeadline);
      return days >= min && days <= max;
    }).length;
  const notEligible = eligibility.filter((e) => !e.eligible);
  // Known codes in the cover's order, then any other code the status model adds, by its name.
  const codes = [
    ...Object.keys(ELIGIBILITY_REASON_LABELS),
    ...new Set(notEligible.map((e) => e.reasons[0]?.code ?? 'UNKNOWN')),
  ].filter((code, i, all) => all.indexOf(code) === i);
  const byReason = codes
    .map((code) => ({
      code,
      label: ELIGIBILITY_REASON_LABELS[code as EligibilityReasonCode] ?? code,
      suppliers: notEligible.filter((e) => (e.reasons[0]?.code ?? 'UNKNOWN') === code).length,
    }))
    .filter((r) => r.suppliers > 0);
  const statusTotals = Object.fromEntries(
    CMMC_STATUSES.map((status) => [status, scores.filter((s) => s.status === status).length]),
  ) as Record<CmmcStatus, number>;
  return {
    asOf: summary.asOf,
    requirement: {
      defaultRequired: DEFAULT_REQUIRED_STATUS,
      defaultLabel: STATUS_KIND_NAMES[requiredKind(DEFAULT_REQUIRED_STATUS)],
      suppliersWithOwnRequirement: eligibility.filter((e) => e.requiredSource === 'suppliers.csv')
        .length,
    },
    suppliers: eligibility.length,
    statuses: scores.length,
    eligible: {
      total: eligible.length,
      final: eligible.filter((e) => e.status === 'FINAL').length,
      conditional: conditional.length,
    },
    conditionalCloseout: {
      within30: window(0, 30),
      within60: window(31, 60),
      within90: window(61, 90),
      later: window(91, Number.POSITIVE_INFINITY),
    },
    notEligible: { total: notEligible.length, byReason },
    affirmationOverdueSuppliers: new Set(
      scores.filter((s) => s.affirmationOverdue).map((s) => s.organizationId),
    ).size,
    statusesByLevel: summary.statusByLevel.map((l) => ({
      level: l.level,
      total: l.total,
      byStatus: { ...l.byStatus },
    })),
    statusTotals,
    level2Scores: {
      scored: summary.level2Scores.count,
      noScore: summary.level2Scores.noScore,
      median: summary.level2Scores.median,
      histogram: summary.level2Scores.histogram.map((b) => ({ label: b.label, count: b.count })),
    },
    poam: {
      openItems: summary.poam.openItems,
      overdueItems: summary.poam.overdueItems,
      suppliersWithOverdue: summary.poam.suppliersWithOverdue,
    },
  };
}
