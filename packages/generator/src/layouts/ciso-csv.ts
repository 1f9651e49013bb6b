/**
 * CISO Assistant audit export: comma-delimited UTF-8 (sometimes with a BOM), header `urn, ref_id, name, description,
 * typical_evidence, annotation, compliance_result, extended_result, requirement_progress, score, observations`.
 * `ref_id` is `3.1.1`; some suppliers export one row per 800-171A objective (`3.1.1[a]`), where a requirement is
 * MET only if every objective is compliant or not_applicable.
 */

import { csvLine, encodeUtf8 } from '../csv.js';
import type { AssessmentPlan, WriteStyle } from '../draw-supplier.js';
import type { Random } from '../random.js';
import type { AssessmentRow } from '../rows.js';
import { assessmentRows } from '../rows.js';

export const CISO_HEADER = [
  'urn',
  'ref_id',
  'name',
  'description',
  'typical_evidence',
  'annotation',
  'compliance_result',
  'extended_result',
  'requirement_progress',
  'score',
  'observations',
] as const;

const URN = 'urn:intuitem:risk:req_node:nist-sp-800-171-rev2';

function result(row: AssessmentRow): string {
  const f = row.finding;
  if (f.finding === 'MET') return 'compliant';
  if (f.finding === 'NOT_APPLICABLE') return 'not_applicable';
  if (f.finding === 'NOT_ASSESSED') return 'not_assessed';
  return f.wording === 'partial' ? 'partially_compliant' : 'non_compliant';
}

function progress(compliance: string): string {
  if (compliance === 'compliant' || compliance === 'not_applicable') return 'done';
  if (compliance === 'not_assessed') return 'to_do';
  return 'in_progress';
}

export function writeCisoCsv(plan: AssessmentPlan, style: WriteStyle, random: Random): Buffer {
  const lines = [csvLine(CISO_HEADER, ',')];
  const rows = assessmentRows(plan.level, plan.findings, { idStyle: 'nist', level1Ids: false });
  for (const row of rows) {
    const compliance = result(row);
    const id = row.nistIds[0] as string;
    const observation = compliance === 'compliant' ? '' : random.pick(OBSERVATIONS);
    if (!style.objectiveRows || row.objectiveIds.length === 0 || compliance === 'not_assessed') {
      lines.push(
        csvLine(
          [
            `${URN}:${id}`,
            id,
            row.title,
            row.text,
            'Policy, procedure, screenshots',
            '',
            compliance,
            '',
            progress(compliance),
            '',
            observation,
          ],
          ',',
        ),
      );
      continue;
    }
    // NOT MET: at least one objective fails, the others may pass (800-171A: all must be satisfied).
    const failing = new Set(
      compliance === 'compliant' || compliance === 'not_applicable'
        ? []
        : random.shuffle(row.objectiveIds).slice(0, random.int(1, row.objectiveIds.length)),
    );
    for (const objective of row.objectiveIds) {
      const objectiveResult = failing.has(objective)
        ? compliance
        : compliance === 'not_applicable'
          ? 'not_applicable'
          : 'compliant';
      const letter = objective.slice(objective.indexOf('['));
      lines.push(
        csvLine(
          [
            `${URN}:${id}${letter}`,
            objective,
            `${row.title} ${letter}`,
            row.text,
            '',
            '',
            objectiveResult,
            '',
            progress(objectiveResult),
            '',
            failing.has(objective) ? observation : '',
          ],
          ',',
        ),
      );
    }
  }
  return encodeUtf8(`${lines.join('\n')}\n`, style.bom);
}

const OBSERVATIONS = [
  'Evidence incomplete; see POA&M.',
  'Only applied to the engineering enclave, "not" company-wide.',
  'MFA missing for service accounts, remote access OK',
  'Awaiting MSP configuration change',
];
