/**
 * Coverage said out loud (issue 13, point 4): a file that answers fewer requirements than its level has still
 * loads, but the requirements it leaves out are stored NOT_ASSESSED and score like NOT MET (DoD Assessment
 * Methodology v1.2.1: every requirement not implemented deducts its value). A supplier who sent five rows should
 * hear that the score is -193 because of the 105 missing, not discover it in a report.
 */
import {
  type CmmcLevel,
  findLevel3Requirement,
  LEVEL2_MAX_SCORE,
  LEVEL3_MAX_SCORE,
  level2Deduction,
  requirementIdsForLevel,
} from '@cmmc/catalog';
import type { AssessmentDraft } from './assemble-assessments.js';

export interface Coverage {
  level: CmmcLevel;
  /** Requirements of the level. */
  total: number;
  /** Requirements answered, directly or through at least one 800-171A objective. */
  answered: number;
  missing: string[];
  /** The score with the missing ones counted as not met (null at Level 1, which has no score). */
  score: number | null;
}

function deduction(level: CmmcLevel, nistId: string, partial: boolean): number {
  if (level === 3) return findLevel3Requirement(nistId)?.points ?? 0;
  return level2Deduction(nistId, partial) ?? 0;
}

export function coverageOf(draft: AssessmentDraft): Coverage {
  const ids = requirementIdsForLevel(draft.level);
  const viaObjectives = new Set([...draft.objectives.values()].map((o) => o.nistId));
  const missing = ids.filter((id) => !draft.results.has(id) && !viaObjectives.has(id));
  let score: number | null = null;
  if (draft.level !== 1) {
    score = draft.level === 2 ? LEVEL2_MAX_SCORE : LEVEL3_MAX_SCORE;
    for (const id of ids) {
      const result = draft.results.get(id);
      const unmet = result
        ? result.finding === 'NOT_MET' || result.finding === 'NOT_ASSESSED'
        : !viaObjectives.has(id);
      if (unmet) score -= deduction(draft.level, id, result?.partialCredit === true);
    }
  }
  return {
    level: draft.level,
    total: ids.length,
    answered: ids.length - missing.length,
    missing,
    score,
  };
}

/** "answers 5 of 110 Level 2 requirements; the 105 missing are stored as not assessed and count as NOT MET in the score: score -188". */
export function coverageWarning(coverage: Coverage): string | null {
  const n = coverage.missing.length;
  if (n === 0) return null;
  const which = n <= 5 ? ` (${coverage.missing.join(', ')})` : '';
  const one = n === 1;
  const scored =
    coverage.score === null
      ? `${one ? 'counts' : 'count'} as not met (Level 1 needs every requirement met)`
      : `${one ? 'counts' : 'count'} as NOT MET in the score: score ${coverage.score}`;
  return `answers ${coverage.answered} of ${coverage.total} Level ${coverage.level} requirements; the ${n} missing${which} ${one ? 'is' : 'are'} stored as not assessed and ${scored}`;
}
