/**
 * Finds the tables in every sheet of a document and reads them with the matching layout. A workbook may hold
 * several status sheets (one per family), a POA&M sheet beside them, and a cover sheet of metadata.
 */
import { columnLetter, IngestError } from '../errors.js';
import { type Cell, displayRow, type Sheet, type SourceDocument } from '../readers/sheet.js';
import {
  type ColumnEvidence,
  columnHoldsStatuses,
  detectStatusTable,
} from './detect-status-table.js';
import type { AssessmentField, PoamField } from './headers.js';
import { type LayoutMapping, resolveColumns } from './mapping.js';
import {
  type FileMetadata,
  type MetadataKey,
  type MetadataValue,
  metadataKeyOf,
  readMetadata,
  readTitleOrganization,
  type TableOfContents,
} from './metadata.js';
import type { ParseContext, ParsedDocument } from './parsed.js';
import { matchPoamHeader, type PoamColumns, parsePoamSheet, poamLayoutName } from './poam.js';
import {
  type AssessmentColumns,
  assessmentLayoutName,
  matchAssessmentHeader,
  normalizeId,
  parseStatusSheet,
  refineIdColumn,
} from './requirement-status.js';

/** How far down a sheet the header row is looked for: title blocks and FedRAMP guidance sit above it. */
const HEADER_SCAN_ROWS = 60;

type Table =
  | {
      kind: 'status';
      row: number;
      columns: AssessmentColumns;
      layout: string;
      hasHeaderRow: boolean;
      evidence: ColumnEvidence[];
      statusWords?: ReadonlyMap<string, string>;
    }
  | { kind: 'poam'; row: number; columns: PoamColumns; layout: string };

/** Evidence for columns named by a heading (a POA&M header, a mapping file). */
function headingEvidence(
  header: readonly Cell[],
  columns: Record<string, number | undefined>,
): ColumnEvidence[] {
  return Object.entries(columns)
    .filter((e): e is [string, number] => e[1] !== undefined)
    .map(([field, c]) => ({
      field: field as ColumnEvidence['field'],
      column: columnLetter(c),
      header: header[c]?.text ?? '',
      how: 'heading' as const,
      share: null,
    }));
}

/**
 * A POA&M header row (found by its headings: its free-text columns cannot be told apart by content), else a status
 * table found by content (detect-status-table.ts), else a status header row whose table has no answers yet.
 */
function findTables(sheet: Sheet, statusWords?: ReadonlyMap<string, string>): Table[] {
  const limit = Math.min(sheet.rows.length, HEADER_SCAN_ROWS);
  // A POA&M header that plans nothing (an item id and a requirement, no weakness, remediation or schedule) may head
  // an assessment whose rows carry their POA&M number ("Requirement | Finding | Value | POA&M #"): its rows decide.
  let unplanned: Table | null = null;
  for (let r = 0; r < limit; r++) {
    const row = sheet.rows[r] ?? [];
    if (row.length < 2) continue;
    const poam = matchPoamHeader(row);
    const status = matchAssessmentHeader(row);
    // A results export with a "POA&M ID" beside each answer is an assessment, not a POA&M: a POA&M table says
    // what is wrong or what will be done (weakness, remediation, schedule, milestones). A "Finding" column of
    // Met / Not Met is an assessment's result, not a weakness.
    const planned =
      poam &&
      ((poam.weakness !== undefined && !columnHoldsStatuses(sheet, r, poam.weakness)) ||
        poam.remediation !== undefined ||
        poam.scheduled !== undefined ||
        poam.milestones !== undefined);
    if (poam && (planned || !status)) {
      const table: Table = {
        kind: 'poam',
        row: r,
        columns: poam,
        layout: poamLayoutName(row, poam),
      };
      if (planned) return [table];
      unplanned = table;
      break;
    }
    if (status) break;
  }
  const detected = detectStatusTable(sheet, statusWords);
  if (detected) {
    const header = detected.hasHeaderRow ? (sheet.rows[detected.headerIndex] ?? []) : [];
    return [
      {
        kind: 'status',
        row: detected.headerIndex,
        columns: detected.columns,
        layout: assessmentLayoutName(header, detected.columns),
        hasHeaderRow: detected.hasHeaderRow,
        evidence: detected.evidence,
        statusWords: detected.statusWords,
      },
    ];
  }
  if (unplanned) return [unplanned];
  for (let r = 0; r < limit; r++) {
    const row = sheet.rows[r] ?? [];
    if (row.length < 2) continue;
    const status = matchAssessmentHeader(row);
    if (status) {
      const columns = refineIdColumn(sheet, r, status);
      return [
        {
          kind: 'status',
          row: r,
          columns,
          layout: assessmentLayoutName(row, columns),
          hasHeaderRow: true,
          evidence: headingEvidence(row, columns),
        },
      ];
    }
  }
  return [];
}

function mappedTables(sheet: Sheet, mapping: LayoutMapping, file: string): Table[] {
  const tables: Table[] = [];
  const tryTable = (
    kind: 'status' | 'poam',
    sheetName: string | undefined,
    headerRow: number,
    refs: Record<string, string>,
  ) => {
    if (sheetName !== undefined && sheet.name !== null && sheetName !== sheet.name) return;
    const header: readonly Cell[] = sheet.rows[headerRow - 1] ?? [];
    const { columns, missing } = resolveColumns(header, refs);
    if (missing.length > 0) {
      if (sheetName === undefined) return;
      throw new IngestError(
        'MAPPING_INVALID',
        { file, ...(sheet.name !== null ? { sheet: sheet.name } : {}), row: headerRow },
        `the mapping names columns this header row does not have: ${missing.join(', ')}`,
      );
    }
    if (kind === 'status') {
      tables.push({
        kind,
        row: headerRow - 1,
        columns: columns as AssessmentColumns,
        layout: 'mapping',
        hasHeaderRow: true,
        evidence: headingEvidence(header, columns),
      });
    } else {
      tables.push({
        kind,
        row: headerRow - 1,
        columns: columns as PoamColumns,
        layout: 'mapping-poam',
      });
    }
  };
  if (mapping.columns && mapping.headerRow) {
    tryTable(
      'status',
      mapping.sheet,
      mapping.headerRow,
      mapping.columns as Record<AssessmentField, string>,
    );
  }
  if (mapping.poam) {
    tryTable(
      'poam',
      mapping.poam.sheet,
      mapping.poam.headerRow,
      mapping.poam.columns as Record<PoamField, string>,
    );
  }
  return tables;
}

/** Rows read for metadata below a table: a totals block and its footnotes, not a second document. */
const TRAILING_ROWS = 20;

/** The last row holding a requirement id in a table's id column (or its header row when it has none). */
function lastIdRow(sheet: Sheet, tables: readonly Table[]): number {
  let last = -1;
  for (const table of tables) {
    last = Math.max(last, table.row);
    const c = table.kind === 'status' ? table.columns.id : table.columns.requirement;
    if (c === undefined) continue;
    for (let r = sheet.rows.length - 1; r > table.row; r--) {
      if (normalizeId(sheet.rows[r]?.[c]?.text ?? '').kind !== 'unknown') {
        last = Math.max(last, r);
        break;
      }
    }
  }
  return last;
}

/**
 * GRC exports repeat the supplier's facts on every row ("OSC Name | CAGE | Assessment Date | ..."): a column that
 * no role claimed, headed by a metadata label and holding one value on every row, is metadata for the file.
 */
function readMetadataColumns(
  sheet: Sheet,
  headerIndex: number,
  columns: AssessmentColumns,
  into: FileMetadata,
): void {
  const header = sheet.rows[headerIndex] ?? [];
  const claimed = new Set(Object.values(columns));
  const idColumn = columns.id;
  header.forEach((cell, c) => {
    if (claimed.has(c)) return;
    const key = metadataKeyOf(cell.text);
    if (!key || into[key]) return;
    let first: { cell: Cell; row: number } | null = null;
    for (let r = headerIndex + 1; r < sheet.rows.length; r++) {
      // Only the table's own rows: a "Total" row or a note under it is not one more value of the column.
      if (
        idColumn !== undefined &&
        normalizeId(sheet.rows[r]?.[idColumn]?.text ?? '').kind === 'unknown'
      )
        continue;
      const value = sheet.rows[r]?.[c];
      if (!value || value.text === '') continue;
      if (!first) first = { cell: value, row: r };
      else if (value.text !== first.cell.text) return;
    }
    if (first) {
      into[key] = {
        cell: first.cell,
        sheet: sheet.name,
        row: displayRow(sheet, first.row),
        column: columnLetter(c),
      };
    }
  });
}

/** A sheet with no table, for the message that says what was looked at: its name and first row. */
function describeSheet(sheet: Sheet): string {
  const first = sheet.rows.find((r) => r.some((c) => c.text !== ''));
  return `${sheet.name === null ? 'the file' : `sheet "${sheet.name}"`}${
    first
      ? ` (first row: ${first
          .filter((c) => c.text !== '')
          .slice(0, 6)
          .map((c) => c.text.slice(0, 30))
          .join(' | ')})`
      : ' (empty)'
  }`;
}

/**
 * The first row of the sheet's tables, metadata sitting above it; a table without a header row starts right after
 * the row before its data. Kept out of parseDocument with describeSheet: code first run after parseDocument was
 * optimised (a POA&M table beside a status one, a sheet with no table) threw that code away each time.
 */
function firstTableRow(tables: readonly Table[]): number {
  let top = Number.POSITIVE_INFINITY;
  for (const t of tables)
    top = Math.min(top, t.kind === 'status' && !t.hasHeaderRow ? t.row + 1 : t.row);
  return top;
}

export function parseDocument(
  document: SourceDocument,
  ctx: ParseContext,
  mapping?: LayoutMapping,
): ParsedDocument {
  const parsed: ParsedDocument = {
    layouts: [],
    metadata: {} as FileMetadata,
    statusRows: [],
    poamRows: [],
    rejected: [],
    dates: [],
    hasAssessmentSheet: false,
    tables: [],
  };
  const seen: string[] = [];
  const toc: TableOfContents = {
    sheetNames: new Set(
      document.sheets.flatMap((s) => (s.name === null ? [] : [s.name.trim().toLowerCase()])),
    ),
    contents: {},
  };
  for (const sheet of document.sheets) {
    const tables = mapping
      ? mappedTables(sheet, mapping, ctx.file)
      : findTables(sheet, ctx.statusWords);
    if (tables.length === 0) {
      readMetadata(sheet, 0, HEADER_SCAN_ROWS, parsed.metadata, toc);
      readTitleOrganization(sheet, HEADER_SCAN_ROWS, parsed.metadata);
      seen.push(describeSheet(sheet));
      continue;
    }
    const top = firstTableRow(tables);
    readMetadata(sheet, 0, top, parsed.metadata, toc);
    readTitleOrganization(sheet, top, parsed.metadata);
    // Totals and stated scores often sit below the table ("SPRS SCORE (110 – Total Deductions) | 94").
    const after = lastIdRow(sheet, tables) + 1;
    readMetadata(sheet, after, after + TRAILING_ROWS, parsed.metadata, toc);
    for (const table of tables) {
      if (!parsed.layouts.includes(table.layout)) parsed.layouts.push(table.layout);
      const headerRow = table.kind === 'status' && !table.hasHeaderRow ? null : table.row;
      parsed.tables.push({
        sheet: sheet.name,
        kind: table.kind,
        layout: table.layout,
        headerRow: headerRow === null ? null : displayRow(sheet, headerRow),
        mappingHeaderRow: table.row >= 0 ? displayRow(sheet, table.row) : 1,
        statusValues:
          table.kind === 'status' && table.statusWords ? Object.fromEntries(table.statusWords) : {},
        columns:
          table.kind === 'status'
            ? table.evidence
            : headingEvidence(sheet.rows[table.row] ?? [], table.columns),
      });
      if (table.kind === 'status') {
        parsed.hasAssessmentSheet = true;
        const tableCtx = table.statusWords?.size ? { ...ctx, statusWords: table.statusWords } : ctx;
        const result = parseStatusSheet(
          sheet,
          table.row,
          table.columns,
          tableCtx,
          table.hasHeaderRow,
        );
        if (table.hasHeaderRow)
          readMetadataColumns(sheet, table.row, table.columns, parsed.metadata);
        // Loops, not push(...rows): a 200,000-row sheet would overflow the call stack as spread arguments.
        for (const row of result.rows) parsed.statusRows.push(row);
        for (const r of result.rejected) parsed.rejected.push(r);
        for (const d of result.dates) parsed.dates.push(d);
      } else {
        const result = parsePoamSheet(sheet, table.row, table.columns, ctx);
        for (const row of result.rows) parsed.poamRows.push(row);
        for (const r of result.rejected) parsed.rejected.push(r);
      }
    }
  }
  if (parsed.layouts.length === 0) {
    throw new IngestError(
      'UNKNOWN_LAYOUT',
      { file: ctx.file },
      `no recognisable table: looked in the first ${HEADER_SCAN_ROWS} rows of ${seen.join('; ')} for a header row with a requirement id column (Requirement, Control, Practice, ref_id...) and a status column (Status, Result, Response, compliance_result...), or a POA&M header (POAM ID, Weakness, Remediation Plan...); describe this layout in a mapping file and pass it with --mapping map.json`,
    );
  }
  for (const [key, value] of Object.entries(toc.contents) as [MetadataKey, MetadataValue][]) {
    parsed.metadata[key] ??= value;
  }
  return parsed;
}
