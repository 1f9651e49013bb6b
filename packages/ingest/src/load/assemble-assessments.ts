/**
 * Turns the status rows of one file into one assessment per level: Level 1 when the file is keyed by Level 1 ids
 * (or says so), Level 2 otherwise, and a separate Level 3 assessment for `3.x.ye` rows. A requirement named twice
 * with the same answer is fine; with a different answer the later row is rejected, naming the earlier one.
 */
import {
  type CmmcLevel,
  type Finding,
  type FindingQualifier,
  findLevel2Requirement,
  requirementIdsForLevel,
} from '@cmmc/catalog';
import { formatLocation } from '../errors.js';
import type { ParseContext, RejectedRow, StatusRow } from '../layouts/parsed.js';

export interface ResultDraft {
  nistId: string;
  finding: Finding;
  raw: string;
  qualifier: FindingQualifier | null;
  partialCredit: boolean;
  points: number | null;
  onPoam: boolean | null;
  comments: string | null;
  sheet: string | null;
  row: number;
}

export interface ObjectiveDraft {
  nistId: string;
  objectiveId: string;
  finding: Finding;
  raw: string;
  sheet: string | null;
  row: number;
}

export interface AssessmentDraft {
  level: CmmcLevel;
  results: Map<string, ResultDraft>;
  objectives: Map<string, ObjectiveDraft>;
}

/** The level of the non-Level-3 rows: explicit, else 1 when every id is a Level 1 id, else 2. */
export function baseLevelOf(rows: readonly StatusRow[], explicit: CmmcLevel | null): 1 | 2 {
  if (explicit === 1 || explicit === 2) return explicit;
  if (explicit === 3) return 2;
  const base = rows.filter((r) => r.id.kind !== 'level3');
  const levelOne = (r: StatusRow) => r.id.kind === 'level1' || /\bL1-/i.test(r.id.raw);
  return base.length > 0 && base.every(levelOne) ? 1 : 2;
}

export function assembleAssessments(
  rows: readonly StatusRow[],
  explicitLevel: CmmcLevel | null,
  ctx: ParseContext,
): { drafts: AssessmentDraft[]; rejected: RejectedRow[] } {
  const baseLevel = baseLevelOf(rows, explicitLevel);
  const levelOneIds = new Set(requirementIdsForLevel(1));
  const drafts = new Map<CmmcLevel, AssessmentDraft>();
  const rejected: RejectedRow[] = [];
  const draftFor = (level: CmmcLevel) => {
    let draft = drafts.get(level);
    if (!draft) {
      draft = { level, results: new Map(), objectives: new Map() };
      drafts.set(level, draft);
    }
    return draft;
  };
  const where = (row: StatusRow) =>
    formatLocation({
      file: ctx.file,
      ...(row.sheet !== null ? { sheet: row.sheet } : {}),
      row: row.row,
    });
  const reject = (row: StatusRow, reason: string, detail: string) =>
    rejected.push({
      sheet: row.sheet,
      row: row.row,
      column: null,
      header: null,
      reason,
      message: `${where(row)}: ${detail}`,
      rawValues: row.rawValues(),
    });

  for (const row of rows) {
    // A file that states Level 1 or 2 holds no Level 3 answers: a stray enhanced id is a row error, never a second
    // assessment at a level the supplier did not claim.
    if (row.id.kind === 'level3' && (explicitLevel === 1 || explicitLevel === 2)) {
      reject(
        row,
        'NOT_IN_LEVEL',
        `${row.id.raw} is a Level 3 requirement (NIST SP 800-172), and this file states Level ${explicitLevel}`,
      );
      continue;
    }
    const level: CmmcLevel = row.id.kind === 'level3' ? 3 : baseLevel;
    const nistIds = row.id.kind === 'level1' ? row.id.nistIds : [row.id.nistId];
    if (level === 1) {
      const outside = nistIds.filter((id) => !levelOneIds.has(id));
      if (outside.length > 0) {
        reject(
          row,
          'NOT_IN_LEVEL',
          `${row.id.raw} is not one of the Level 1 requirements (FAR 52.204-21), and this file is a Level 1 assessment`,
        );
        continue;
      }
    }
    const draft = draftFor(level);
    if (row.objective !== null) {
      if (nistIds.length !== 1) {
        reject(
          row,
          'NOT_IN_LEVEL',
          `${row.id.raw} names an objective of a Level 1 requirement that spans ${nistIds.join(', ')}; use the NIST id (e.g. ${nistIds[0]}[${row.objective}])`,
        );
        continue;
      }
      const nistId = nistIds[0] ?? '';
      const objectiveId = `${nistId}[${row.objective}]`;
      const known = findLevel2Requirement(nistId)?.objectiveIds;
      if (level !== 3 && known && !known.includes(objectiveId)) {
        reject(
          row,
          'UNKNOWN_REQUIREMENT',
          `${objectiveId} is not a NIST SP 800-171A objective (${nistId} has ${known.join(', ')})`,
        );
        continue;
      }
      const earlier = draft.objectives.get(objectiveId);
      if (earlier) {
        if (earlier.finding !== row.finding) {
          reject(
            row,
            'DUPLICATE_CONFLICT',
            `${objectiveId} is also on row ${earlier.row}${earlier.sheet ? ` of ${earlier.sheet}` : ''} as "${earlier.raw}", here "${row.raw}"; keep one answer`,
          );
        }
        continue;
      }
      draft.objectives.set(objectiveId, {
        nistId,
        objectiveId,
        finding: row.finding,
        raw: row.raw,
        sheet: row.sheet,
        row: row.row,
      });
      continue;
    }
    const conflicts = nistIds
      .map((id) => draft.results.get(id))
      .filter(
        (e): e is ResultDraft =>
          e !== undefined &&
          (e.finding !== row.finding ||
            e.qualifier !== row.qualifier ||
            e.partialCredit !== row.partialCredit),
      );
    if (conflicts.length > 0) {
      const first = conflicts[0] as ResultDraft;
      reject(
        row,
        'DUPLICATE_CONFLICT',
        `${first.nistId} is also on row ${first.row}${first.sheet ? ` of ${first.sheet}` : ''} as "${first.raw}", here "${row.raw}"; keep one answer`,
      );
      continue;
    }
    for (const nistId of nistIds) {
      if (draft.results.has(nistId)) continue;
      draft.results.set(nistId, {
        nistId,
        finding: row.finding,
        raw: row.raw,
        qualifier: row.qualifier,
        partialCredit: row.partialCredit,
        points: row.points,
        onPoam: row.onPoam,
        comments: row.comments,
        sheet: row.sheet,
        row: row.row,
      });
    }
  }
  return { drafts: [...drafts.values()].sort((a, b) => a.level - b.level), rejected };
}
