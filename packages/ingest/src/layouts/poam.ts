/**
 * POA&M sheets: the FedRAMP template (metadata block, header on row 5 or wherever `POAM ID` is, a guidance row and a
 * `V-1Example` row, Open/Closed sheets, 31 columns with aliases) and simpler ones (Requirement | Weakness |
 * Remediation Plan | Owner | Scheduled Completion | Milestones | Status | Closed date). FedRAMP's Controls column
 * normally holds NIST SP 800-53 ids, so the 800-171 id is looked for in Controls, Weakness Name, Weakness Source
 * Identifier and Weakness Description, and a row without one is rejected rather than guessed.
 */
import { normalizeRequirementId } from '@cmmc/catalog';
import type { Cell, Sheet } from '../readers/sheet.js';
import { cellAt, displayRow, EMPTY_CELL, isBlankRow } from '../readers/sheet.js';
import { parseDateCell } from '../values/parse-date.js';
import { parseMilestones } from '../values/parse-milestones.js';
import {
  type ColumnMap,
  matchColumns,
  normalizeHeader,
  POAM_ALIASES,
  type PoamField,
} from './headers.js';
import {
  type ParseContext,
  type PoamRow,
  type RejectedRow,
  rawValuesOf,
  rejectRow,
} from './parsed.js';
import { normalizeId } from './requirement-status.js';

export type PoamColumns = ColumnMap<PoamField>;

/** Columns of a POA&M header row, or null when the row is not one. */
export function matchPoamHeader(row: readonly Cell[]): PoamColumns | null {
  const c = matchColumns(row, POAM_ALIASES);
  const keyed = c.requirement !== undefined || c.controls !== undefined;
  if (c.poamId !== undefined && (keyed || c.weakness !== undefined)) return c;
  const planned =
    c.remediation !== undefined || c.scheduled !== undefined || c.milestones !== undefined;
  if (c.weakness !== undefined && keyed && planned) return c;
  return null;
}

export function poamLayoutName(header: readonly Cell[], columns: PoamColumns): string {
  const id =
    columns.poamId === undefined ? '' : normalizeHeader(header[columns.poamId]?.text ?? '');
  return id === 'poam id' || id === 'poam item id' ? 'fedramp-poam' : 'poam';
}

// A requirement id inside prose: `3.13.11`, `SC.L2-3.13.11`, `IR.L3-3.6.1e`, `AC.L1-b.1.i`.
const EMBEDDED_ID =
  /(?<![\w.])(?:[A-Za-z]{2}[.-]?L[123]-\s?)?(?:3\.\d{1,2}\.\d{1,2}[eE]?|b\.1\.[ivx]+)(?![\w.]*\d)/g;

const OPEN_WORDS =
  /^(?:open|ongoing|on going|in progress|in-progress|delayed|pending|not started|risk accepted|planned|draft|active|new)$/i;
const CLOSED_WORDS =
  /^(?:closed|complete|completed|done|resolved|remediated|fixed|verified|implemented)$/i;
const GUIDANCE = /^unique identifier/i;
const EXAMPLE = /example/i;

/** The NIST ids a cell names: the whole cell first (so the catalog's messages apply), then ids inside prose. */
function idsIn(text: string): { ids: string[]; enhanced: boolean[]; refusal: string | null } {
  const ids: string[] = [];
  const enhanced: boolean[] = [];
  let refusal: string | null = null;
  const add = (raw: string) => {
    const result = normalizeId(raw);
    if (result.kind === 'level2' || result.kind === 'level3') {
      if (!ids.includes(result.nistId)) {
        ids.push(result.nistId);
        enhanced.push(result.kind === 'level3');
      }
    } else if (result.kind === 'level1') {
      for (const id of result.nistIds) {
        if (!ids.includes(id)) {
          ids.push(id);
          enhanced.push(false);
        }
      }
    } else if (result.kind === 'rev3' || result.kind === 'cmmc1') {
      refusal ??= result.message;
    }
  };
  const whole = normalizeRequirementId(text);
  if (whole.kind !== 'unknown') add(text);
  else for (const m of text.matchAll(EMBEDDED_ID)) add(m[0]);
  return { ids, enhanced, refusal };
}

export interface PoamSheetResult {
  rows: PoamRow[];
  rejected: RejectedRow[];
}

export function parsePoamSheet(
  sheet: Sheet,
  headerIndex: number,
  columns: PoamColumns,
  ctx: ParseContext,
): PoamSheetResult {
  const headers = sheet.rows[headerIndex] ?? [];
  const rows: PoamRow[] = [];
  const rejected: RejectedRow[] = [];
  const closedSheet = /closed/i.test(sheet.name ?? '');
  const searchOrder: PoamField[] = [
    'requirement',
    'controls',
    'weakness',
    'weaknessSource',
    'weaknessDescription',
  ];
  for (let r = headerIndex + 1; r < sheet.rows.length; r++) {
    const row = sheet.rows[r] ?? [];
    if (isBlankRow(row)) continue;
    const cell = (field: PoamField): Cell => {
      const column = columns[field];
      return column === undefined ? EMPTY_CELL : cellAt(sheet, r, column);
    };
    const text = (field: PoamField): string | null => cell(field).text || null;
    const key = text('poamId');
    const firstText = row.find((c) => c.text !== '')?.text ?? '';
    if (GUIDANCE.test(firstText) || (key !== null && EXAMPLE.test(key))) continue;
    const rawValues = rawValuesOf(headers, row);
    const reject = (
      field: PoamField | null,
      reason: Parameters<typeof rejectRow>[5],
      detail: string,
    ) =>
      rejected.push(
        rejectRow(
          ctx,
          sheet,
          r,
          field === null ? null : (columns[field] ?? null),
          headers,
          reason,
          detail,
          rawValues,
        ),
      );

    let found: ReturnType<typeof idsIn> | null = null;
    let refusal: string | null = null;
    let problemField: PoamField | null = null;
    for (const field of searchOrder) {
      const c = cell(field);
      if (c.problem) {
        problemField = field;
        continue;
      }
      if (c.text === '') continue;
      const hit = idsIn(c.text);
      refusal ??= hit.refusal;
      if (hit.ids.length > 0) {
        found = hit;
        break;
      }
    }
    if (!found) {
      if (problemField) {
        const c = cell(problemField);
        reject(problemField, c.problem?.code ?? 'CELL_ERROR', c.problem?.message ?? '');
        continue;
      }
      const looked = searchOrder
        .filter((f) => columns[f] !== undefined)
        .map((f) => `${headers[columns[f] ?? 0]?.text} "${text(f) ?? ''}"`)
        .join(', ');
      reject(
        columns.requirement !== undefined
          ? 'requirement'
          : columns.controls !== undefined
            ? 'controls'
            : null,
        refusal ? (refusal.includes('Rev 3') ? 'REV3_ID' : 'CMMC1_ID') : 'NO_REQUIREMENT_ID',
        refusal ??
          `no NIST SP 800-171 requirement id (such as 3.1.1 or AC.L2-3.1.1) in ${looked || 'the row'}; FedRAMP's Controls column holds NIST SP 800-53 ids (AC-2), so put the 800-171 id in Controls, Weakness Name or Weakness Source Identifier`,
      );
      continue;
    }

    let status: 'open' | 'closed' = closedSheet ? 'closed' : 'open';
    const statusCell = cell('status');
    if (statusCell.problem) {
      reject('status', statusCell.problem.code, statusCell.problem.message);
      continue;
    }
    if (statusCell.text !== '') {
      const word = statusCell.text.replace(/\s+/g, ' ').trim();
      if (CLOSED_WORDS.test(word)) status = 'closed';
      else if (OPEN_WORDS.test(word)) status = 'open';
      else {
        reject(
          'status',
          'UNKNOWN_STATUS',
          `expected a POA&M status such as Open, Ongoing, In Progress, Closed or Completed, got "${statusCell.text}"`,
        );
        continue;
      }
    }

    const dates: Partial<
      Record<'detectionDate' | 'scheduled' | 'closedDate' | 'statusDate', string>
    > = {};
    let bad = false;
    for (const field of ['detectionDate', 'scheduled', 'closedDate', 'statusDate'] as const) {
      const c = cell(field);
      if (c.problem) {
        reject(field, c.problem.code, c.problem.message);
        bad = true;
        break;
      }
      const parsed = parseDateCell(c, ctx.dateOrder);
      if (parsed && !parsed.ok) {
        reject(field, parsed.code, parsed.message);
        bad = true;
        break;
      }
      if (parsed?.ok) dates[field] = parsed.iso;
    }
    if (bad) continue;

    const milestones = parseMilestones(text('milestones') ?? '', ctx.dateOrder);
    if (!milestones.ok) {
      reject('milestones', 'BAD_MILESTONES', milestones.message);
      continue;
    }
    const vendor = text('vendorDependency');
    const closedDate =
      dates.closedDate ?? (status === 'closed' ? (dates.statusDate ?? null) : null);
    found.ids.forEach((nistId, i) => {
      rows.push({
        nistId,
        enhanced: found.enhanced[i] === true,
        poamKey: key,
        weakness: text('weakness'),
        weaknessDescription: text('weaknessDescription'),
        remediationPlan: text('remediation'),
        owner: text('owner'),
        resources: text('resources'),
        detectionDate: dates.detectionDate ?? null,
        scheduledCompletionDate: dates.scheduled ?? null,
        status,
        closedDate: status === 'closed' ? closedDate : null,
        riskRating: text('adjustedRisk') ?? text('originalRisk'),
        vendorDependency: vendor === null ? null : /^(?:y|yes|true)$/i.test(vendor),
        comments: text('comments'),
        milestones: milestones.milestones,
        sheet: sheet.name,
        row: displayRow(sheet, r),
      });
    });
  }
  return { rows, rejected };
}
