export type { AffirmationStanding } from './affirmation.js';
export { affirmationStanding } from './affirmation.js';
export {
  FAMILY_NAMES,
  findLevel2Requirement,
  findLevel3Requirement,
  LEVEL1_REQUIREMENTS,
  LEVEL2_REQUIREMENTS,
  LEVEL3_REQUIREMENTS,
  requirementIdsForLevel,
} from './catalog.js';
export {
  addDays,
  addYears,
  daysBetween,
  EARLIEST_DATE,
  isIsoDate,
  isPlausibleDate,
  LATEST_DATE,
} from './dates.js';
export type { Eligibility, EligibilityReason, EligibilityReasonCode } from './eligibility.js';
export { decideEligibility } from './eligibility.js';
export type { FedrampPoamColumn } from './fedramp-poam-columns.js';
export {
  FEDRAMP_CLOSED_SHEET,
  FEDRAMP_HEADER_ROW,
  FEDRAMP_OPEN_SHEET,
  FEDRAMP_POAM_COLUMNS,
} from './fedramp-poam-columns.js';
export type { FindingQualifier, FindingResult } from './findings.js';
export { KNOWN_STATUS_WORDS, normalizeFinding } from './findings.js';
export type {
  AssessmentRecord,
  KindStatus,
  OrganizationStatusInput,
  PoamFile,
} from './organization-status.js';
export { attachPoams, decideStatuses } from './organization-status.js';
export type { RequirementIdResult } from './requirement-ids.js';
export { normalizeRequirementId } from './requirement-ids.js';
export {
  AFFIRMATION_INTERVAL_YEARS,
  CONDITIONAL_THRESHOLD,
  LEVEL1_POAM_ALLOWED,
  LEVEL2_CONDITIONAL_MIN_SCORE,
  LEVEL2_MAX_POAM_ITEM_POINTS,
  LEVEL2_MAX_SCORE,
  LEVEL2_MIN_SCORE,
  LEVEL2_POAM_EXCLUDED,
  LEVEL2_POAM_POINT_EXCEPTION,
  LEVEL3_CONDITIONAL_MIN_SCORE,
  LEVEL3_MAX_SCORE,
  LEVEL3_POAM_EXCLUDED,
  POAM_CLOSEOUT_DAYS,
  RULES_VERSION,
  SSP_REQUIREMENT,
  STATUS_VALIDITY_YEARS,
} from './rules.js';
export type {
  AssessmentInput,
  CloseoutInput,
  CmmcStatus,
  PoamEntry,
  RequirementOutcome,
  StatusDecision,
  StatusReason,
  StatusReasonCode,
} from './scoring.js';
export { CMMC_STATUSES, decideStatus, level2Deduction } from './scoring.js';
export type { AssessmentType, RequiredStatus, StatusKind } from './status-kinds.js';
export {
  ASSESSMENT_TYPES,
  DEFAULT_REQUIRED_STATUS,
  parseRequiredStatus,
  REQUIRED_STATUSES,
  requiredKind,
  STATUS_KIND_NAMES,
  STATUS_KINDS,
  statusKindOf,
  statusKindRank,
  statusLabel,
} from './status-kinds.js';
export { memoizeText } from './text-memo.js';
export type {
  CmmcLevel,
  EnhancedNistId,
  FamilyCode,
  Finding,
  Level1Requirement,
  Level2Requirement,
  Level3Requirement,
  NistId,
  PoamEligibility,
} from './types.js';
export { CMMC_LEVELS, FINDINGS } from './types.js';
