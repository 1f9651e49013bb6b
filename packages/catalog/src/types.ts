/** A NIST SP 800-171 Rev 2 requirement id, e.g. `3.1.1`. */
export type NistId = `3.${number}.${number}`;

/** A NIST SP 800-172 (CMMC Level 3) requirement id, e.g. `3.6.1e`. */
export type EnhancedNistId = `3.${number}.${number}e`;

export type CmmcLevel = 1 | 2 | 3;
export const CMMC_LEVELS = [1, 2, 3] as const;

/** The two-letter requirement families of NIST SP 800-171 Rev 2. */
export type FamilyCode =
  | 'AC'
  | 'AT'
  | 'AU'
  | 'CM'
  | 'IA'
  | 'IR'
  | 'MA'
  | 'MP'
  | 'PS'
  | 'PE'
  | 'RA'
  | 'CA'
  | 'SC'
  | 'SI';

/**
 * Why a requirement may or may not be on a Level 2 POA&M (32 CFR 170.21(a)(2)):
 * - `yes`: worth 1 point;
 * - `value-above-one`: worth 3 or 5 points;
 * - `never`: excluded by name in 170.21(a)(2)(iii);
 * - `only-if-partial`: SC.L2-3.13.11, only when scored at its partial value 3 (170.21(a)(2)(ii)).
 */
export type PoamEligibility = 'yes' | 'value-above-one' | 'never' | 'only-if-partial';

export interface Level2Requirement {
  nistId: string;
  cmmcId: string;
  family: string;
  familyName: string;
  title: string;
  /** DoD Assessment Methodology value deducted when NOT MET: 5, 3 or 1; null for 3.12.4 (no value). */
  points: number | null;
  /** Deduction when the partial condition holds (3.5.3 and 3.13.11 only): 3. */
  partialPoints: number | null;
  basicOrDerived: string;
  poamEligibility: PoamEligibility;
  /** Named in 32 CFR 170.21(a)(2)(iii): never allowed on a POA&M. */
  neverOnPoam: boolean;
  /** FAR 52.204-21 clause this requirement maps to (Level 1), e.g. `b.1.i`. */
  farClause: string | null;
  /** The Level 1 requirement this one belongs to, e.g. `AC.L1-b.1.i`. */
  level1Id: string | null;
  /** NIST SP 800-171A determination statements, e.g. `3.1.1[a]`. */
  objectiveIds: string[];
  partialCreditNote: string | null;
  text: string;
}

export interface Level1Requirement {
  cmmcId: string;
  farReference: string;
  family: string;
  title: string;
  /** The NIST SP 800-171 Rev 2 requirements that make up this Level 1 requirement. */
  nistIds: string[];
  objectives: number;
  text: string;
}

export interface Level3Requirement {
  cmmcId: string;
  /** NIST SP 800-172 id, lower-case `e`: `3.6.1e`. */
  nistId: string;
  family: string;
  title: string;
  points: number;
  /** Named in 32 CFR 170.21(a)(3)(ii): never allowed on a Level 3 POA&M. */
  neverOnPoam: boolean;
  objectives: number;
  odpStatements: number;
  text: string;
}

/** Canonical finding of a requirement or objective (32 CFR 170.24(b)), plus "not assessed" for gaps in a file. */
export type Finding = 'MET' | 'NOT_MET' | 'NOT_APPLICABLE' | 'NOT_ASSESSED';
export const FINDINGS = ['MET', 'NOT_MET', 'NOT_APPLICABLE', 'NOT_ASSESSED'] as const;
