export { generatePortfolio, SCENARIO_WEIGHTS } from './generate-portfolio.js';
export type {
  AssessmentLayout,
  AssessmentType,
  ExpectedOutcome,
  GeneratedAssessment,
  GeneratedPortfolio,
  GeneratedSupplier,
  GeneratePortfolioOptions,
  LayoutMix,
  PoamItemTruth,
  PoamLayout,
  Scenario,
  TruthFinding,
} from './types.js';
export { ASSESSMENT_LAYOUTS, POAM_LAYOUTS } from './types.js';
