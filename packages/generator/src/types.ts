import type {
  CmmcLevel,
  CmmcStatus,
  PoamEntry,
  RequirementOutcome,
  StatusDecision,
  StatusReasonCode,
} from '@cmmc/catalog';

/** The assessment layouts the generator writes (see README "Layouts"). */
export type AssessmentLayout = 'ssp-xlsx' | 'cset-xlsx' | 'ciso-csv' | 'semicolon-csv';
export const ASSESSMENT_LAYOUTS = ['ssp-xlsx', 'cset-xlsx', 'ciso-csv', 'semicolon-csv'] as const;

/** The POA&M layouts the generator writes. */
export type PoamLayout = 'fedramp-poam-xlsx' | 'simple-poam-xlsx';
export const POAM_LAYOUTS = ['fedramp-poam-xlsx', 'simple-poam-xlsx'] as const;

/**
 * Which layouts to spread suppliers over: `all` uses every layout; `csv-heavy` writes Level 1 and 2 assessments as
 * CSV only and POA&Ms as the small simple sheet (Level 3 organizations keep their xlsx files), for big benchmarks.
 */
export type LayoutMix = 'all' | 'csv-heavy';

/** Who performed the assessment: Level 1 and 2 self-assessments, Level 2 C3PAO, Level 3 DIBCAC. */
export type AssessmentType = 'Self' | 'C3PAO' | 'DIBCAC';

/** The story behind a supplier: what the generator set out to produce (the outcome is decided by the catalog). */
export type Scenario =
  | 'l1-final'
  | 'l1-not-met'
  | 'l1-lapsed'
  | 'l3-final'
  | 'l3-conditional'
  | 'l3-no-status'
  | 'final'
  | 'final-lapsed'
  | 'conditional'
  | 'conditional-expiring'
  | 'conditional-expired'
  | 'closed-out'
  | 'exactly-88-conditional'
  | 'exactly-88-no-status'
  | 'ssp-missing'
  | 'not-on-poam'
  | 'excluded-by-name'
  | 'no-status'
  | 'below-zero';

export interface GeneratePortfolioOptions {
  /** How many organizations (positive integer). */
  suppliers: number;
  /** Same seed, same bytes. */
  seed: string | number;
  /** Created if missing; existing files with the same names are overwritten, nothing is deleted. */
  outDir: string;
  /** The day the portfolio is judged on (`YYYY-MM-DD`); every date in the files is placed relative to it. */
  asOf: string;
  /** Default `all`. */
  layouts?: LayoutMix;
}

/** How a requirement is recorded in the truth: the finding plus how the file words it. */
export interface TruthFinding extends RequirementOutcome {
  /** `partial` is written "Partially Implemented" / partially_compliant / Partial, `alternative` as CSET `A`. */
  wording: 'partial' | 'planned' | 'alternative' | null;
}

/** One POA&M item as written, keyed by NIST id (`3.1.3`, or `3.4.1e` at Level 3). */
export interface PoamItemTruth extends PoamEntry {
  cmmcId: string;
  weakness: string;
  remediationPlan: string;
  owner: string;
  detectionDate: string;
  scheduledCompletion: string;
  milestones: { date: string; text: string }[];
}

/** One assessment file and the facts it was written from. */
export interface GeneratedAssessment {
  /** Path relative to `outDir`, with `/` separators. */
  file: string;
  layout: AssessmentLayout;
  level: CmmcLevel;
  assessmentType: AssessmentType;
  assessmentDate: string;
  statusDate: string;
  /** Keyed by NIST id; a requirement absent from the map has no row in the file. */
  findings: ReadonlyMap<string, TruthFinding>;
  /** The POA&M items that belong to this assessment (written to the supplier's POA&M file). */
  poam: readonly PoamItemTruth[];
  /** What the file claims as its SPRS score (SSP layout); may differ from the truth. */
  selfReportedScore: number | null;
  /** `decideStatus` on the truth. */
  decision: StatusDecision;
}

/** What expected.json says about one supplier: the decision on its highest-level assessment. */
export interface ExpectedOutcome {
  name: string;
  cage: string;
  uei: string;
  folder: string;
  level: CmmcLevel;
  assessmentType: AssessmentType;
  scenario: Scenario;
  score: number | null;
  status: CmmcStatus;
  notMet: string[];
  notAssessed: string[];
  reasonCodes: StatusReasonCode[];
  closeoutDeadline: string | null;
  selfReportedScore: number | null;
  files: string[];
  assessments: {
    file: string;
    level: CmmcLevel;
    assessmentType: AssessmentType;
    assessmentDate: string;
    statusDate: string;
    score: number | null;
    status: CmmcStatus;
    notMet: string[];
    reasonCodes: StatusReasonCode[];
  }[];
}

export interface GeneratedSupplier {
  name: string;
  cage: string;
  uei: string;
  folder: string;
  level: CmmcLevel;
  assessmentType: AssessmentType;
  scenario: Scenario;
  /** One per file; a Level 3 organization has its Level 2 C3PAO assessment first. */
  assessments: GeneratedAssessment[];
  poamFile: string | null;
  poamLayout: PoamLayout | null;
  expected: ExpectedOutcome;
}

export interface GeneratedPortfolio {
  outDir: string;
  seed: string | number;
  asOf: string;
  suppliers: GeneratedSupplier[];
  /** Every file written, relative to `outDir`, sorted. */
  files: string[];
}
