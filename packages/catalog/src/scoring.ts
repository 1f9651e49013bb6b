/**
 * The reference implementation of CMMC scoring and status in plain TypeScript. The analytics package computes the
 * same answers in SQL over a whole portfolio; tests run both on the same cases and must agree. Rules and sources are
 * in packages/catalog/reference/rules.md and ./rules.ts.
 */

import { LEVEL1_REQUIREMENTS } from './data/level1-requirements.js';
import { LEVEL2_REQUIREMENTS } from './data/level2-requirements.js';
import { LEVEL3_REQUIREMENTS } from './data/level3-requirements.js';
import { addDays, addYears, daysBetween } from './dates.js';
import {
  CONDITIONAL_THRESHOLD,
  LEVEL2_MAX_POAM_ITEM_POINTS,
  LEVEL2_MAX_SCORE,
  LEVEL3_MAX_SCORE,
  POAM_CLOSEOUT_DAYS,
  SSP_REQUIREMENT,
  STATUS_VALIDITY_YEARS,
} from './rules.js';
import { type AssessmentType, type StatusKind, statusKindOf, statusLabel } from './status-kinds.js';
import type { CmmcLevel, Finding } from './types.js';

export type CmmcStatus = 'FINAL' | 'CONDITIONAL' | 'EXPIRED' | 'NO_STATUS';
export const CMMC_STATUSES = ['FINAL', 'CONDITIONAL', 'EXPIRED', 'NO_STATUS'] as const;

export type StatusReasonCode =
  | 'SSP_MISSING'
  | 'SCORE_BELOW_THRESHOLD'
  | 'VALUE_ABOVE_ONE_POINT'
  | 'EXCLUDED_BY_NAME'
  | 'NOT_ON_POAM'
  | 'POAM_NOT_ALLOWED'
  | 'CONDITIONAL_WINDOW_PASSED'
  | 'POAM_CLOSED_OUT'
  | 'CLOSEOUT_PENDING'
  | 'CLOSEOUT_FAILED'
  | 'STATUS_LAPSED'
  | 'LEVEL3_WITHOUT_FINAL_LEVEL2'
  | 'ASSESSMENT_DATE_UNKNOWN';

export interface StatusReason {
  code: StatusReasonCode;
  /** The NIST id the reason is about, or null when it is about the whole assessment. */
  requirement: string | null;
  message: string;
}

export interface RequirementOutcome {
  finding: Finding;
  /** Explicit partial credit (3.5.3, 3.13.11 only): the file said the deduction is the partial value. */
  partial?: boolean;
}

export interface PoamEntry {
  nistId: string;
  /** ISO date the item was closed, or null while it is open. */
  closedDate: string | null;
}

/**
 * A later assessment of the same kind offered as the POA&M closeout assessment of this one (32 CFR 170.21(b)): only
 * its findings for the requirements NOT MET here are read.
 */
export interface CloseoutInput {
  /** Its assessment date. */
  date: string;
  findings: ReadonlyMap<string, RequirementOutcome>;
}

export interface AssessmentInput {
  level: CmmcLevel;
  /** Who assessed: decides the kind (self at Levels 1-2 and dibcac at Level 3 when left out). */
  type?: AssessmentType;
  /** Findings keyed by NIST id (`3.1.1`, or `3.6.1e` at Level 3); a requirement not in the map is NOT_ASSESSED. */
  findings: ReadonlyMap<string, RequirementOutcome>;
  poam: readonly PoamEntry[];
  /** The CMMC Status Date; the assessment date when the file gives none. */
  statusDate: string;
  /** The assessment date (Level 3's prerequisite is judged against it); the status date when left out. */
  assessmentDate?: string;
  asOf: string;
  /** Level 3 only: the organization holds a Final Level 2 (C3PAO) status in force on `asOf` (170.18(a)). */
  hasFinalLevel2C3pao?: boolean;
  /**
   * Level 3 only: the day that Final Level 2 (C3PAO) status was achieved (its closeout day after a POA&M, else its
   * status date). Later than the Level 3 assessment date, it was not achieved "first" (170.18(a)).
   */
  level2FinalSince?: string | null;
  /** A later assessment of the same kind that closes this one's POA&M out (see `CloseoutInput`). */
  closeout?: CloseoutInput;
}

export interface StatusDecision {
  level: CmmcLevel;
  kind: StatusKind;
  /** The status in the rule's words ("Conditional Level 2 (C3PAO)"); null without one. */
  statusLabel: string | null;
  /** SPRS score (Level 2), Level 3 score, or null: Level 1 has no score, and Level 2 has none without an SSP. */
  score: number | null;
  status: CmmcStatus;
  reasons: StatusReason[];
  /** Status date + 180 days while a Conditional status is or was in play (170.21(b)); day 180 is the last valid day. */
  closeoutDeadline: string | null;
  daysToDeadline: number | null;
  /** Last day the status is valid: 3 years (Levels 2, 3) or 1 year (Level 1) after the status date. */
  statusExpiresOn: string | null;
  /** The date of the closeout assessment that made a Conditional status Final. */
  closedOutOn: string | null;
  notMet: string[];
  notAssessed: string[];
}

interface ScoredRequirement {
  nistId: string;
  cmmcId: string;
  /** Deduction when NOT MET; null for 3.12.4, which has no value. */
  deduction: number | null;
  excluded: boolean;
}

function effectiveFinding(
  findings: ReadonlyMap<string, RequirementOutcome>,
  nistId: string,
): Finding {
  return findings.get(nistId)?.finding ?? 'NOT_ASSESSED';
}

function isSatisfied(finding: Finding): boolean {
  return finding === 'MET' || finding === 'NOT_APPLICABLE';
}

/**
 * Level 2 deduction of a NOT MET requirement (DoD Assessment Methodology v1.2.1, 32 CFR 170.24(c)(2)): its value,
 * or the partial value 3 for 3.5.3 / 3.13.11 when the input says so explicitly.
 */
export function level2Deduction(nistId: string, partial: boolean): number | null {
  const requirement = LEVEL2_REQUIREMENTS.find((r) => r.nistId === nistId);
  if (!requirement) throw new RangeError(`unknown NIST SP 800-171 requirement ${nistId}`);
  if (partial && requirement.partialPoints !== null) return requirement.partialPoints;
  return requirement.points;
}

function passesThreshold(score: number, max: number): boolean {
  return CONDITIONAL_THRESHOLD.denominator * score >= CONDITIONAL_THRESHOLD.numerator * max;
}

/** Decides score and status for one assessment at one level, with every reason behind the decision. */
export function decideStatus(input: AssessmentInput): StatusDecision {
  const decided = input.level === 1 ? decideLevel1(input) : decideConditionalLevel(input);
  const kind = statusKindOf(input.level, input.type ?? (input.level === 3 ? 'dibcac' : 'self'));
  return {
    ...decided,
    kind,
    statusLabel: statusLabel(decided.status, kind),
    closedOutOn: decided.closedOutOn ?? null,
  };
}

type Decided = Omit<StatusDecision, 'kind' | 'statusLabel' | 'closedOutOn'> & {
  closedOutOn?: string | null;
};

function decideLevel1(input: AssessmentInput): Decided {
  const nistIds = LEVEL1_REQUIREMENTS.flatMap((r) => r.nistIds);
  const notAssessed = nistIds.filter(
    (id) => effectiveFinding(input.findings, id) === 'NOT_ASSESSED',
  );
  const notMet = nistIds.filter((id) => !isSatisfied(effectiveFinding(input.findings, id)));
  const reasons: StatusReason[] = notMet.map((id) => ({
    code: 'POAM_NOT_ALLOWED',
    requirement: id,
    message: `${id} is not met, and Level 1 allows no POA&M (32 CFR 170.21(a)(1)): every requirement must be met`,
  }));
  const statusExpiresOn = addYears(input.statusDate, STATUS_VALIDITY_YEARS[1]);
  let status: CmmcStatus = notMet.length === 0 ? 'FINAL' : 'NO_STATUS';
  if (status === 'FINAL' && daysBetween(statusExpiresOn, input.asOf) > 0) {
    status = 'EXPIRED';
    reasons.push(lapsed(statusExpiresOn, 'Level 1 status lasts one year (32 CFR 170.15)'));
  }
  return {
    level: 1,
    score: null,
    status,
    reasons,
    closeoutDeadline: null,
    daysToDeadline: null,
    statusExpiresOn: status === 'NO_STATUS' ? null : statusExpiresOn,
    notMet,
    notAssessed,
  };
}

function lapsed(expiresOn: string, why: string): StatusReason {
  return {
    code: 'STATUS_LAPSED',
    requirement: null,
    message: `status lapsed after ${expiresOn}: ${why}`,
  };
}

function scoredRequirements(level: 2 | 3, input: AssessmentInput): ScoredRequirement[] {
  if (level === 3) {
    return LEVEL3_REQUIREMENTS.map((r) => ({
      nistId: r.nistId,
      cmmcId: r.cmmcId,
      deduction: r.points,
      excluded: r.neverOnPoam,
    }));
  }
  return LEVEL2_REQUIREMENTS.map((r) => ({
    nistId: r.nistId,
    cmmcId: r.cmmcId,
    deduction: level2Deduction(r.nistId, input.findings.get(r.nistId)?.partial === true),
    excluded: r.neverOnPoam,
  }));
}

function decideConditionalLevel(input: AssessmentInput): Decided {
  const level = input.level as 2 | 3;
  const max = level === 2 ? LEVEL2_MAX_SCORE : LEVEL3_MAX_SCORE;
  const requirements = scoredRequirements(level, input);
  const notAssessed = requirements
    .filter((r) => effectiveFinding(input.findings, r.nistId) === 'NOT_ASSESSED')
    .map((r) => r.nistId);
  const notMetRequirements = requirements.filter(
    (r) => !isSatisfied(effectiveFinding(input.findings, r.nistId)),
  );
  const notMet = notMetRequirements.map((r) => r.nistId);
  const statusExpiresOn = addYears(input.statusDate, STATUS_VALIDITY_YEARS[level]);
  const base = { level, notMet, notAssessed } as const;

  if (level === 2 && notMet.includes(SSP_REQUIREMENT)) {
    return {
      ...base,
      score: null,
      status: 'NO_STATUS',
      reasons: [
        {
          code: 'SSP_MISSING',
          requirement: SSP_REQUIREMENT,
          message:
            'no system security plan (CA.L2-3.12.4 not met): the assessment cannot be completed and has no score (32 CFR 170.24(c)(2)(i)(B)(5))',
        },
      ],
      closeoutDeadline: null,
      daysToDeadline: null,
      statusExpiresOn: null,
    };
  }

  const assessedScore = max - notMetRequirements.reduce((sum, r) => sum + (r.deduction ?? 0), 0);
  const reasons: StatusReason[] = [];

  const assessmentDate = input.assessmentDate ?? input.statusDate;
  if (level === 3 && input.hasFinalLevel2C3pao !== true) {
    reasons.push({
      code: 'LEVEL3_WITHOUT_FINAL_LEVEL2',
      requirement: null,
      message:
        'Level 3 needs a Final Level 2 (C3PAO) status for the same scope first (32 CFR 170.18(a))',
    });
  } else if (
    level === 3 &&
    input.level2FinalSince != null &&
    daysBetween(assessmentDate, input.level2FinalSince) > 0
  ) {
    reasons.push({
      code: 'LEVEL3_WITHOUT_FINAL_LEVEL2',
      requirement: null,
      message: `Level 3 needs a Final Level 2 (C3PAO) status achieved first (32 CFR 170.18(a)): the one in force dates from ${input.level2FinalSince}, after the Level 3 assessment on ${assessmentDate}`,
    });
  }

  if (notMet.length === 0) {
    return finalOrLapsed(base, assessedScore, reasons, input, statusExpiresOn);
  }

  const minimum = Math.ceil(
    (max * CONDITIONAL_THRESHOLD.numerator) / CONDITIONAL_THRESHOLD.denominator,
  );
  if (!passesThreshold(assessedScore, max)) {
    reasons.push({
      code: 'SCORE_BELOW_THRESHOLD',
      requirement: null,
      message: `score ${assessedScore} is below ${minimum}, 80 % of ${max} (32 CFR 170.21(a)(${level})(i))`,
    });
  }
  const poamIds = new Set(input.poam.map((p) => p.nistId));
  for (const r of notMetRequirements) {
    if (r.excluded) {
      reasons.push({
        code: 'EXCLUDED_BY_NAME',
        requirement: r.nistId,
        message: `${r.cmmcId} is not met and can never be on a POA&M (excluded by name in 32 CFR 170.21(a)(${level === 2 ? '2)(iii' : '3)(ii'}))`,
      });
    } else if (
      level === 2 &&
      (r.deduction ?? 0) > LEVEL2_MAX_POAM_ITEM_POINTS &&
      !isPartialEncryption(r, input)
    ) {
      reasons.push({
        code: 'VALUE_ABOVE_ONE_POINT',
        requirement: r.nistId,
        message: `${r.cmmcId} is not met and is worth ${r.deduction} points: only 1-point requirements (and 3.13.11 at 3) may be on a POA&M (32 CFR 170.21(a)(2)(ii))`,
      });
    }
    // 170.24(c)(2)(i)(B)(6): every NOT MET requirement must have a POA&M item, whether or not it may be on one
    if (!poamIds.has(r.nistId)) {
      reasons.push({
        code: 'NOT_ON_POAM',
        requirement: r.nistId,
        message: `${r.cmmcId} is not met and has no POA&M item: every NOT MET requirement must be on the POA&M (32 CFR 170.24(c)(2)(i)(B)(6))`,
      });
    }
  }
  if (reasons.length > 0) {
    return {
      ...base,
      score: assessedScore,
      status: 'NO_STATUS',
      reasons,
      closeoutDeadline: null,
      daysToDeadline: null,
      statusExpiresOn: null,
    };
  }

  const closeoutDeadline = addDays(input.statusDate, POAM_CLOSEOUT_DAYS);
  const daysToDeadline = daysBetween(input.asOf, closeoutDeadline);
  const closeout = input.closeout;
  if (closeout !== undefined && daysBetween(closeout.date, closeoutDeadline) >= 0) {
    const stillNotMet = notMet.filter(
      (id) => !isSatisfied(effectiveFinding(closeout.findings, id)),
    );
    if (stillNotMet.length === 0) {
      // 170.21(b): Final after the closeout; the three years still run from the Conditional status date
      // (32 CFR 170.16(a)(1), quoted in packages/catalog/reference/cmmc-rules-notes.md section 6)
      return {
        ...finalOrLapsed(
          { level, notMet: [], notAssessed: [] },
          max,
          [
            {
              code: 'POAM_CLOSED_OUT',
              requirement: null,
              message: `a POA&M closeout assessment on ${closeout.date} found every requirement NOT MET on ${input.statusDate} now MET, within the 180 days to ${closeoutDeadline} (32 CFR 170.21(b)); the status still dates from ${input.statusDate}`,
            },
          ],
          input,
          statusExpiresOn,
        ),
        closedOutOn: closeout.date,
      };
    }
    return {
      ...base,
      score: assessedScore,
      status: 'EXPIRED',
      reasons: [
        {
          code: 'CLOSEOUT_FAILED',
          requirement: null,
          message: `the POA&M closeout assessment on ${closeout.date} still found ${stillNotMet.join(', ')} NOT MET: the Conditional status ends (32 CFR 170.21(b); DoD CIO FAQ C-A8)`,
        },
      ],
      closeoutDeadline,
      daysToDeadline,
      statusExpiresOn: null,
    };
  }
  if (daysToDeadline < 0) {
    return {
      ...base,
      score: assessedScore,
      status: 'EXPIRED',
      reasons: [
        {
          code: 'CONDITIONAL_WINDOW_PASSED',
          requirement: null,
          message: `the Conditional status expired after ${closeoutDeadline}: no POA&M closeout assessment confirmed every item closed within 180 days of the status date ${input.statusDate} (32 CFR 170.21(b))`,
        },
      ],
      closeoutDeadline,
      daysToDeadline,
      statusExpiresOn: null,
    };
  }
  const reportedClosed = reportedClosedOn(notMet, input.poam, input.asOf);
  return {
    ...base,
    score: assessedScore,
    status: 'CONDITIONAL',
    reasons:
      reportedClosed === null
        ? []
        : [
            {
              code: 'CLOSEOUT_PENDING',
              requirement: null,
              message: `all POA&M items reported closed on ${reportedClosed}; a closeout assessment must confirm it by ${closeoutDeadline} (32 CFR 170.21(b))`,
            },
          ],
    closeoutDeadline,
    daysToDeadline,
    statusExpiresOn: closeoutDeadline,
  };
}

function isPartialEncryption(r: ScoredRequirement, input: AssessmentInput): boolean {
  return r.nistId === '3.13.11' && input.findings.get('3.13.11')?.partial === true;
}

/**
 * The day the supplier reported the last POA&M item closed, when every item covering a NOT MET requirement is closed
 * by `asOf`; null while one is open. Only a closeout assessment makes the status Final (170.21(b)).
 */
function reportedClosedOn(
  notMet: readonly string[],
  poam: readonly PoamEntry[],
  asOf: string,
): string | null {
  let latest: string | null = null;
  for (const nistId of notMet) {
    const items = poam.filter((p) => p.nistId === nistId);
    if (items.length === 0) return null;
    for (const item of items) {
      if (item.closedDate === null || daysBetween(item.closedDate, asOf) < 0) return null;
      if (latest === null || daysBetween(latest, item.closedDate) > 0) latest = item.closedDate;
    }
  }
  return latest;
}

function finalOrLapsed(
  base: { level: CmmcLevel; notMet: string[]; notAssessed: string[] },
  score: number,
  reasons: StatusReason[],
  input: AssessmentInput,
  statusExpiresOn: string,
): Decided {
  const blocked = reasons.some((r) => r.code === 'LEVEL3_WITHOUT_FINAL_LEVEL2');
  let status: CmmcStatus = blocked ? 'NO_STATUS' : 'FINAL';
  const all = [...reasons];
  if (status === 'FINAL' && daysBetween(statusExpiresOn, input.asOf) > 0) {
    status = 'EXPIRED';
    all.push(
      lapsed(statusExpiresOn, 'a Level 2 or 3 status lasts three years; a new assessment is due'),
    );
  }
  return {
    ...base,
    score,
    status,
    reasons: all,
    closeoutDeadline: null,
    daysToDeadline: null,
    statusExpiresOn: status === 'NO_STATUS' ? null : statusExpiresOn,
  };
}
