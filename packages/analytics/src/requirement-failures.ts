import type { CmmcLevel } from '@cmmc/catalog';
import { loadSql, type Store } from '@cmmc/store';
import { sqlDir } from './sql-dir.js';

const statement = loadSql(sqlDir, 'requirement-failures');

/** How many suppliers fail one requirement in their latest assessment at its level. */
export interface RequirementFailure {
  level: CmmcLevel;
  nistId: string;
  cmmcId: string;
  family: string;
  title: string;
  /** Value when NOT MET; null for 3.12.4 and at Level 1. */
  points: number | null;
  /** Suppliers with it NOT MET, NOT_ASSESSED included. */
  suppliersFailing: number;
  /** Of those, suppliers whose file did not assess it. */
  suppliersNotAssessed: number;
  suppliersAssessed: number;
  /** suppliersFailing / suppliersAssessed, 0..1. */
  rate: number;
  /** 1 = most failed at its level. */
  rank: number;
}

export interface RequirementFailuresOptions {
  asOf: string;
  level?: CmmcLevel;
  /** At most this many requirements per level (the most failed); all failing ones when left out. */
  limit?: number;
}

interface RequirementFailureRow {
  level: number;
  nist_id: string;
  cmmc_id: string;
  family: string;
  title: string;
  points: number | null;
  suppliers_failing: number;
  suppliers_not_assessed: number;
  suppliers_assessed: number;
  rate: number;
  rank: number;
}

/** The most failed requirements across the portfolio, with count and rate, per level. */
export async function requirementFailures(
  store: Store,
  options: RequirementFailuresOptions,
): Promise<RequirementFailure[]> {
  await store.refreshEffectiveFindings();
  const rows = await store.all<RequirementFailureRow>(statement, {
    as_of: options.asOf,
    level: options.level ?? null,
    limit: options.limit ?? null,
  });
  return rows.map(toRequirementFailure);
}

function toRequirementFailure(row: RequirementFailureRow): RequirementFailure {
  return {
    level: row.level as CmmcLevel,
    nistId: row.nist_id,
    cmmcId: row.cmmc_id,
    family: row.family,
    title: row.title,
    points: row.points,
    suppliersFailing: row.suppliers_failing,
    suppliersNotAssessed: row.suppliers_not_assessed,
    suppliersAssessed: row.suppliers_assessed,
    rate: row.rate,
    rank: row.rank,
  };
}
