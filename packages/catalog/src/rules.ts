/**
 * The numbers and lists of 32 CFR 170.21 (POA&M) and 170.24 (scoring), as named constants.
 * Every constant cites its clause; tests check them against packages/catalog/reference/.
 */

/** Bumped whenever a rule below changes; printed in report footers so a PDF can be traced to its rules. */
export const RULES_VERSION = '32cfr170-2024-12-16+dod-am-1.2.1';

/** 32 CFR 170.24(c)(2): the Level 2 maximum score, one point per requirement. */
export const LEVEL2_MAX_SCORE = 110;

/** 32 CFR 170.24(c)(2) with DoD Assessment Methodology v1.2.1 Annex A: 110 - 313 (sum of all maximum deductions). */
export const LEVEL2_MIN_SCORE = -203;

/** 32 CFR 170.24(c)(3): the Level 3 maximum score, one point per requirement of NIST SP 800-172 in 170.14(c)(4). */
export const LEVEL3_MAX_SCORE = 24;

/**
 * 32 CFR 170.21(a)(2)(i) and (a)(3)(i): a Conditional status needs a score of at least 0.8 of the maximum.
 * Kept as a fraction so the test is exact integer arithmetic: `5 * score >= 4 * max`.
 */
export const CONDITIONAL_THRESHOLD = { numerator: 4, denominator: 5 } as const;

/** 0.8 * 110 = 88 (32 CFR 170.21(a)(2)(i)). */
export const LEVEL2_CONDITIONAL_MIN_SCORE = 88;

/** 0.8 * 24 = 19.2, so 20 as an integer score (32 CFR 170.21(a)(3)(i)). */
export const LEVEL3_CONDITIONAL_MIN_SCORE = 20;

/** 32 CFR 170.21(a)(2)(ii): POA&M items must each be worth 1 point, except SC.L2-3.13.11 at its partial value. */
export const LEVEL2_MAX_POAM_ITEM_POINTS = 1;

/** 32 CFR 170.21(a)(2)(ii): the one exception to the 1-point rule. */
export const LEVEL2_POAM_POINT_EXCEPTION = '3.13.11';

/** 32 CFR 170.21(a)(2)(iii): Level 2 requirements that can never be on a POA&M. */
export const LEVEL2_POAM_EXCLUDED = [
  '3.1.20',
  '3.1.22',
  '3.10.3',
  '3.10.4',
  '3.10.5',
  '3.12.4',
] as const;

/** 32 CFR 170.21(a)(3)(ii): Level 3 requirements that can never be on a POA&M. */
export const LEVEL3_POAM_EXCLUDED = [
  '3.6.1e',
  '3.6.2e',
  '3.11.1e',
  '3.11.4e',
  '3.11.6e',
  '3.11.7e',
  '3.14.3e',
] as const;

/** 32 CFR 170.21(a)(1): a POA&M is not permitted at Level 1. */
export const LEVEL1_POAM_ALLOWED = false;

/** 32 CFR 170.24(c)(2)(i)(B)(5): without a system security plan (3.12.4) the assessment cannot be completed: no score. */
export const SSP_REQUIREMENT = '3.12.4';

/**
 * 32 CFR 170.21(b): POA&M items must be closed within 180 days of the Conditional CMMC Status Date, or the status
 * expires. The rule does not say whether counting is inclusive; we treat day 180 (status date + 180) as the last
 * valid day and day 181 as expired.
 */
export const POAM_CLOSEOUT_DAYS = 180;

/**
 * How long a status lasts before a new assessment is due: Level 1 annually (170.15(a)), Levels 2 and 3 every three
 * years (170.16, 170.17, 170.18; DoD CIO FAQ C-A1).
 */
export const STATUS_VALIDITY_YEARS = { 1: 1, 2: 3, 3: 3 } as const;

/**
 * 32 CFR 170.22: the Affirming Official affirms continuing compliance in SPRS after every assessment (POA&M closeout
 * included) and annually thereafter, at every level (170.15(a)(2) for Level 1). A status whose yearly affirmation is
 * missing should be treated as lapsed (packages/catalog/reference/cmmc-rules-notes.md §6; DoD CIO FAQ C-A1), but the lapse
 * mechanics are not verified against the rule's text, so we flag an overdue affirmation and leave the status alone.
 */
export const AFFIRMATION_INTERVAL_YEARS = 1;
