import type { CmmcLevel } from '@cmmc/catalog';
import { loadSql, type Store } from '@cmmc/store';
import { materialiseForPortfolio } from './materialise-findings.js';
import { type OrganizationSelector, organizationParams } from './organization-filter.js';
import { sqlDir } from './sql-dir.js';

const statement = loadSql(sqlDir, 'family-scores');

/** One requirement family of one supplier's latest assessment at a level: where its points went. */
export interface FamilyScore {
  organizationId: number;
  organizationName: string;
  cage: string | null;
  level: CmmcLevel;
  assessmentId: number;
  family: string;
  familyName: string;
  requirements: number;
  met: number;
  /** NOT MET, NOT_ASSESSED included. */
  notMet: number;
  notApplicable: number;
  notAssessed: number;
  /** Sum of the family's values (3.12.4 has none); null at Level 1, which has no points. */
  pointsPossible: number | null;
  /** Points deducted for the family's NOT MET requirements (partial values where they apply); null at Level 1. */
  pointsLost: number | null;
  notMetIds: string[];
}

export interface FamilyScoresOptions {
  asOf: string;
  level?: CmmcLevel;
  organization?: OrganizationSelector;
}

interface FamilyScoreRow {
  organization_id: number;
  organization_name: string;
  cage: string | null;
  level: number;
  assessment_id: number;
  family: string;
  family_name: string;
  requirements: number;
  met: number;
  not_met: number;
  not_applicable: number;
  not_assessed: number;
  points_possible: number | null;
  points_lost: number | null;
  not_met_ids: string[];
}

/** Per supplier and family, points lost (DoD Assessment Methodology values), for the scorecard report. */
export async function familyScores(
  store: Store,
  options: FamilyScoresOptions,
): Promise<FamilyScore[]> {
  await materialiseForPortfolio(store, options.organization);
  const rows = await store.all<FamilyScoreRow>(statement, {
    as_of: options.asOf,
    level: options.level ?? null,
    ...organizationParams(options.organization),
  });
  return rows.map(toFamilyScore);
}

function toFamilyScore(row: FamilyScoreRow): FamilyScore {
  return {
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    cage: row.cage,
    level: row.level as CmmcLevel,
    assessmentId: row.assessment_id,
    family: row.family,
    familyName: row.family_name,
    requirements: row.requirements,
    met: row.met,
    notMet: row.not_met,
    notApplicable: row.not_applicable,
    notAssessed: row.not_assessed,
    pointsPossible: row.points_possible,
    pointsLost: row.points_lost,
    notMetIds: row.not_met_ids,
  };
}
