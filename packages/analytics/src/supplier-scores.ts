import type { CmmcLevel, CmmcStatus, StatusReasonCode } from '@cmmc/catalog';
import { affirmationStanding, CONDITIONAL_THRESHOLD, POAM_CLOSEOUT_DAYS } from '@cmmc/catalog';
import { loadSql, type Store } from '@cmmc/store';
import { materialiseForPortfolio } from './materialise-findings.js';
import { type OrganizationSelector, organizationParams } from './organization-filter.js';
import { sqlDir } from './sql-dir.js';

const statement = loadSql(sqlDir, 'supplier-scores');

export type AssessmentType = 'self' | 'c3pao' | 'dibcac';

/** One reason behind a status decision, worded as @cmmc/catalog's `decideStatus` words it. */
export interface SupplierStatusReason {
  code: StatusReasonCode;
  /** The NIST id the reason is about, or null when it is about the whole assessment. */
  requirement: string | null;
  message: string;
}

/** Score and CMMC status of an organization's latest assessment at one level, as of a date. */
export interface SupplierScore {
  organizationId: number;
  organizationName: string;
  cage: string | null;
  level: CmmcLevel;
  assessmentId: number;
  assessmentType: AssessmentType;
  assessmentDate: string;
  /** The CMMC Status Date: the file's status date, else the assessment date. */
  statusDate: string;
  /**
   * The level's score as `decideStatus` gives it: SPRS score at Level 2, Level 3 score at Level 3; 110 / 24 after a
   * POA&M closeout; null at Level 1 (a result, not a score) and at Level 2 when 3.12.4 (SSP) is NOT MET.
   */
  score: number | null;
  /** `score` at Level 2 only: the SPRS score (32 CFR 170.24(c)(2)). */
  sprsScore: number | null;
  /** The score the assessment itself earned (before any closeout); null at Level 1 or without an SSP. */
  assessedScore: number | null;
  /** 110 (Level 2), 24 (Level 3), null (Level 1). */
  maxScore: number | null;
  /** The lowest Conditional score: 88 (Level 2), 20 (Level 3), null (Level 1). */
  conditionalMinimum: number | null;
  /** Level 1 only: MET when all 17 NIST requirements are MET or N/A. */
  level1Result: 'MET' | 'NOT_MET' | null;
  status: CmmcStatus;
  reasons: SupplierStatusReason[];
  /** Status date + 180 days while a Conditional status is or was in play; day 180 is the last valid day. */
  closeoutDeadline: string | null;
  /** Days from `asOf` to the closeout deadline; negative once it has passed. */
  daysToDeadline: number | null;
  /** Last valid day of the status: the closeout deadline while Conditional, else status date + 3 years (1 at Level 1). */
  statusExpiresOn: string | null;
  /** The date the last POA&M item was closed when the status became Final by closeout. */
  closedOutOn: string | null;
  /** NIST ids NOT MET (NOT_ASSESSED included), in catalog order. */
  notMet: string[];
  /** How many requirements the file did not assess (no row, or NOT_ASSESSED): a data-quality problem. */
  notAssessed: number;
  notAssessedIds: string[];
  selfReportedScore: number | null;
  /** True when the supplier stated a score that differs from the score we computed for the assessment. */
  scoreMismatch: boolean;
  previousAssessmentId: number | null;
  previousScore: number | null;
  /** score - previousScore; null when either is missing. */
  scoreChange: number | null;
  /** The latest annual affirmation on record by `asOf` (file or suppliers.csv), at this level. */
  lastAffirmedOn: string | null;
  /** `lastAffirmedOn` counts for the current status (on or after its status date); an older one predates it. */
  affirmedSinceStatus: boolean;
  /**
   * While the status is FINAL or CONDITIONAL: the last day of its current yearly affirmation (32 CFR 170.22), a
   * year after the latest affirmation, or after the status date without one; null for any other status.
   */
  affirmationDueOn: string | null;
  /** No affirmation on record for the past year: SPRS may already show the status as lapsed. The status is kept. */
  affirmationOverdue: boolean;
}

export interface SupplierScoresOptions {
  /** ISO date (YYYY-MM-DD) the statuses are decided on. */
  asOf: string;
  level?: CmmcLevel;
  organization?: OrganizationSelector;
}

interface RawReason {
  code: StatusReasonCode;
  requirement: string | null;
  cmmc_id: string | null;
  points: number | null;
}

interface SupplierScoreRow {
  organization_id: number;
  organization_name: string;
  cage: string | null;
  level: number;
  assessment_id: number;
  assessment_type: string;
  assessment_date: string;
  status_date: string;
  score: number | null;
  assessed_score: number | null;
  max_score: number | null;
  conditional_minimum: number | null;
  status: string;
  reasons: RawReason[];
  closeout_deadline: string | null;
  days_to_deadline: number | null;
  expires_on: string;
  status_expires_on: string | null;
  closed_out_on: string | null;
  not_met: string[];
  not_assessed: number;
  not_assessed_ids: string[];
  self_reported_score: number | null;
  previous_assessment_id: number | null;
  previous_score: number | null;
  last_affirmed_on: string | null;
}

/**
 * Scores and CMMC status of every organization's latest assessment per level (32 CFR 170.21, 170.24), in one query
 * over the whole portfolio. Gives the same score, status and reasons as `decideStatus` in @cmmc/catalog.
 */
export async function supplierScores(
  store: Store,
  options: SupplierScoresOptions,
): Promise<SupplierScore[]> {
  await materialiseForPortfolio(store, options.organization);
  const rows = await store.all<SupplierScoreRow>(
    statement,
    {
      as_of: options.asOf,
      level: options.level ?? null,
      ...organizationParams(options.organization),
    },
    // thousands of rows at portfolio scale: read as JSON rows (see Store.all)
    { json: true },
  );
  return rows.map((row) => toSupplierScore(row, options.asOf));
}

function toSupplierScore(row: SupplierScoreRow, asOf: string): SupplierScore {
  const level = row.level as CmmcLevel;
  const selfReported = row.self_reported_score;
  const status = row.status as CmmcStatus;
  const affirmation = affirmationStanding({
    status,
    statusDate: row.status_date,
    lastAffirmedOn: row.last_affirmed_on,
    asOf,
  });
  return {
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    cage: row.cage,
    level,
    assessmentId: row.assessment_id,
    assessmentType: row.assessment_type as AssessmentType,
    assessmentDate: row.assessment_date,
    statusDate: row.status_date,
    score: row.score,
    sprsScore: level === 2 ? row.score : null,
    assessedScore: row.assessed_score,
    maxScore: row.max_score,
    conditionalMinimum: row.conditional_minimum,
    level1Result: level === 1 ? (row.not_met.length === 0 ? 'MET' : 'NOT_MET') : null,
    status,
    reasons: row.reasons.map((reason) => ({
      code: reason.code,
      requirement: reason.requirement,
      message: reasonMessage(reason, row),
    })),
    closeoutDeadline: row.closeout_deadline,
    daysToDeadline: row.days_to_deadline,
    statusExpiresOn: row.status_expires_on,
    closedOutOn: row.closed_out_on,
    notMet: row.not_met,
    notAssessed: row.not_assessed,
    notAssessedIds: row.not_assessed_ids,
    selfReportedScore: selfReported,
    scoreMismatch: level !== 1 && selfReported !== null && selfReported !== row.assessed_score,
    previousAssessmentId: row.previous_assessment_id,
    previousScore: row.previous_score,
    scoreChange:
      row.score !== null && row.previous_score !== null ? row.score - row.previous_score : null,
    lastAffirmedOn: row.last_affirmed_on,
    affirmedSinceStatus: affirmation?.affirmedSinceStatus ?? false,
    affirmationDueOn: affirmation?.dueOn ?? null,
    affirmationOverdue: affirmation?.overdue ?? false,
  };
}

const thresholdPercent =
  (100 * CONDITIONAL_THRESHOLD.numerator) / CONDITIONAL_THRESHOLD.denominator;

/** The reason's sentence, word for word as `decideStatus` writes it. */
function reasonMessage(reason: RawReason, row: SupplierScoreRow): string {
  const id = reason.cmmc_id ?? reason.requirement ?? '';
  switch (reason.code) {
    case 'SSP_MISSING':
      return `no system security plan (${id} not met): the assessment cannot be completed and has no score (32 CFR 170.24(c)(2)(i)(B)(5))`;
    case 'SCORE_BELOW_THRESHOLD':
      return `score ${row.assessed_score} is below ${row.conditional_minimum}, ${thresholdPercent} % of ${row.max_score} (32 CFR 170.21(a)(${row.level})(i))`;
    case 'VALUE_ABOVE_ONE_POINT':
      return `${id} is not met and is worth ${reason.points} points: only 1-point requirements (and 3.13.11 at 3) may be on a POA&M (32 CFR 170.21(a)(2)(ii))`;
    case 'EXCLUDED_BY_NAME':
      return `${id} is not met and can never be on a POA&M (excluded by name in 32 CFR 170.21(a)(${row.level})(iii))`;
    case 'NOT_ON_POAM':
      return `${id} is not met and has no POA&M item: every NOT MET requirement must be on the POA&M (32 CFR 170.21(a))`;
    case 'POAM_NOT_ALLOWED':
      return `${reason.requirement} is not met, and Level 1 allows no POA&M (32 CFR 170.21(a)(1)): every requirement must be met`;
    case 'CONDITIONAL_WINDOW_PASSED':
      return `the Conditional status expired: POA&M items were still open after ${row.closeout_deadline}, ${POAM_CLOSEOUT_DAYS} days from the status date ${row.status_date} (32 CFR 170.21(b))`;
    case 'POAM_CLOSED_OUT':
      return `every POA&M item was closed by ${row.closed_out_on}, within the ${POAM_CLOSEOUT_DAYS} days to ${row.closeout_deadline} (32 CFR 170.21(b))`;
    case 'STATUS_LAPSED':
      return `status lapsed after ${row.expires_on}: ${
        row.level === 1
          ? 'Level 1 status lasts one year (32 CFR 170.15)'
          : 'a Level 2 or 3 status lasts three years; a new assessment is due'
      }`;
    case 'LEVEL3_WITHOUT_FINAL_LEVEL2':
      return 'Level 3 needs a Final Level 2 (C3PAO) status for the same scope first (32 CFR 170.18(a))';
  }
}
