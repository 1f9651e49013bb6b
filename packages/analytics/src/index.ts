export type {
  CriticalFamilyFailure,
  CriticalGap,
  CriticalGapMatrix,
  CriticalGapReason,
  CriticalGapsOptions,
  CriticalRequirementFailure,
} from './critical-gaps.js';
export { criticalGapMatrix, criticalGaps } from './critical-gaps.js';
export type {
  ExpiringConditional,
  ExpiringConditionals,
  ExpiryWindow,
} from './expiring-conditionals.js';
export { expiringConditionals } from './expiring-conditionals.js';
export type { FamilyScore, FamilyScoresOptions } from './family-scores.js';
export { familyScores } from './family-scores.js';
export type { ObjectiveConflict } from './objective-conflicts.js';
export { objectiveConflicts } from './objective-conflicts.js';
export type { OrganizationSelector } from './organization-filter.js';
export type {
  PoamItem,
  PoamItemsOptions,
  PoamMilestone,
  ScorecardPoamItem,
} from './poam-items.js';
export { poamItems, scorecardPoamItems } from './poam-items.js';
export type { EligibilityRow, PortfolioFigures, StatusesAtLevel } from './portfolio-figures.js';
export { ELIGIBILITY_REASON_LABELS } from './portfolio-figures.js';
export type {
  PoamTotals,
  PortfolioSummary,
  PortfolioSummaryOptions,
  ScoreBucket,
  ScoreChanges,
  ScoreDistribution,
  StatusCounts,
} from './portfolio-summary.js';
export { portfolioSummary } from './portfolio-summary.js';
export type { RequirementFailure, RequirementFailuresOptions } from './requirement-failures.js';
export { requirementFailures } from './requirement-failures.js';
export type {
  SupplierEligibility,
  SupplierEligibilityOptions,
} from './supplier-eligibility.js';
export { supplierEligibility } from './supplier-eligibility.js';
export type { PoamAgingBuckets, SupplierPoamSummary } from './supplier-poam-summaries.js';
export { supplierPoamSummaries } from './supplier-poam-summaries.js';
export type {
  AssessmentType,
  SupplierScore,
  SupplierScoresOptions,
  SupplierStatusReason,
} from './supplier-scores.js';
export { supplierScores } from './supplier-scores.js';
