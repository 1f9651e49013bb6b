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

export interface SupplierAtRisk {
  organizationName: string;
  cage: string | null;
  level: CmmcLevel;
  /** Null when there is no score (Level 1, or 3.12.4 SSP NOT MET). */
  sprsScore: number | null;
  status: CmmcStatus;
  /** One line saying why the supplier is listed, e.g. "Score 71 below 88; 3.1.1 (5 points) NOT MET". */
  reasonSummary: string;
  /** POA&M closeout deadline (Conditional status date + 180 days), if any. */
  closeoutDeadline: IsoDate | null;
  daysToDeadline: number | null;
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
  supplierCount: number;
  countsByStatus: Record<CmmcStatus, number>;
  countsByLevel: Record<CmmcLevel, number>;
  /** Median Level 2 SPRS score; null when no supplier has one. */
  medianScore: number | null;
  /** Open POA&M items past their scheduled completion date, over all suppliers. */
  overdueItems: number;
  /** The soonest statuses of each window; a large portfolio's lists are shortened (see `expiringCounts`). */
  expiring: ExpiringSuppliers;
  /** How many statuses fall in each window, whether or not `expiring` lists them all. */
  expiringCounts: Record<keyof ExpiringSuppliers, number>;
  /** The longest overdue and the soonest due affirmations; a large portfolio's lists are shortened. */
  affirmations: AffirmationsDue;
  /** How many statuses (supplier and level) are in each list, whether or not `affirmations` lists them all. */
  affirmationCounts: Record<keyof AffirmationsDue, number>;
  /** How many suppliers have at least one status whose affirmation is overdue. */
  affirmationOverdueSuppliers: number;
  scoreDistribution: ScoreDistribution;
  poamAgingBuckets: PoamAgingBuckets;
  criticalFailureByFamily: FamilyFailureRate[];
  suppliersAtRisk: SupplierAtRisk[];
  mostFailedRequirements: FailedRequirement[];
  rules: RulesPageModel;
}

export interface StatusReason {
  /** Machine-readable reason code from `@cmmc/analytics`, e.g. `SCORE_BELOW_THRESHOLD`. */
  code: string;
  requirement: RequirementId | null;
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
  status: CmmcStatus;
  reasons: StatusReason[];
  closeoutDeadline: IsoDate | null;
  daysToDeadline: number | null;
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
