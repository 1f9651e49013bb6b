/**
 * Requirement-status sheets: one row per requirement (or 800-171A objective) with its status, keyed by any id
 * spelling the catalog knows. Covers SSP-style sheets (Implemented / Planned / N/A), one sheet per family, CSET
 * scorecards (Practice | Response Y/N/NA/A/U | Value) and CISO Assistant audit exports (ref_id | compliance_result).
 */
import {
  memoizeText,
  normalizeFinding,
  normalizeRequirementId,
  type RequirementIdResult,
} from '@cmmc/catalog';
import type { Cell, Sheet } from '../readers/sheet.js';
import { cellAt, displayRow, EMPTY_CELL, isBlankRow } from '../readers/sheet.js';
import { parseDateCell } from '../values/parse-date.js';
import {
  ASSESSMENT_ALIASES,
  type AssessmentField,
  type ColumnMap,
  columnsMatching,
  matchColumns,
  normalizeHeader,
} from './headers.js';
import {
  type ParseContext,
  type RejectedRow,
  rawValuesOf,
  rejectRow,
  type StatusRow,
} from './parsed.js';
import { foldWord } from './status-vocabularies.js';

export type AssessmentColumns = ColumnMap<AssessmentField>;

/**
 * The catalog's id normalisation, plus `3.1.1.a` and `3.1.1 a` objective spellings and CISO Assistant urns.
 * Memoised (memoizeText): table detection asks it of every cell of the candidate columns, and the rows ask it again.
 * The answer is shared between the cells that spell an id the same way, so it must never be changed.
 */
export const normalizeId = memoizeText(computeNormalizedId);

function computeNormalizedId(text: string): RequirementIdResult {
  const trimmed = text.trim();
  const urn = /^urn:[^\s]*:([^:\s]+)$/i.exec(trimmed);
  const candidate = urn ? (urn[1] ?? trimmed) : trimmed;
  const result = normalizeRequirementId(candidate);
  if (result.kind === 'unknown') {
    const dotted = /^(.*\d)[.\s]([a-z]{1,2})$/i.exec(candidate);
    if (dotted) {
      const retry = normalizeRequirementId(`${dotted[1]}[${dotted[2]}]`);
      if (retry.kind !== 'unknown') return { ...retry, raw: text } as RequirementIdResult;
    }
  }
  return urn ? ({ ...result, raw: text } as RequirementIdResult) : result;
}

type KnownId = Extract<RequirementIdResult, { kind: 'level1' | 'level2' | 'level3' }>;

function isKnown(id: RequirementIdResult): id is KnownId {
  return id.kind === 'level1' || id.kind === 'level2' || id.kind === 'level3';
}

function isKnownId(text: string): boolean {
  return isKnown(normalizeId(text));
}

/** Columns of a requirement-status header row, or null when the row is not one. */
export function matchAssessmentHeader(row: readonly Cell[]): AssessmentColumns | null {
  const columns = matchColumns(row, ASSESSMENT_ALIASES);
  if ((columns.id === undefined && columns.urn === undefined) || columns.status === undefined) {
    return null;
  }
  return columns;
}

/**
 * When several columns could hold the id ("ID" and "Requirement"), keep the one whose values are ids most often:
 * SSP sheets often put the requirement text under "Requirement".
 */
export function refineIdColumn(
  sheet: Sheet,
  headerIndex: number,
  columns: AssessmentColumns,
): AssessmentColumns {
  const header = sheet.rows[headerIndex] ?? [];
  const candidates = columnsMatching(header, ASSESSMENT_ALIASES.id).filter(
    (c) => c !== columns.status,
  );
  if (candidates.length < 2) return columns;
  let best = columns.id;
  let bestHits = -1;
  const end = Math.min(sheet.rows.length, headerIndex + 41);
  for (const c of candidates) {
    let hits = 0;
    for (let r = headerIndex + 1; r < end; r++) if (isKnownId(cellAt(sheet, r, c).text)) hits++;
    if (hits > bestHits) {
      best = c;
      bestHits = hits;
    }
  }
  return best === undefined ? columns : { ...columns, id: best };
}

/** The layout name for a header: which tool wrote the sheet, as far as the headers tell. */
export function assessmentLayoutName(header: readonly Cell[], columns: AssessmentColumns): string {
  const name = (i: number | undefined) =>
    i === undefined ? '' : normalizeHeader(header[i]?.text ?? '');
  if (name(columns.status) === 'compliance result') return 'ciso-assistant-audit';
  if (name(columns.status) === 'response' && name(columns.id) === 'practice')
    return 'cset-scorecard';
  return 'requirement-status';
}

const TRUTHY = /^(?:y|yes|true|x|1|on poam|planned|✓|✔)$/i;
const FALSY = /^(?:n|no|false|0|-|none)$/i;
const PARTIAL_CREDIT_IDS = new Set(['3.5.3', '3.13.11']);
const SUMMARY_LABEL = /^(?:total|sprs|score|summary|subtotal|overall)\b/i;

function parsePoints(text: string): number | null | undefined {
  const s = text.replace(/\s*(?:pts?|points?)\.?$/i, '').trim();
  if (s === '') return null;
  const m = /^\(?\s*([-+−]?\s*\d+(?:\.\d+)?)\s*\)?$/.exec(s);
  if (!m) return undefined;
  return Math.abs(Number((m[1] ?? '').replace(/[\s−]/g, (ch) => (ch === '−' ? '-' : ''))));
}

function parseObjective(text: string): string | null {
  const m = /\[([a-z]{1,2})\]$|^\(?([a-z]{1,2})\)?$/i.exec(text.trim());
  return (m?.[1] ?? m?.[2] ?? null)?.toLowerCase() ?? null;
}

export interface StatusSheetResult {
  rows: StatusRow[];
  rejected: RejectedRow[];
  dates: string[];
}

/** Something shaped like a requirement id (`3.1.2`, `AC.L2-3.1.2`) somewhere in a cell. */
const REQUIREMENT_LIKE = /(?:^|[^\d.])3\.\d{1,2}\.\d{1,2}(?:\D|$)/;

export function parseStatusSheet(
  sheet: Sheet,
  headerIndex: number,
  columns: AssessmentColumns,
  ctx: ParseContext,
  hasHeaderRow = true,
): StatusSheetResult {
  const headers = hasHeaderRow ? (sheet.rows[headerIndex] ?? []) : [];
  const rows: StatusRow[] = [];
  const rejected: RejectedRow[] = [];
  const dates: string[] = [];
  // Without a header row there is no width to hold CSV records to.
  const headerWidth = hasHeaderRow ? headers.length : Number.POSITIVE_INFINITY;
  for (let r = headerIndex + 1; r < sheet.rows.length; r++) {
    const row = sheet.rows[r] ?? [];
    if (isBlankRow(row)) continue;
    const rawValues = () => rawValuesOf(headers, row);
    const reject = (
      column: number | null,
      reason: Parameters<typeof rejectRow>[5],
      detail: string,
    ) => rejected.push(rejectRow(ctx, sheet, r, column, headers, reason, detail, rawValues()));
    const cell = (column: number | undefined) =>
      column === undefined ? EMPTY_CELL : cellAt(sheet, r, column);

    if (columns.assessable !== undefined && FALSY.test(cell(columns.assessable).text)) continue;
    let idColumn = columns.id;
    if (
      (idColumn === undefined || cell(idColumn).text === '') &&
      columns.urn !== undefined &&
      cell(columns.urn).text !== ''
    ) {
      idColumn = columns.urn;
    }
    const idCell = cell(idColumn);
    const statusCell = cell(columns.status);
    if (idCell.problem) {
      reject(idColumn ?? null, idCell.problem.code, idCell.problem.message);
      continue;
    }
    if (idCell.text === '') {
      if (statusCell.text === '' && !statusCell.problem) continue;
      reject(idColumn ?? null, 'NO_REQUIREMENT_ID', 'the row has a status but no requirement id');
      continue;
    }
    const id = normalizeId(idCell.text);
    if (id.kind === 'unknown') {
      // A CSV record that crams a requirement id and more into one field was written with another delimiter
      // ("3.1.2;MET;" in a comma file): skipping it as a heading would silently lose the answer.
      const fields = sheet.fieldCounts?.[r];
      if (
        fields !== undefined &&
        Number.isFinite(headerWidth) &&
        fields < headerWidth &&
        REQUIREMENT_LIKE.test(idCell.text) &&
        /[,;\t|]/.test(idCell.text)
      ) {
        reject(
          idColumn ?? null,
          'TOO_FEW_FIELDS',
          `the record has ${fields} field${fields === 1 ? '' : 's'} but the header has ${headerWidth}: "${idCell.text}" looks written with a different delimiter; use the same delimiter on every line`,
        );
        continue;
      }
      // Family headings ("Access Control (AC)") and total lines have no status of their own.
      if ((statusCell.text === '' && !statusCell.problem) || SUMMARY_LABEL.test(idCell.text)) {
        continue;
      }
      reject(idColumn ?? null, 'UNKNOWN_REQUIREMENT', id.message);
      continue;
    }
    if (!isKnown(id)) {
      reject(idColumn ?? null, id.kind === 'rev3' ? 'REV3_ID' : 'CMMC1_ID', id.message);
      continue;
    }
    if (sheet.fieldCounts && (sheet.fieldCounts[r] ?? 0) > headerWidth) {
      const extra = row.slice(headerWidth).filter((c) => c.text !== '');
      if (extra.length > 0) {
        reject(
          headerWidth,
          'TOO_MANY_FIELDS',
          `the record has ${sheet.fieldCounts[r]} fields but the header has ${headerWidth}: an unquoted delimiter inside a value has shifted the columns; quote that value`,
        );
        continue;
      }
    }
    if (statusCell.problem) {
      reject(columns.status ?? null, statusCell.problem.code, statusCell.problem.message);
      continue;
    }
    const mapped =
      ctx.statusWords?.get(statusCell.text.trim().toLowerCase()) ??
      ctx.statusWords?.get(foldWord(statusCell.text));
    const status = normalizeFinding(mapped ?? statusCell.text);
    if (!status.ok) {
      reject(columns.status ?? null, 'UNKNOWN_STATUS', status.message);
      continue;
    }
    let points: number | null = null;
    if (columns.points !== undefined) {
      const pointsCell = cell(columns.points);
      if (pointsCell.problem) {
        reject(columns.points, pointsCell.problem.code, pointsCell.problem.message);
        continue;
      }
      const parsed =
        pointsCell.number !== undefined
          ? Math.abs(pointsCell.number)
          : parsePoints(pointsCell.text);
      // "NA*", "N/A", "–", "5 (3)" (a value and its partial-credit value), "1e400": a note about the points, not
      // a deduction; the answer still counts and the points stay unknown (fixtures/bad/points-out-of-range.csv).
      points = parsed ?? null;
    }
    if (columns.date !== undefined) {
      const dateCell = cell(columns.date);
      if (dateCell.problem) {
        reject(columns.date, dateCell.problem.code, dateCell.problem.message);
        continue;
      }
      const date = parseDateCell(dateCell, ctx.dateOrder);
      if (date && !date.ok) {
        reject(columns.date, date.code, date.message);
        continue;
      }
      if (date?.ok) dates.push(date.iso);
    }
    const objective =
      id.objective ??
      (columns.objective !== undefined ? parseObjective(cell(columns.objective).text) : null);
    // "Yes", or the partial deduction itself (3), as a results export writes it.
    const partialText = columns.partialCredit !== undefined ? cell(columns.partialCredit).text : '';
    const explicitPartial =
      TRUTHY.test(partialText) || /^[-−]?3(?:\.0+)?$/.test(partialText.trim());
    const nistIds = id.kind === 'level1' ? id.nistIds : [id.nistId];
    const partialCredit =
      status.finding === 'NOT_MET' &&
      nistIds.length === 1 &&
      PARTIAL_CREDIT_IDS.has(nistIds[0] ?? '') &&
      (explicitPartial || points === 3);
    let onPoam: boolean | null = null;
    if (columns.onPoam !== undefined) {
      const text = cell(columns.onPoam).text;
      if (text !== '') onPoam = !FALSY.test(text);
    }
    const comments = columns.comments !== undefined ? cell(columns.comments).text || null : null;
    rows.push({
      id,
      objective,
      finding: status.finding,
      raw: statusCell.text,
      qualifier: status.qualifier,
      points,
      partialCredit,
      onPoam,
      comments,
      sheet: sheet.name,
      row: displayRow(sheet, r),
      rawValues,
    });
  }
  return { rows, rejected, dates };
}
