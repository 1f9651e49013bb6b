/**
 * Finds a requirement-status table by what its cells hold, not by its headings (issue 13, point 2). Suppliers label
 * columns `Ctrl #`, `Ref.`, `NIST Ref`, `Practice No.`, in another language, or not at all; the cells still say what
 * they are. The requirement-id column is the one whose cells most often normalise to requirement ids; the status
 * column the one whose cells are most often status words; points, POA&M flag, dates, objectives and comments follow
 * from their content too. Header aliases (headers.ts) stay as a hint: they break ties, and they name the fields
 * content cannot tell apart (partial credit, assessable). Every choice keeps its evidence, so `cmmc inspect` can
 * say why a column was read the way it was.
 */
import { memoizeText, normalizeFinding } from '@cmmc/catalog';
import { columnLetter } from '../errors.js';
import type { Cell, Sheet } from '../readers/sheet.js';
import { EMPTY_CELL, isBlankRow } from '../readers/sheet.js';
import { parseDateCell } from '../values/parse-date.js';
import {
  ASSESSMENT_ALIASES,
  type AssessmentField,
  type ColumnMap,
  matchColumns,
  normalizeHeader,
  type PoamField,
} from './headers.js';
import { isMetadataLabel } from './metadata.js';
import { normalizeId } from './requirement-status.js';
import { isVocabularyWord, vocabularyOf } from './status-vocabularies.js';

/** Rows sampled for content: enough for every requirement of a family sheet or a whole 110-row table. */
const SAMPLE_ROWS = 600;
/** Columns looked at: sheets wider than this carry notes, not answers. */
const MAX_COLUMNS = 60;

/** Why a column was given its role. */
export interface ColumnEvidence {
  field: AssessmentField | PoamField;
  /** Spreadsheet letter. */
  column: string;
  /** The column's heading, '' when blank or when the table has no header row. */
  header: string;
  /** `heading`: the alias list named it; `content`: its cells did; `heading+content`: both agreed. */
  how: 'heading' | 'content' | 'heading+content';
  /** Share (0..1) of the table's rows whose cell in this column held what the role needs; null for heading only. */
  share: number | null;
}

export interface DetectedStatusTable {
  /** Index of the header row in `sheet.rows`; the row before the first data row when the table has no header. */
  headerIndex: number;
  /** False when no row above the data reads as a header (blank headings): the header row is then not metadata. */
  hasHeaderRow: boolean;
  columns: ColumnMap<AssessmentField>;
  evidence: ColumnEvidence[];
  /** Words of a vocabulary outside the catalog that the status column uses (status-vocabularies.ts). */
  statusWords: Map<string, string>;
}

const BOOLEAN_WORDS = /^(?:y|n|yes|no|true|false|x|✓|✔|-|none)$/i;
const TRUTHY = /^(?:y|yes|true|x|✓|✔)$/i;
const OBJECTIVE_CELL = /^(?:\[[a-z]{1,2}\]|\([a-z]{1,2}\)|[a-z])$/;
const POINT_VALUES = new Set([0, 1, 3, 5]);

/** Cheap test first: every id spelling the catalog knows has one of these shapes somewhere. */
const ID_SHAPE =
  /3\.\d{1,2}\.\d|b\.1\.[ivx]|\(b\)\(1\)|\d{2}\.\d{2}\.\d{2}|[a-z]{2}\.[1-5]\.\d{3}/i;
const idLikeCache = new Map<string, boolean>();

function isIdLike(text: string): boolean {
  if (text === '' || !ID_SHAPE.test(text)) return false;
  let known = idLikeCache.get(text);
  if (known === undefined) {
    known = normalizeId(text).kind !== 'unknown';
    if (idLikeCache.size > 50_000) idLikeCache.clear();
    idLikeCache.set(text, known);
  }
  return known;
}

/** A status in the catalog's words or a known vocabulary's (memoised: memoizeText, @cmmc/catalog). */
const isKnownStatusWord = memoizeText(
  (text: string): boolean => normalizeFinding(text).ok || isVocabularyWord(text),
);

/**
 * Whether the cells below `headerIndex` in `column` are answers (Met, Not Met, Yes, N/A...): four in five of the
 * non-empty ones, and at least three. A "Finding" column is a POA&M's weakness or an assessment's result; this tells
 * them apart.
 */
export function columnHoldsStatuses(sheet: Sheet, headerIndex: number, column: number): boolean {
  let filled = 0;
  let statuses = 0;
  const end = Math.min(sheet.rows.length, headerIndex + 1 + 500);
  for (let r = headerIndex + 1; r < end; r++) {
    const text = sheet.rows[r]?.[column]?.text ?? '';
    if (text === '') continue;
    filled++;
    if (isKnownStatusWord(text)) statuses++;
  }
  return filled >= 3 && statuses * 5 >= filled * 4;
}

function isStatusWord(text: string, statusWords?: ReadonlyMap<string, string>): boolean {
  if (text === '') return false;
  const mapped = statusWords?.get(text.trim().toLowerCase());
  if (mapped === undefined) return isKnownStatusWord(text);
  return normalizeFinding(mapped).ok || isVocabularyWord(text);
}

function pointsOf(cell: Cell): number | undefined {
  if (cell.number !== undefined) return Math.abs(cell.number);
  const m = /^\(?\s*[-+−]?\s*(\d+(?:\.\d+)?)\s*\)?\s*(?:pts?|points?)?\.?$/i.exec(cell.text);
  return m ? Number(m[1]) : undefined;
}

function isDateCell(cell: Cell): boolean {
  if (cell.date !== undefined) return true;
  if (cell.text === '' || cell.text.length > 40 || !/\d/.test(cell.text)) return false;
  // NIST's own sheet sorts by "03.01.01": a requirement key, never a date.
  if (isIdLike(cell.text)) return false;
  // A point value or a count is not a date, even where a serial-number reading would make it one.
  if (/^\d{1,4}$/.test(cell.text)) return false;
  const parsed = parseDateCell(cell);
  return parsed !== null && (parsed.ok || parsed.code === 'AMBIGUOUS_DATE');
}

/** The header-alias choice for a row, as a field → column map (aliases in priority order). */
function headingColumns(row: readonly Cell[] | undefined): ColumnMap<AssessmentField> {
  return row ? matchColumns(row, ASSESSMENT_ALIASES) : {};
}

function headingFields(row: readonly Cell[] | undefined, column: number): AssessmentField[] {
  const text = normalizeHeader(row?.[column]?.text ?? '');
  if (text === '') return [];
  return (Object.keys(ASSESSMENT_ALIASES) as AssessmentField[]).filter((f) =>
    (ASSESSMENT_ALIASES[f] as readonly string[]).includes(text),
  );
}

/**
 * The row of headings above `firstData`: the nearest row with cells in two or more columns, skipping family
 * headings and titles (one cell) and blank spacer rows, and never a label/value metadata row ("Company | Acme").
 * An alias-matched row within the title block wins. -1 when the headings are blank or absent.
 */
function findHeaderRow(sheet: Sheet, firstData: number): number {
  for (let r = firstData - 1; r >= Math.max(0, firstData - 40); r--) {
    const row = sheet.rows[r] ?? [];
    const heading = headingColumns(row);
    if (
      (heading.id !== undefined || heading.urn !== undefined) &&
      heading.status !== undefined &&
      !row.some((c) => isIdLike(c.text))
    ) {
      return r;
    }
  }
  let nonBlankSeen = 0;
  for (let r = firstData - 1; r >= 0 && nonBlankSeen < 4; r--) {
    const row = sheet.rows[r] ?? [];
    if (isBlankRow(row)) continue;
    nonBlankSeen++;
    const filled = row.filter((c) => c.text !== '');
    if (filled.length < 2) continue;
    if (row.some((c) => isIdLike(c.text))) return -1;
    // "Company | Acme", "Assessment Date: | 2026-06-01", "CAGE: 1ABC2 | Level: 2": metadata, not headings.
    if (filled.every((c) => /^[^:]{1,40}:\s*\S/.test(c.text))) return -1;
    let pairs = 0;
    for (let i = 0; i + 1 < filled.length; i++) {
      if (isMetadataLabel(filled[i]?.text ?? '') && !isMetadataLabel(filled[i + 1]?.text ?? '')) {
        pairs++;
        i++;
      }
    }
    if (pairs > 0 && pairs * 2 >= filled.length) return -1;
    return r;
  }
  return -1;
}

/**
 * Detects the status table of a sheet by content, or null when no column holds requirement ids next to a column of
 * status words. `statusWords` are a mapping file's extra status words.
 */
export function detectStatusTable(
  sheet: Sheet,
  statusWords?: ReadonlyMap<string, string>,
): DetectedStatusTable | null {
  const limit = Math.min(sheet.rows.length, SAMPLE_ROWS);
  let width = 0;
  for (let r = 0; r < limit; r++) width = Math.max(width, sheet.rows[r]?.length ?? 0);
  width = Math.min(width, MAX_COLUMNS);
  if (width < 2) return null;

  // 1. The id column: most cells that are requirement ids; urns lose a tie to plain ids, then leftmost wins.
  const idHits = new Array<number>(width).fill(0);
  const urnHits = new Array<number>(width).fill(0);
  for (let r = 0; r < limit; r++) {
    const row = sheet.rows[r] ?? [];
    for (let c = 0; c < Math.min(row.length, width); c++) {
      const text = row[c]?.text ?? '';
      if (isIdLike(text)) {
        idHits[c] = (idHits[c] ?? 0) + 1;
        if (/^urn:/i.test(text)) urnHits[c] = (urnHits[c] ?? 0) + 1;
      }
    }
  }
  const best = Math.max(...idHits);
  if (best === 0) return null;
  // A loop, not idHits.map(...).filter(...): the arrays that chain returned did not always share one hidden class,
  // and `--trace-deopt` showed this whole function deoptimised there ("wrong map") and compiled again.
  const idCandidates: { c: number; hits: number; urn: boolean }[] = [];
  for (let c = 0; c < idHits.length; c++) {
    const hits = idHits[c] ?? 0;
    if (hits >= best * 0.8) idCandidates.push({ c, hits, urn: (urnHits[c] ?? 0) > hits / 2 });
  }
  idCandidates.sort((a, b) => Number(a.urn) - Number(b.urn) || b.hits - a.hits || a.c - b.c);
  const idColumn = idCandidates[0]?.c as number;
  const dataRows: number[] = [];
  for (let r = 0; r < limit; r++)
    if (isIdLike(sheet.rows[r]?.[idColumn]?.text ?? '')) dataRows.push(r);
  const firstData = dataRows[0] as number;

  const headerIndex = findHeaderRow(sheet, firstData);
  const header = headerIndex >= 0 ? sheet.rows[headerIndex] : undefined;
  const heading = headingColumns(header);
  const n = dataRows.length;
  const cellOf = (r: number, c: number): Cell => sheet.rows[r]?.[c] ?? EMPTY_CELL;
  const shareOf = (c: number, test: (cell: Cell, r: number) => boolean) => {
    let hits = 0;
    for (const r of dataRows) if (test(cellOf(r, c), r)) hits++;
    return hits / n;
  };
  const claimed = new Set<number>([idColumn]);
  const columns: ColumnMap<AssessmentField> = { id: idColumn };
  const evidence: ColumnEvidence[] = [];
  const record = (field: AssessmentField, c: number, share: number | null) => {
    const byHeading = headingFields(header, c).includes(field);
    columns[field] = c;
    claimed.add(c);
    evidence.push({
      field,
      column: columnLetter(c),
      header: header?.[c]?.text ?? '',
      how: share === null ? 'heading' : byHeading ? 'heading+content' : 'content',
      share: share === null ? null : Math.round(share * 1000) / 1000,
    });
  };
  evidence.push({
    field: 'id',
    column: columnLetter(idColumn),
    header: header?.[idColumn]?.text ?? '',
    how: headingFields(header, idColumn).includes('id') ? 'heading+content' : 'content',
    share: Math.round(((idHits[idColumn] ?? 0) / Math.max(1, n)) * 1000) / 1000,
  });

  // 2. The status column: most status words; then the heading; then a real vocabulary over bare yes/no; leftmost.
  const statusScores: { c: number; share: number; boolean: boolean; heading: boolean }[] = [];
  for (let c = 0; c < width; c++) {
    if (claimed.has(c)) continue;
    const share = shareOf(c, (cell) => isStatusWord(cell.text, statusWords));
    if (share === 0) continue;
    const boolean = dataRows.every((r) => {
      const t = cellOf(r, c).text;
      return t === '' || BOOLEAN_WORDS.test(t);
    });
    statusScores.push({ c, share, boolean, heading: heading.status === c });
  }
  const topStatus = Math.max(0, ...statusScores.map((s) => s.share));
  const statusPick = statusScores
    .filter((s) => s.share >= topStatus * 0.8 && s.share >= 0.3)
    .sort(
      (a, b) =>
        Number(b.heading) - Number(a.heading) ||
        Number(a.boolean) - Number(b.boolean) ||
        b.share - a.share ||
        a.c - b.c,
    )[0];
  if (!statusPick) return null;
  record('status', statusPick.c, statusPick.share);
  const statusColumn = statusPick.c;
  const columnWords = vocabularyOf(dataRows.map((r) => cellOf(r, statusColumn).text));
  for (const [w, meaning] of statusWords ?? []) columnWords.set(w, meaning);
  const notMetRows = new Set(
    dataRows.filter((r) => {
      const text = cellOf(r, statusColumn).text;
      const finding = normalizeFinding(columnWords.get(text.trim().toLowerCase()) ?? text);
      return finding.ok && finding.finding === 'NOT_MET';
    }),
  );

  // 3. The other fields: content where it can tell, the heading where it cannot (or agrees).
  const free = () => [...Array(width).keys()].filter((c) => !claimed.has(c));
  const filledShare = (c: number) => shareOf(c, (cell) => cell.text !== '');

  const urn = free().find((c) => shareOf(c, (cell) => /^urn:/i.test(cell.text)) >= 0.8);
  if (urn !== undefined)
    record(
      'urn',
      urn,
      shareOf(urn, (cell) => /^urn:/i.test(cell.text)),
    );

  const pickByContent = (
    field: AssessmentField,
    test: (cell: Cell, r: number) => boolean,
    minShareOfFilled: number,
    minFilled: number,
  ) => {
    const hinted = heading[field];
    // A column whose heading names another field is that field's, whatever its cells look like: a "partial_credit"
    // column of t/f flags is not a column of objective letters.
    const namedOtherwise = (c: number) => {
      const named = headingFields(header, c);
      return named.length > 0 && !named.includes(field);
    };
    // The hinted column if its cells qualify, else the qualifying column with the most hits (the leftmost on a
    // tie). One pass and no object per candidate: shares are whole numbers on some sheets and fractions on
    // others, and objects holding them changed hidden class under optimised code (--trace-deopt: "wrong map").
    let best = -1;
    let bestHits = 0;
    let hintedHits = -1;
    for (const c of free()) {
      if (namedOtherwise(c)) continue;
      const filled = filledShare(c);
      const hits = shareOf(c, test);
      if (filled < minFilled || hits < filled * minShareOfFilled || hits <= 0) continue;
      if (c === hinted) hintedHits = hits;
      if (best === -1 || hits > bestHits || (hits === bestHits && c < best)) {
        best = c;
        bestHits = hits;
      }
    }
    if (hinted !== undefined && hintedHits >= 0) record(field, hinted, hintedHits);
    else if (best >= 0) record(field, best, bestHits);
    else if (hinted !== undefined && !claimed.has(hinted)) record(field, hinted, null);
  };

  const isPoints = (cell: Cell) => {
    const p = pointsOf(cell);
    return p !== undefined && POINT_VALUES.has(p);
  };
  // A deduction column (0 beside every MET answer) outranks a column of point values (the weight on every row).
  const metRows = dataRows.filter((r) => {
    const text = cellOf(r, statusColumn).text;
    const finding = normalizeFinding(columnWords.get(text.trim().toLowerCase()) ?? text);
    return finding.ok && finding.finding === 'MET';
  });
  const isDeductionColumn = (c: number) => {
    const filled = filledShare(c);
    return (
      filled >= 0.3 &&
      shareOf(c, isPoints) >= filled * 0.9 &&
      metRows.length > 0 &&
      metRows.every((r) => {
        const cell = cellOf(r, c);
        return cell.text === '' || pointsOf(cell) === 0;
      }) &&
      dataRows.some((r) => (pointsOf(cellOf(r, c)) ?? 0) > 0)
    );
  };
  const deductionLike = free().find(isDeductionColumn);
  // Both a point value ("Value": the weight) and a deduction ("Points Deducted") headed as such, as the SPRS Basic
  // worksheet has them: the deduction is what the row cost, partial credit included (3.5.3 deducted 3, not 5).
  const namedDeduction = free().find(
    (c) =>
      c !== heading.points &&
      /\bdeduct/.test(normalizeHeader(header?.[c]?.text ?? '')) &&
      isDeductionColumn(c),
  );
  if (
    namedDeduction !== undefined &&
    heading.points !== undefined &&
    !isDeductionColumn(heading.points)
  ) {
    record('points', namedDeduction, shareOf(namedDeduction, isPoints));
  } else if (deductionLike !== undefined && heading.points === undefined) {
    record('points', deductionLike, shareOf(deductionLike, isPoints));
  } else {
    pickByContent('points', isPoints, 0.7, 0.3);
  }
  if (columns.points === undefined && notMetRows.size > 0) {
    // Deductions written only beside the NOT MET answers: few cells, but none anywhere else.
    const sparse = free().find(
      (c) =>
        dataRows.some((r) => cellOf(r, c).text !== '') &&
        dataRows.every((r) => {
          const cell = cellOf(r, c);
          return cell.text === '' || (isPoints(cell) && notMetRows.has(r));
        }),
    );
    if (sparse !== undefined) record('points', sparse, shareOf(sparse, isPoints));
  }
  pickByContent('date', isDateCell, 0.8, 0.3);
  pickByContent('objective', (cell) => OBJECTIVE_CELL.test(cell.text), 0.9, 0.5);
  if (columns.objective !== undefined && heading.objective !== columns.objective) {
    // Objective letters run a, b, c...: a column of one repeated letter is something else.
    const c = columns.objective;
    if (new Set(dataRows.map((r) => cellOf(r, c).text)).size < 2) {
      delete columns.objective;
      claimed.delete(c);
      evidence.pop();
    }
  }
  // A POA&M flag: yes/no cells whose "yes" only ever sits beside a NOT MET answer.
  pickByContent(
    'onPoam',
    (cell, r) => BOOLEAN_WORDS.test(cell.text) && (!TRUTHY.test(cell.text) || notMetRows.has(r)),
    1,
    0.05,
  );
  if (columns.onPoam !== undefined && heading.onPoam !== columns.onPoam) {
    // Content alone: only when some "yes" is there to prove it (an all-"no" column proves nothing).
    const c = columns.onPoam;
    if (!dataRows.some((r) => TRUTHY.test(cellOf(r, c).text))) {
      delete columns.onPoam;
      claimed.delete(c);
      evidence.pop();
    }
  }
  for (const field of ['partialCredit', 'assessable'] as const) {
    const hinted = heading[field];
    if (hinted !== undefined && !claimed.has(hinted)) record(field, hinted, null);
  }
  // Comments: the heading when it names one; else the first free-text column right of the status column.
  const hintedComments = heading.comments;
  if (hintedComments !== undefined && !claimed.has(hintedComments)) {
    record('comments', hintedComments, null);
  } else {
    const text = free()
      .filter((c) => c > statusColumn)
      .find((c) => {
        const filled = filledShare(c);
        // Two plain tests, not one backtracking pattern: a 5,000-character cell must cost one pass.
        const prose = shareOf(
          c,
          (cell) => /[a-z]{3}/i.test(cell.text) && /\s\S/.test(cell.text) && !isDateCell(cell),
        );
        return filled >= 0.2 && prose >= filled * 0.8;
      });
    if (text !== undefined) record('comments', text, filledShare(text));
  }
  return {
    headerIndex: headerIndex >= 0 ? headerIndex : firstData - 1,
    hasHeaderRow: headerIndex >= 0,
    columns,
    evidence,
    statusWords: columnWords,
  };
}
