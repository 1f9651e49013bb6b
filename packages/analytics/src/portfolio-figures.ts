/**
 * The portfolio's figures: every number the portfolio report's cover and its summary tables show, computed once here
 * from the same rows `cmmc scores` and `cmmc poam` print. `cmmc portfolio --json` prints this object as `figures`,
 * the report renders its cover from it and `cmmc report portfolio --json` returns it, so the three cannot disagree.
 *
 * Suppliers are counted once each, by the status that decides whether they may be awarded work requiring their
 * required status (32 CFR 170.15(b) and 170.22 via `cmmc eligibility`). Statuses (one per supplier and level) are
 * counted separately and labelled as statuses.
 */
import { CMMC_STATUSES, type CmmcLevel, type CmmcStatus, daysBetween } from '@cmmc/catalog';
import type { PortfolioSummary } from './portfolio-summary.js';
import type { SupplierScore } from './supplier-scores.js';

/**
 * The status a contract requires, lowest first (L1 (Self) < L2 (Self) < L2 (C3PAO) < L3 (DIBCAC)), as `cmmc
 * eligibility --requires` writes it. The status-model work owns these in @cmmc/catalog; kept local (not exported) so
 * the two can meet without a name clash.
 */
const REQUIRED_STATUSES = ['L1', 'L2-self', 'L2-c3pao', 'L3'] as const;
type RequiredStatus = (typeof REQUIRED_STATUSES)[number];

/** Without a `required_status` for the supplier, it is judged against Level 2 (Self). */
const DEFAULT_REQUIRED_STATUS: RequiredStatus = 'L2-self';

const REQUIRED_STATUS_LABELS: Record<RequiredStatus, string> = {
  L1: 'Level 1 (Self)',
  'L2-self': 'Level 2 (Self)',
  'L2-c3pao': 'Level 2 (C3PAO)',
  L3: 'Level 3 (DIBCAC)',
};

type EligibilityReasonCode =
  | 'NO_STATUS_OF_KIND'
  | 'CONDITIONAL_EXPIRED'
  | 'STATUS_LAPSED'
  | 'AFFIRMATION_OVERDUE'
  | 'ASSESSMENT_DATE_UNKNOWN';

/** What the cover calls each reason, in the order it lists them. */
export const ELIGIBILITY_REASON_LABELS: Record<EligibilityReasonCode, string> = {
  NO_STATUS_OF_KIND: 'no Final or Conditional status of the required kind',
  CONDITIONAL_EXPIRED: 'Conditional status expired: POA&M not closed out within 180 days',
  STATUS_LAPSED: 'status lapsed (past its validity)',
  AFFIRMATION_OVERDUE: 'annual affirmation overdue',
  ASSESSMENT_DATE_UNKNOWN: 'assessment date unknown',
};

/**
 * What the figures need of a supplier's eligibility: the rows of `decideEligibility` below, or of the status model's
 * `supplierEligibility` (store macro `supplier_eligibility`), which have these fields too.
 */
export interface EligibilityRow {
  organizationId: number;
  required: string;
  /** 'suppliers.csv' when the supplier's own required status was used (status model); absent here. */
  requiredSource?: string;
  eligible: boolean;
  status: string | null;
  closeoutDeadline: string | null;
  reasons: readonly { code: string }[];
}

/** One supplier judged against its required status on `asOf`; the shape of `cmmc eligibility --json` rows. */
export interface EligibilityDecision extends EligibilityRow {
  organizationName: string;
  cage: string | null;
  required: RequiredStatus;
  /** "Level 2 (Self)". */
  requiredLabel: string;
  /** The status row that decides (in force and of the required kind if any, else the closest one); null if none. */
  assessmentId: number | null;
  level: CmmcLevel | null;
  status: CmmcStatus | null;
  statusLabel: string | null;
  statusExpiresOn: string | null;
  /** Only for a deciding Conditional status. */
  closeoutDeadline: string | null;
  daysToDeadline: number | null;
  affirmationCurrent: boolean;
  reasons: { code: EligibilityReasonCode; message: string }[];
}

/** Rank of the status kind an assessment gives (level and who assessed); compared with the required rank. */
function kindRank(s: SupplierScore): number {
  if (s.level === 1) return 1;
  if (s.level === 3) return 4;
  return s.assessmentType === 'self' ? 2 : 3;
}

function kindLabel(s: SupplierScore): string {
  if (s.level === 1) return 'Level 1 (Self)';
  if (s.level === 3) return 'Level 3 (DIBCAC)';
  return s.assessmentType === 'self' ? 'Level 2 (Self)' : 'Level 2 (C3PAO)';
}

const STATUS_WORDS: Record<CmmcStatus, string | null> = {
  FINAL: 'Final',
  CONDITIONAL: 'Conditional',
  EXPIRED: 'Expired',
  NO_STATUS: null,
};

/** "Final Level 2 (C3PAO)", "Conditional Level 2 (Self)"; null without a status (32 CFR 170.4 wording). */
function statusLabelOf(s: SupplierScore): string | null {
  const word = STATUS_WORDS[s.status];
  return word === null ? null : `${word} ${kindLabel(s)}`;
}

const inForce = (s: SupplierScore) => s.status === 'FINAL' || s.status === 'CONDITIONAL';

/**
 * Each supplier of `scores` judged against `required` (a supplier's own, else the default). A supplier is eligible
 * when it holds a status in force of the required kind or a higher one and its annual affirmation is current
 * (32 CFR 170.22). Reads the rows of `supplierScores`; the store's `supplier_eligibility` macro of the status-model
 * work answers the same question once it exists, and this is where it plugs in.
 */
export function decideEligibility(
  scores: readonly SupplierScore[],
  options: { asOf: string; required?: (organizationId: number) => RequiredStatus | undefined },
): EligibilityDecision[] {
  const byOrganization = new Map<number, SupplierScore[]>();
  for (const s of scores) {
    const list = byOrganization.get(s.organizationId);
    if (list) list.push(s);
    else byOrganization.set(s.organizationId, [s]);
  }
  const rows: EligibilityDecision[] = [];
  for (const [organizationId, statuses] of byOrganization) {
    const first = statuses[0] as SupplierScore;
    const required = options.required?.(organizationId) ?? DEFAULT_REQUIRED_STATUS;
    const requiredRank = REQUIRED_STATUSES.indexOf(required) + 1;
    const ofKind = statuses.filter((s) => kindRank(s) >= requiredRank);
    // Deciding row: in force with a current affirmation, Final before Conditional, lowest sufficient kind first.
    const order = (s: SupplierScore) =>
      (inForce(s) ? 0 : 4) +
      (s.affirmationOverdue ? 2 : 0) +
      (s.status === 'FINAL' ? 0 : 1) +
      kindRank(s) / 10;
    const deciding = [...ofKind].sort((a, b) => order(a) - order(b))[0] ?? null;
    const reasons: EligibilityDecision['reasons'] = [];
    const requiredLabel = REQUIRED_STATUS_LABELS[required];
    if (deciding === null) {
      reasons.push({
        code: 'NO_STATUS_OF_KIND',
        message: `no ${requiredLabel} or higher assessment on record by ${options.asOf}`,
      });
    } else if (!inForce(deciding)) {
      const windowPassed = deciding.reasons.some((r) => r.code === 'CONDITIONAL_WINDOW_PASSED');
      if (deciding.status === 'EXPIRED' && windowPassed) {
        reasons.push({
          code: 'CONDITIONAL_EXPIRED',
          message: `the Conditional ${kindLabel(deciding)} status expired on ${deciding.closeoutDeadline} with POA&M items open (32 CFR 170.21(b))`,
        });
      } else if (deciding.status === 'EXPIRED') {
        reasons.push({
          code: 'STATUS_LAPSED',
          message: `the ${kindLabel(deciding)} status lapsed on ${deciding.statusExpiresOn}`,
        });
      } else {
        reasons.push({
          code: 'NO_STATUS_OF_KIND',
          message: `the ${kindLabel(deciding)} assessment of ${deciding.assessmentDate} gives no status: ${deciding.reasons[0]?.message ?? 'requirements not met'}`,
        });
      }
    } else if (deciding.affirmationOverdue) {
      reasons.push({
        code: 'AFFIRMATION_OVERDUE',
        message: `no annual affirmation of the ${kindLabel(deciding)} status since ${deciding.affirmationDueOn} (32 CFR 170.22)`,
      });
    }
    const conditional = deciding?.status === 'CONDITIONAL';
    rows.push({
      organizationId,
      organizationName: first.organizationName,
      cage: first.cage,
      required,
      requiredLabel,
      eligible: reasons.length === 0,
      assessmentId: deciding?.assessmentId ?? null,
      level: deciding?.level ?? null,
      status: deciding?.status ?? null,
      statusLabel: deciding ? statusLabelOf(deciding) : null,
      statusExpiresOn: deciding?.statusExpiresOn ?? null,
      closeoutDeadline: conditional ? deciding.closeoutDeadline : null,
      daysToDeadline:
        conditional && deciding.closeoutDeadline !== null
          ? daysBetween(options.asOf, deciding.closeoutDeadline)
          : null,
      affirmationCurrent: deciding !== null && inForce(deciding) && !deciding.affirmationOverdue,
      reasons,
    });
  }
  return rows.sort((a, b) => a.organizationName.localeCompare(b.organizationName));
}

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
      defaultLabel: REQUIRED_STATUS_LABELS[DEFAULT_REQUIRED_STATUS],
      suppliersWithOwnRequirement: eligibility.filter((e) => e.required !== DEFAULT_REQUIRED_STATUS)
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
