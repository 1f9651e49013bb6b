/** The rows an assessment file lists, in catalog order, with ids spelled the way the supplier spells them. */

import type { CmmcLevel } from '@cmmc/catalog';
import {
  LEVEL1_REQUIREMENTS,
  LEVEL2_REQUIREMENTS,
  LEVEL3_REQUIREMENTS,
  level2Deduction,
} from '@cmmc/catalog';
import type { WriteStyle } from './draw-supplier.js';
import type { TruthFinding } from './types.js';

export interface AssessmentRow {
  /** As written in the file: `AC.L2-3.1.1`, `3.1.1`, `AC.L1-b.1.i`, `IR.L3-3.6.1e`. */
  id: string;
  nistIds: string[];
  family: string;
  title: string;
  text: string;
  /** The Points column: the deduction when NOT MET (3 for explicit partial credit), else the value; null if none. */
  points: number | null;
  objectiveIds: string[];
  finding: TruthFinding;
}

const level2ByNistId = new Map(LEVEL2_REQUIREMENTS.map((r) => [r.nistId, r]));

/** One row per requirement present in `findings` (absent ones are the rows the supplier left out). */
export function assessmentRows(
  level: CmmcLevel,
  findings: ReadonlyMap<string, TruthFinding>,
  style: Pick<WriteStyle, 'idStyle' | 'level1Ids'>,
): AssessmentRow[] {
  if (level === 3) {
    return LEVEL3_REQUIREMENTS.flatMap((r) => {
      const finding = findings.get(r.nistId);
      if (!finding) return [];
      return [
        {
          id: r.cmmcId,
          nistIds: [r.nistId],
          family: r.family,
          title: r.title,
          text: r.text,
          points: r.points,
          objectiveIds: [],
          finding,
        },
      ];
    });
  }
  if (level === 1 && style.level1Ids) {
    return LEVEL1_REQUIREMENTS.flatMap((r) => {
      const finding = findings.get(r.nistIds[0] as string);
      if (!finding) return [];
      return [
        {
          id: r.cmmcId,
          nistIds: r.nistIds,
          family: r.family,
          title: r.title,
          text: r.text,
          points: null,
          objectiveIds: [],
          finding,
        },
      ];
    });
  }
  const nistIds =
    level === 1
      ? LEVEL1_REQUIREMENTS.flatMap((r) => r.nistIds)
      : LEVEL2_REQUIREMENTS.map((r) => r.nistId);
  return nistIds.flatMap((nistId) => {
    const r = level2ByNistId.get(nistId);
    const finding = findings.get(nistId);
    if (!r || !finding) return [];
    const cmmcId = level === 1 ? r.cmmcId.replace('.L2-', '.L1-') : r.cmmcId;
    const deduction =
      finding.finding === 'NOT_MET' ? level2Deduction(nistId, finding.partial === true) : r.points;
    return [
      {
        id: style.idStyle === 'cmmc' ? cmmcId : nistId,
        nistIds: [nistId],
        family: r.family,
        title: r.title,
        text: r.text,
        points: level === 1 ? null : deduction,
        objectiveIds: r.objectiveIds,
        finding,
      },
    ];
  });
}
