import type { Finding, FindingQualifier, RequirementIdResult } from '@cmmc/catalog';
import { columnLetter, formatLocation, type RejectReason } from '../errors.js';
import { type Cell, displayRow, type Sheet } from '../readers/sheet.js';
import type { DateOrder } from '../values/parse-date.js';
import type { Milestone } from '../values/parse-milestones.js';
import type { ColumnEvidence } from './detect-status-table.js';
import type { FileMetadata } from './metadata.js';

/** A row that could not be loaded, ready for `rejected_rows`. */
export interface RejectedRow {
  sheet: string | null;
  row: number | null;
  column: string | null;
  header: string | null;
  reason: string;
  /** Complete, with its location first. */
  message: string;
  /** The row's cells, header → text. */
  rawValues: Record<string, string> | null;
}

export interface ParseContext {
  file: string;
  dateOrder?: DateOrder;
  /** Extra status words from a mapping file, folded lower case → the word normalizeFinding knows. */
  statusWords?: ReadonlyMap<string, string>;
}

type KnownId = Extract<RequirementIdResult, { kind: 'level1' | 'level2' | 'level3' }>;

/** One requirement (or objective) answer read from a status sheet, before levels and duplicates are settled. */
export interface StatusRow {
  id: KnownId;
  objective: string | null;
  finding: Finding;
  raw: string;
  qualifier: FindingQualifier | null;
  points: number | null;
  partialCredit: boolean;
  onPoam: boolean | null;
  comments: string | null;
  sheet: string | null;
  row: number;
  /** The row's cells by heading, made only if the row is rejected later (most rows never are). */
  rawValues: () => Record<string, string>;
}

export interface PoamRow {
  /** The NIST id and the level its id names (3 for `3.x.ye`, otherwise the file's level). */
  nistId: string;
  enhanced: boolean;
  poamKey: string | null;
  weakness: string | null;
  weaknessDescription: string | null;
  remediationPlan: string | null;
  owner: string | null;
  resources: string | null;
  detectionDate: string | null;
  scheduledCompletionDate: string | null;
  status: 'open' | 'closed';
  closedDate: string | null;
  riskRating: string | null;
  vendorDependency: boolean | null;
  comments: string | null;
  milestones: Milestone[];
  sheet: string | null;
  row: number;
}

export interface ParsedDocument {
  /** Layout names found, in sheet order, without repeats (`requirement-status`, `fedramp-poam`, ...). */
  layouts: string[];
  metadata: FileMetadata;
  statusRows: StatusRow[];
  poamRows: PoamRow[];
  rejected: RejectedRow[];
  /** Dates read from date columns of status rows: the fallback assessment date is the latest. */
  dates: string[];
  hasAssessmentSheet: boolean;
  /** How each table was read: for `cmmc inspect` and `--write-mapping`. */
  tables: TableReading[];
}

/** One table of a document and why each of its columns has its role. */
export interface TableReading {
  sheet: string | null;
  kind: 'status' | 'poam';
  layout: string;
  /** 1-based header row; null when the table has no header row (blank headings). */
  headerRow: number | null;
  /** The row a mapping file names as this table's header: the header row, else the row just above the data. */
  mappingHeaderRow: number;
  columns: ColumnEvidence[];
  /** Status words outside the catalog that the table's status column uses, and the catalog word each stands for. */
  statusValues: Record<string, string>;
}

/** header text (or column letter) → cell text, for the non-empty cells of a row. */
export function rawValuesOf(
  headers: readonly Cell[],
  row: readonly Cell[],
): Record<string, string> {
  const out: Record<string, string> = {};
  row.forEach((cell, i) => {
    if (cell.text === '') return;
    const header = headers[i]?.text || columnLetter(i);
    out[out[header] === undefined ? header : `${header} (${columnLetter(i)})`] = cell.text;
  });
  return out;
}

/** Builds a rejected row whose message starts with its location. */
export function rejectRow(
  ctx: ParseContext,
  sheet: Sheet,
  rowIndex: number,
  column: number | null,
  headers: readonly Cell[],
  reason: RejectReason,
  detail: string,
  rawValues: Record<string, string>,
): RejectedRow {
  const row = displayRow(sheet, rowIndex);
  const letter = column === null ? undefined : columnLetter(column);
  const header = column === null ? undefined : headers[column]?.text || undefined;
  const location = formatLocation({
    file: ctx.file,
    ...(sheet.name !== null ? { sheet: sheet.name } : {}),
    row,
    ...(letter !== undefined ? { column: letter } : {}),
    ...(header !== undefined ? { header } : {}),
  });
  return {
    sheet: sheet.name,
    row,
    column: letter ?? null,
    header: header ?? null,
    reason,
    message: `${location}: ${detail}`,
    rawValues,
  };
}
