import type { CmmcLevel, Finding } from '@cmmc/catalog';
import { loadSql, type Store } from '@cmmc/store';
import { materialiseForPortfolio } from './materialise-findings.js';
import { type OrganizationSelector, organizationParams } from './organization-filter.js';
import { sqlDir } from './sql-dir.js';

const statement = loadSql(sqlDir, 'objective-conflicts');

/**
 * A requirement whose requirement-level answer contradicts its NIST SP 800-171A objectives. The objectives win (the
 * score uses `objectiveFinding`); this is reported as a data-quality problem.
 */
export interface ObjectiveConflict {
  organizationId: number;
  organizationName: string;
  cage: string | null;
  level: CmmcLevel;
  assessmentId: number;
  nistId: string;
  cmmcId: string;
  title: string;
  /** What the file said for the requirement itself. */
  requirementFinding: Finding;
  /** What its objectives add up to: NOT_MET if any is NOT MET, NOT_ASSESSED if some are missing. */
  objectiveFinding: Finding;
  objectivesNotMet: string[];
  /** Catalog objectives with no MET / NOT MET / N/A answer. */
  objectivesMissing: string[];
}

interface ObjectiveConflictRow {
  organization_id: number;
  organization_name: string;
  cage: string | null;
  level: number;
  assessment_id: number;
  nist_id: string;
  cmmc_id: string;
  title: string;
  requirement_finding: string;
  objective_finding: string;
  objectives_not_met: string[];
  objectives_missing: string[];
}

/** Every requirement (in every assessment) whose answer contradicts its objectives (32 CFR 170.24(b)). */
export async function objectiveConflicts(
  store: Store,
  options: { organization?: OrganizationSelector } = {},
): Promise<ObjectiveConflict[]> {
  await materialiseForPortfolio(store, options.organization);
  const rows = await store.all<ObjectiveConflictRow>(
    statement,
    organizationParams(options.organization),
  );
  return rows.map(toObjectiveConflict);
}

function toObjectiveConflict(row: ObjectiveConflictRow): ObjectiveConflict {
  return {
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    cage: row.cage,
    level: row.level as CmmcLevel,
    assessmentId: row.assessment_id,
    nistId: row.nist_id,
    cmmcId: row.cmmc_id,
    title: row.title,
    requirementFinding: row.requirement_finding as Finding,
    objectiveFinding: row.objective_finding as Finding,
    objectivesNotMet: row.objectives_not_met,
    objectivesMissing: row.objectives_missing,
  };
}
