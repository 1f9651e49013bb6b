/**
 * The shapes the report templates render. They are plain data: numbers stay numbers, dates stay ISO
 * `YYYY-MM-DD` strings, absent values are `null` (never `undefined`, so a template that reads a field
 * the mapping forgot fails loudly in strict mode). No field holds wall-clock time: the same model always
 * renders the same bytes of HTML, which is what makes a report reproducible from its input hash.
 *
 * `@cmmc/analytics` results are mapped into these types by the caller; this package computes nothing
 * about CMMC itself, it only lays it out.
 */

/** A calendar date as `YYYY-MM-DD`, interpreted in UTC. */
export type IsoDate = string;

/** A NIST SP 800-171 r2 id (`3.1.1`) or a NIST SP 800-172 id used at Level 3 (`3.6.1e`). */
export type RequirementId = `3.${number}.${number}` | `3.${number}.${number}e`;

/**
 * The portfolio's figures as `@cmmc/analytics` computes them (`PortfolioFigures`): suppliers counted once by the
 * status that decides their eligibility, statuses by level, the Level 2 histogram, POA&M totals.
 */
export interface PortfolioFigures {
  asOf: IsoDate;
  requirement: {
    defaultRequired: string;
    defaultLabel: string;
    suppliersWithOwnRequirement: number;
  };
  suppliers: number;
  statuses: number;
  eligible: { total: number; final: number; conditional: number };
  conditionalCloseout: { within30: number; within60: number; within90: number; later: number };
  notEligible: { total: number; byReason: { code: string; label: string; suppliers: number }[] };
  affirmationOverdueSuppliers: number;
  statusesByLevel: { level: CmmcLevel; total: number; byStatus: Record<CmmcStatus, number> }[];
  statusTotals: Record<CmmcStatus, number>;
  level2Scores: {
    scored: number;
    noScore: number;
    median: number | null;
    histogram: { label: string; count: number }[];
  };
  poam: { openItems: number; overdueItems: number; suppliersWithOverdue: number };
}

/** CMMC status as the report shows it (32 CFR 170.21 Conditional, expired after its window). */
export const CMMC_STATUSES = ['FINAL', 'CONDITIONAL', 'EXPIRED', 'NO_STATUS'] as const;
export type CmmcStatus = (typeof CMMC_STATUSES)[number];

export const CMMC_LEVELS = [1, 2, 3] as const;
export type CmmcLevel = (typeof CMMC_LEVELS)[number];

/** Who assessed: the supplier itself, a C3PAO, or DCMA DIBCAC. */
export type AssessmentType = 'self' | 'c3pao' | 'dibcac';

/** One supplier in an expiry list. */
export interface ExpiringSupplier {
  organizationName: string;
  cage: string | null;
  level: CmmcLevel;
  status: CmmcStatus;
  /** Last valid day of the current status (Conditional: day 180; Final: 3 years). */
  expiresOn: IsoDate;
  /** `expiresOn − asOf` in whole days; negative once expired. */
  daysRemaining: number;
}

/**
 * Statuses ending soon, in disjoint windows counted from `asOf`: `within30` is 0–30 days, `within60`
 * 31–60, `within90` 61–90, `past` already expired (days remaining below 0).
 */
export interface ExpiringSuppliers {
  within30: ExpiringSupplier[];
  within60: ExpiringSupplier[];
  within90: ExpiringSupplier[];
  past: ExpiringSupplier[];
}

/** One status in an annual-affirmation list (32 CFR 170.22). */
export interface AffirmationDueSupplier {
  organizationName: string;
  cage: string | null;
  level: CmmcLevel;
  /** FINAL or CONDITIONAL: only a status in force is affirmed. */
  status: CmmcStatus;
  /** Last day of the current yearly affirmation. */
  dueOn: IsoDate;
  /** The latest affirmation on record by `asOf`; null when none is recorded. */
  lastAffirmedOn: IsoDate | null;
  /** `dueOn − asOf` in whole days; negative once overdue. */
  daysRemaining: number;
}

/**
 * Statuses in force by where their yearly affirmation stands on `asOf`: `overdue` is past its due day (no
 * affirmation on record for the past year, so SPRS may show the status as lapsed), `within30` falls due in 0–30 days.
 */
export interface AffirmationsDue {
  overdue: AffirmationDueSupplier[];
  within30: AffirmationDueSupplier[];
}

export interface HistogramBucket {
  /** Shown under the bar, e.g. `"88–109"`. */
  label: string;
  count: number;
}

/** Five-number summary of the Level 2 SPRS scores (suppliers with a score only). */
export interface ScoreDistribution {
  /** Null when no supplier has a score. */
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
  histogram: HistogramBucket[];
}

/** Open POA&M items by age in days since detection, as of `asOf`. */
export interface PoamAgingBuckets {
  days0To30: number;
  days31To90: number;
  days91To180: number;
  over180: number;
}

/**
 * Per requirement family: how many assessed suppliers have at least one critical failure there, i.e. a
 * NOT MET requirement that may not go on a POA&M (worth more than 1 point, or excluded by 32 CFR 170.21).
 */
export interface FamilyFailureRate {
  /** Two-letter family code, e.g. `AC`. */
  family: string;
  familyName: string;
  failingSuppliers: number;
  assessedSuppliers: number;
  /** `failingSuppliers / assessedSuppliers`, 0..1. */
  rate: number;
}

/** A supplier that may not be awarded work at its required status, or may only until a deadline. */
export interface SupplierAtRisk {
  organizationName: string;
  cage: string | null;
  /** The required status it was judged against, e.g. "Level 2 (Self)". */
  requiredLabel: string;
  eligible: boolean;
  /** The status that decides, in the rule's words ("Conditional Level 2 (Self)"); null without one. */
  statusLabel: string | null;
  status: CmmcStatus | null;
  level: CmmcLevel | null;
  /** SPRS score of the deciding status; null without one (Level 1, 3.12.4 NOT MET, no status). */
  sprsScore: number | null;
  /** 110 at Level 2, 24 at Level 3; null without a score. */
  maxScore: number | null;
  /** Why it is listed, one clause per reason code, e.g. "score 71 below 88; 2 requirements worth 3-5 points NOT MET". */
  reasonSummary: string;
  /** POA&M closeout deadline of a deciding Conditional status; null otherwise. */
  closeoutDeadline: IsoDate | null;
  daysToDeadline: number | null;
  /** Open POA&M items past their scheduled completion date, all levels. */
  overdueItems: number;
}

export interface FailedRequirement {
  nistId: RequirementId;
  cmmcId: string;
  title: string;
  /** DoD Assessment Methodology value of the requirement (5, 3 or 1). */
  points: number;
  failingSuppliers: number;
  /** Share of assessed suppliers failing it, 0..1. */
  rate: number;
}

/** A block of the "rules used" page. */
export interface RulesSection {
  heading: string;
  paragraphs: string[];
  /** The sources the paragraphs restate, e.g. `32 CFR 170.24(c)(2)`. */
  citations: string[];
}

export interface RulesPageModel {
  title: string;
  sections: RulesSection[];
}

/** The executive portfolio report: one document for every supplier in the input. */
export interface PortfolioReportModel {
  /** Who the portfolio belongs to, shown on the cover (e.g. the prime contractor). */
  portfolioName: string;
  /** The date every age, deadline and expiry is counted from. */
  asOf: IsoDate;
  /** Version of the rule set (`@cmmc/catalog`) that produced the numbers. */
  rulesVersion: string;
  /** Short hash of the input files, printed in every footer so a report can be traced to its data. */
  inputHash: string;
  /**
   * Every number of the cover and the summary tables: `portfolioSummary().figures` of `@cmmc/analytics`, the object
   * `cmmc portfolio --json` prints, passed through unchanged.
   */
  figures: PortfolioFigures;
  /** The soonest statuses of each window; a large portfolio's lists are shortened (see `expiringCounts`). */
  expiring: ExpiringSuppliers;
  /** How many statuses fall in each window, whether or not `expiring` lists them all. */
  expiringCounts: Record<keyof ExpiringSuppliers, number>;
  /** The longest overdue and the soonest due affirmations; a large portfolio's lists are shortened. */
  affirmations: AffirmationsDue;
  /** How many statuses (supplier and level) are in each list, whether or not `affirmations` lists them all. */
  affirmationCounts: Record<keyof AffirmationsDue, number>;
  scoreDistribution: ScoreDistribution;
  poamAgingBuckets: PoamAgingBuckets;
  criticalFailureByFamily: FamilyFailureRate[];
  /** Most urgent first: not eligible, then Conditional by closeout deadline; the first rows fit one page. */
  suppliersAtRisk: SupplierAtRisk[];
  /** How many of `suppliersAtRisk` the at-risk page shows; the appendix lists them all. */
  atRiskFirstPage: number;
  mostFailedRequirements: FailedRequirement[];
  rules: RulesPageModel;
}

/** One line of "Why this status": every reason of one code, with the requirements it names. */
export interface StatusReason {
  /** Machine-readable reason code from `@cmmc/analytics`, e.g. `SCORE_BELOW_THRESHOLD`. */
  code: string;
  /** NIST ids the reason names (none for a reason about the whole assessment). */
  requirements: RequirementId[];
  message: string;
}

export interface FamilyScore {
  family: string;
  familyName: string;
  pointsLost: number;
  /** Sum of the values of the family's requirements. */
  maxPoints: number;
  /** Number of NOT MET requirements in the family. */
  notMet: number;
}

export interface CriticalGap {
  nistId: RequirementId;
  cmmcId: string;
  title: string;
  points: number;
  /** Why it blocks Conditional status, e.g. "worth 5 points: cannot be on a POA&M". */
  why: string;
}

export interface PoamMilestone {
  description: string;
  dueDate: IsoDate | null;
  completedDate: IsoDate | null;
  overdue: boolean;
}

export interface PoamItemView {
  nistId: RequirementId;
  weakness: string;
  detectionDate: IsoDate | null;
  scheduledCompletionDate: IsoDate | null;
  /** Days from detection to `asOf`; null without a detection date. */
  ageDays: number | null;
  overdue: boolean;
  status: 'open' | 'closed';
  milestones: PoamMilestone[];
}

/** One supplier's scorecard. */
export interface SupplierScorecardModel {
  asOf: IsoDate;
  rulesVersion: string;
  inputHash: string;
  organizationName: string;
  cage: string | null;
  level: CmmcLevel;
  assessmentType: AssessmentType;
  assessmentDate: IsoDate | null;
  /** Conditional/Final status date as given, else the assessment date. */
  statusDate: IsoDate | null;
  /** Computed score; null at Level 1 (no score) or when 3.12.4 (SSP) is NOT MET (no score at all). */
  sprsScore: number | null;
  /** 110 at Level 2, 24 at Level 3, null at Level 1. */
  maxScore: number | null;
  /** The score the assessment itself earned; differs from `sprsScore` only after a POA&M closeout. */
  assessedScore: number | null;
  status: CmmcStatus;
  reasons: StatusReason[];
  /** POA&M closeout deadline of a Conditional status; null for any other status (never a past deadline at Final). */
  closeoutDeadline: IsoDate | null;
  daysToDeadline: number | null;
  /** The day a POA&M closeout made the status Final; null otherwise. */
  closedOutOn: IsoDate | null;
  /** An Expired status's last valid day (the closeout deadline it missed, or the end of its validity); else null. */
  expiredOn: IsoDate | null;
  statusExpiresOn: IsoDate | null;
  /** The latest annual affirmation (32 CFR 170.22) on record by `asOf`, at this level; null when none is recorded. */
  lastAffirmedOn: IsoDate | null;
  /** `lastAffirmedOn` counts for the current status; an older one predates the assessment (analytics decides). */
  affirmedSinceStatus: boolean;
  /**
   * While the status is FINAL or CONDITIONAL: the last day of its current yearly affirmation, a year after the
   * latest affirmation made since the status date, or after the status date without one; null for other statuses.
   */
  affirmationDueOn: IsoDate | null;
  /** `asOf` is past `affirmationDueOn`: SPRS may show the status as lapsed. The status itself is unchanged. */
  affirmationOverdue: boolean;
  /** The score the supplier reported; shown beside the computed one when they differ. */
  selfReportedScore: number | null;
  scoreByFamily: FamilyScore[];
  criticalGaps: CriticalGap[];
  poamItems: PoamItemView[];
  /** Requirements missing from the submission (counted NOT MET, reported as a data-quality problem). */
  notAssessed: RequirementId[];
  notMet: RequirementId[];
}
