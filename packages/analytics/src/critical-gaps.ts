import { loadSql, type Store } from '@cmmc/store';
import { materialiseForPortfolio } from './materialise-findings.js';
import { type OrganizationSelector, organizationParams } from './organization-filter.js';
import { sqlDir } from './sql-dir.js';

const gapsStatement = loadSql(sqlDir, 'critical-gaps');
const matrixStatement = loadSql(sqlDir, 'critical-gap-matrix');
const familiesStatement = loadSql(sqlDir, 'critical-gaps-by-family');
const titlesStatement = loadSql(sqlDir, 'requirement-titles');

/** Why a NOT MET requirement blocks a Conditional status (32 CFR 170.21(a)). */
export type CriticalGapReason = 'SSP_MISSING' | 'EXCLUDED_BY_NAME' | 'VALUE_ABOVE_ONE_POINT';

/** A NOT MET requirement that can never be on a POA&M, so the supplier has no CMMC status while it stays NOT MET. */
export interface CriticalGap {
  organizationId: number;
  organizationName: string;
  cage: string | null;
  level: 2 | 3;
  assessmentId: number;
  nistId: string;
  cmmcId: string;
  family: string;
  familyName: string;
  title: string;
  /** NOT_MET, or NOT_ASSESSED (no answer in the file, which counts as NOT MET). */
  finding: 'NOT_MET' | 'NOT_ASSESSED';
  /** Points deducted (partial value where it applies); null for 3.12.4, which has no value. */
  points: number | null;
  reason: CriticalGapReason;
}

export interface CriticalGapsOptions {
  asOf: string;
  /** 2 or 3; both when left out. */
  level?: 2 | 3;
  organization?: OrganizationSelector;
}

interface CriticalGapRow {
  organization_id: number;
  organization_name: string;
  cage: string | null;
  level: number;
  assessment_id: number;
  nist_id: string;
  finding: string;
  points: number | null;
  reason_code: string;
}

/**
 * Per supplier (latest assessment per level on `asOf`), every NOT MET requirement that blocks a Conditional status,
 * most valuable first: worth more than 1 point (3.13.11 at its partial 3 excepted), excluded by name, or 3.12.4.
 */
export async function criticalGaps(
  store: Store,
  options: CriticalGapsOptions,
): Promise<CriticalGap[]> {
  await materialiseForPortfolio(store, options.organization);
  const rows = await store.all<CriticalGapRow>(
    gapsStatement,
    {
      as_of: options.asOf,
      level: options.level ?? null,
      ...organizationParams(options.organization),
    },
    // thousands of rows at portfolio scale: read as JSON rows (see Store.all)
    { json: true },
  );
  if (rows.length === 0) return [];
  const titles = new Map(
    (await store.all<RequirementTitleRow>(titlesStatement)).map((t) => [
      `${t.level} ${t.nist_id}`,
      t,
    ]),
  );
  return rows.map((row) => toCriticalGap(row, titles.get(`${row.level} ${row.nist_id}`)));
}

interface RequirementTitleRow {
  level: number;
  nist_id: string;
  cmmc_id: string;
  family: string;
  family_name: string;
  title: string;
}

function toCriticalGap(
  row: CriticalGapRow,
  requirement: RequirementTitleRow | undefined,
): CriticalGap {
  // every gap is a catalog requirement of its level (critical-gaps.sql reads them from not_met_findings)
  const r = requirement as RequirementTitleRow;
  return {
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    cage: row.cage,
    level: row.level as 2 | 3,
    assessmentId: row.assessment_id,
    nistId: row.nist_id,
    cmmcId: r.cmmc_id,
    family: r.family,
    familyName: r.family_name,
    title: r.title,
    finding: row.finding as 'NOT_MET' | 'NOT_ASSESSED',
    points: row.points,
    reason: row.reason_code as CriticalGapReason,
  };
}

/** How many suppliers fail one requirement that can block a Conditional status. */
export interface CriticalRequirementFailure {
  level: 2 | 3;
  nistId: string;
  cmmcId: string;
  family: string;
  familyName: string;
  title: string;
  /** The requirement's full value; null for 3.12.4. */
  points: number | null;
  excludedByName: boolean;
  /** Suppliers whose latest assessment at this level has it NOT MET and blocking. */
  suppliersFailing: number;
  suppliersAssessed: number;
  /** suppliersFailing / suppliersAssessed, 0..1; null when nobody was assessed at the level. */
  rate: number | null;
}

/** Critical gaps in one requirement family, portfolio-wide. */
export interface CriticalFamilyFailure {
  level: 2 | 3;
  family: string;
  familyName: string;
  /** How many of the family's requirements can block a Conditional status. */
  criticalRequirements: number;
  /** Blocking NOT MET findings across all suppliers. */
  failingFindings: number;
  /** Suppliers with at least one blocking NOT MET requirement in the family. */
  suppliersFailing: number;
  suppliersAssessed: number;
  rate: number | null;
}

export interface CriticalGapMatrix {
  asOf: string;
  /** Every critical requirement, most failed first per level (those failing nowhere too). */
  requirements: CriticalRequirementFailure[];
  /** Families with at least one critical requirement, most failed first per level. */
  families: CriticalFamilyFailure[];
}

interface MatrixRow {
  level: number;
  nist_id: string;
  cmmc_id: string;
  family: string;
  family_name: string;
  title: string;
  points: number | null;
  excluded_by_name: boolean;
  suppliers_failing: number;
  suppliers_assessed: number;
  rate: number | null;
}

interface FamilyRow {
  level: number;
  family: string;
  family_name: string;
  critical_requirements: number;
  failing_findings: number;
  suppliers_failing: number;
  suppliers_assessed: number;
  rate: number | null;
}

/**
 * Portfolio-wide: which critical requirements fail at how many suppliers (e.g. "3.5.3 MFA: 41 % of suppliers"), and
 * the same by family. Two set-based queries over every supplier's latest assessment on `asOf`.
 */
export async function criticalGapMatrix(
  store: Store,
  options: { asOf: string; level?: 2 | 3 },
): Promise<CriticalGapMatrix> {
  const params = { as_of: options.asOf, level: options.level ?? null };
  await store.refreshEffectiveFindings();
  const requirements = await store.all<MatrixRow>(matrixStatement, params);
  const families = await store.all<FamilyRow>(familiesStatement, params);
  return {
    asOf: options.asOf,
    requirements: requirements.map((r) => ({
      level: r.level as 2 | 3,
      nistId: r.nist_id,
      cmmcId: r.cmmc_id,
      family: r.family,
      familyName: r.family_name,
      title: r.title,
      points: r.points,
      excludedByName: r.excluded_by_name,
      suppliersFailing: r.suppliers_failing,
      suppliersAssessed: r.suppliers_assessed,
      rate: r.rate,
    })),
    families: families.map((f) => ({
      level: f.level as 2 | 3,
      family: f.family,
      familyName: f.family_name,
      criticalRequirements: f.critical_requirements,
      failingFindings: f.failing_findings,
      suppliersFailing: f.suppliers_failing,
      suppliersAssessed: f.suppliers_assessed,
      rate: f.rate,
    })),
  };
}
