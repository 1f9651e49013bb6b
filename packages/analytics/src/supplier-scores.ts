import type {
  AssessmentType,
  CmmcLevel,
  CmmcStatus,
  StatusKind,
  StatusReasonCode,
} from '@cmmc/catalog';
import { loadSql, type Store } from '@cmmc/store';
import { materialiseForPortfolio } from './materialise-findings.js';
import { type OrganizationSelector, organizationParams } from './organization-filter.js';
import { sqlDir } from './sql-dir.js';

const statement = loadSql(sqlDir, 'supplier-scores');

export type { AssessmentType };

/** One reason behind a status decision, worded as @cmmc/catalog's `decideStatus` words it. */
export interface SupplierStatusReason {
  code: StatusReasonCode;
  /** The NIST id the reason is about, or null when it is about the whole assessment. */
  requirement: string | null;
  message: string;
}

/**
 * One CMMC status an organization holds (or lacks) as of a date: one per level and kind, from the latest assessment
 * of that kind (32 CFR 170.4, 170.15-170.18), and one per undated assessment.
 */
export interface SupplierScore {
  organizationId: number;
  organizationName: string;
  cage: string | null;
  level: CmmcLevel;
  /** Level 1 (Self), Level 2 (Self), Level 2 (C3PAO) or Level 3 (DIBCAC). */
  statusKind: StatusKind;
  /** The status in the rule's own words, "Conditional Level 2 (C3PAO)"; null without a status in force. */
  statusLabel: string | null;
  /** The assessment the row is read from: the latest of its kind (the closeout assessment after a closeout). */
  assessmentId: number;
  assessmentType: AssessmentType;
  /** `closeout` when the file or suppliers.csv marks the assessment as a POA&M closeout assessment. */
  assessmentPurpose: string | null;
  /** Null when no source gives one: the status is then NO_STATUS (ASSESSMENT_DATE_UNKNOWN). */
  assessmentDate: string | null;
  /** Where the assessment date came from: file, manifest, option, file-name; null when unknown. */
  dateSource: string | null;
  /** The CMMC Status Date: the file's status date, else the assessment date; the Conditional one after a closeout. */
  statusDate: string | null;
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
  /** The date of the POA&M closeout assessment that made the status Final (32 CFR 170.21(b)). */
  closedOutOn: string | null;
  /** While FINAL: the day it became Final (the closeout day, else the status date); Level 3 must come after it. */
  finalSince: string | null;
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

interface SupplierScoreRow {
  organization_id: number;
  organization_name: string;
  cage: string | null;
  level: number;
  status_kind: string;
  status_label: string | null;
  assessment_id: number;
  assessment_type: string;
  assessment_purpose: string | null;
  assessment_date: string | null;
  date_source: string | null;
  status_date: string | null;
  score: number | null;
  assessed_score: number | null;
  max_score: number | null;
  conditional_minimum: number | null;
  status: string;
  reasons: SupplierStatusReason[];
  closeout_deadline: string | null;
  days_to_deadline: number | null;
  status_expires_on: string | null;
  closed_out_on: string | null;
  final_since: string | null;
  not_met: string[];
  not_assessed: number;
  not_assessed_ids: string[];
  self_reported_score: number | null;
  previous_assessment_id: number | null;
  previous_score: number | null;
  last_affirmed_on: string | null;
  affirmed_since_status: boolean;
  affirmation_due_on: string | null;
  affirmation_overdue: boolean;
}

/**
 * Every CMMC status each organization holds on `asOf`, one per level and kind (32 CFR 170.15-170.18, 170.21, 170.24),
 * read from the store's `supplier_status` table macro in one query over the whole portfolio. Gives the same rows as
 * `decideStatuses` in @cmmc/catalog; the reasons come worded from the SQL.
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
  return rows.map(toSupplierScore);
}

function toSupplierScore(row: SupplierScoreRow): SupplierScore {
  const level = row.level as CmmcLevel;
  const selfReported = row.self_reported_score;
  return {
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    cage: row.cage,
    level,
    statusKind: row.status_kind as StatusKind,
    statusLabel: row.status_label,
    assessmentId: row.assessment_id,
    assessmentType: row.assessment_type as AssessmentType,
    assessmentPurpose: row.assessment_purpose,
    assessmentDate: row.assessment_date,
    dateSource: row.date_source,
    statusDate: row.status_date,
    score: row.score,
    sprsScore: level === 2 ? row.score : null,
    assessedScore: row.assessed_score,
    maxScore: row.max_score,
    conditionalMinimum: row.conditional_minimum,
    level1Result: level === 1 ? (row.not_met.length === 0 ? 'MET' : 'NOT_MET') : null,
    status: row.status as CmmcStatus,
    reasons: row.reasons.map((reason) => ({
      code: reason.code,
      requirement: reason.requirement,
      message: reason.message,
    })),
    closeoutDeadline: row.closeout_deadline,
    daysToDeadline: row.days_to_deadline,
    statusExpiresOn: row.status_expires_on,
    closedOutOn: row.closed_out_on,
    finalSince: row.final_since,
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
    affirmedSinceStatus: row.affirmed_since_status,
    affirmationDueOn: row.affirmation_due_on,
    affirmationOverdue: row.affirmation_overdue,
  };
}
