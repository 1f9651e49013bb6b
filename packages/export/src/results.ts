import { supplierPoamSummaries, supplierScores } from '@cmmc/analytics';
import { loadSql, type Store } from '@cmmc/store';
import { formatCsv } from './csv.js';
import { ExportError } from './errors.js';
import { loadExcelJs } from './load-exceljs.js';
import { type OrganizationSelector, selectOrganizations } from './organizations.js';
import { assertAsOf } from './poam-data.js';
import { workbookBytes } from './workbook-bytes.js';
import { type ExportResult, writeOutputFile } from './write-output.js';
import { isoToDate, writeHeader, writeRow, type XlsxValue } from './xlsx-cells.js';

const SQL = new URL('../sql/', import.meta.url);

export type ResultsFormat = 'xlsx' | 'csv' | 'json';
export const RESULTS_FORMATS = ['xlsx', 'csv', 'json'] as const;

/** One supplier's finding for one requirement of one assessment. */
export interface RequirementResultRow {
  organization: string;
  cage: string | null;
  level: number;
  assessmentDate: string;
  assessmentType: string;
  nistId: string;
  cmmcId: string;
  title: string;
  /** MET | NOT_MET | NOT_APPLICABLE | NOT_ASSESSED (the finding that counts: effective_findings). */
  finding: string;
  /** The requirement's deduction value (5, 3 or 1; partial value with explicit partial credit); null when unscored. */
  points: number | null;
  /** Points deducted: `points` when NOT_MET or NOT_ASSESSED, else 0. */
  deducted: number;
  onPoam: boolean;
}

/** How the requirement rows of one assessment came out: counts by finding, and the points deducted. */
export interface FindingCounts {
  requirements: number;
  met: number;
  notApplicable: number;
  notMet: number;
  notAssessed: number;
  deducted: number;
}

/** One supplier and level: the assessment `cmmc scores` decides its status from, with counts, score and status. */
export interface SupplierSummaryRow extends FindingCounts {
  organization: string;
  cage: string | null;
  level: number;
  /** Null for an assessment no source dates (its status is then NO_STATUS). */
  assessmentDate: string | null;
  assessmentType: string;
  statusDate: string | null;
  /**
   * The score `cmmc scores` shows: 110 (Level 2) or 24 (Level 3) minus `deducted`, or the maximum once a POA&M
   * closeout made the status Final; null at Level 1 or when 3.12.4 is NOT MET.
   */
  score: number | null;
  /** The score the assessment itself earned, before any POA&M closeout. */
  assessedScore: number | null;
  /** CMMC status on `asOf`, exactly as `cmmc scores` decides it (FINAL, CONDITIONAL, EXPIRED, NO_STATUS). */
  status: string;
  /** The reasons behind the status, joined into one cell. */
  statusReasons: string;
  closeoutDeadline: string | null;
  openPoamItems: number;
  /** The latest annual affirmation on record (32 CFR 170.22). */
  lastAffirmedOn: string | null;
  /** While the status is in force, the last day of its yearly affirmation. */
  affirmationDueOn: string | null;
  affirmationOverdue: boolean;
}

export interface ResultsOptions {
  organization?: OrganizationSelector;
  /** The day statuses are decided on (`YYYY-MM-DD`). */
  asOf: string;
  format: ResultsFormat;
  outPath: string;
}

interface RequirementResultQueryRow {
  organization_id: number;
  organization_name: string;
  cage: string | null;
  assessment_id: number;
  level: number;
  assessment_date: string;
  assessment_type: string;
  nist_id: string;
  cmmc_id: string;
  title: string;
  finding: string;
  points: number | null;
  deducted: number;
  on_poam: boolean;
}

function countFindings(rows: readonly RequirementResultRow[]): FindingCounts {
  const counts = {
    requirements: 0,
    met: 0,
    notApplicable: 0,
    notMet: 0,
    notAssessed: 0,
    deducted: 0,
  };
  for (const row of rows) {
    counts.requirements += 1;
    counts.deducted += row.deducted;
    if (row.finding === 'MET') counts.met += 1;
    else if (row.finding === 'NOT_APPLICABLE') counts.notApplicable += 1;
    else if (row.finding === 'NOT_MET') counts.notMet += 1;
    else if (row.finding === 'NOT_ASSESSED') counts.notAssessed += 1;
  }
  return counts;
}

/**
 * The rows every results format writes, read from the store in portfolio-wide queries: the requirement rows, and the
 * scores, statuses and open POA&M counts from @cmmc/analytics, so the summary and `cmmc scores` can never disagree.
 * The summary's counts are counted from the requirement rows written beside it.
 */
export async function loadResults(
  store: Store,
  asOf: string,
  organization?: OrganizationSelector,
): Promise<{ summary: SupplierSummaryRow[]; results: RequirementResultRow[] }> {
  assertAsOf(asOf);
  const organizations = await selectOrganizations(store, organization);
  const selected = new Set(organizations.map((o) => o.id));
  // One supplier narrows both queries; several (all, or suppliers sharing a CAGE code) read the portfolio once.
  const only = organizations.length === 1 ? organizations[0]?.id : undefined;
  const scores = (await supplierScores(store, { asOf, organization: only })).filter((s) =>
    selected.has(s.organizationId),
  );
  const openItems = new Map(
    (await supplierPoamSummaries(store, { asOf, organization: only })).map((p) => [
      `${p.organizationId}:${p.level}`,
      p.openItems,
    ]),
  );
  const rows = await store.all<RequirementResultQueryRow>(
    loadSql(SQL, 'requirement-results'),
    { org_id: only ?? null },
    { json: true },
  );
  const results: RequirementResultRow[] = [];
  const byAssessment = new Map<number, RequirementResultRow[]>();
  for (const r of rows) {
    if (!selected.has(r.organization_id)) continue;
    const row: RequirementResultRow = {
      organization: r.organization_name,
      cage: r.cage,
      level: r.level,
      assessmentDate: r.assessment_date,
      assessmentType: r.assessment_type,
      nistId: r.nist_id,
      cmmcId: r.cmmc_id,
      title: r.title,
      finding: r.finding,
      points: r.points,
      deducted: r.deducted,
      onPoam: r.on_poam,
    };
    results.push(row);
    const list = byAssessment.get(r.assessment_id);
    if (list) list.push(row);
    else byAssessment.set(r.assessment_id, [row]);
  }
  const order = new Map(organizations.map((o, i) => [o.id, i]));
  const summary = scores
    .sort(
      (a, b) =>
        (order.get(a.organizationId) ?? 0) - (order.get(b.organizationId) ?? 0) ||
        a.level - b.level,
    )
    .map(
      (s): SupplierSummaryRow => ({
        organization: s.organizationName,
        cage: s.cage,
        level: s.level,
        assessmentDate: s.assessmentDate,
        assessmentType: s.assessmentType,
        statusDate: s.statusDate,
        ...countFindings(byAssessment.get(s.assessmentId) ?? []),
        score: s.score,
        assessedScore: s.assessedScore,
        status: s.status,
        statusReasons: s.reasons.map((x) => x.message).join('; '),
        closeoutDeadline: s.closeoutDeadline,
        openPoamItems: openItems.get(`${s.organizationId}:${s.level}`) ?? 0,
        lastAffirmedOn: s.lastAffirmedOn,
        affirmationDueOn: s.affirmationDueOn,
        affirmationOverdue: s.affirmationOverdue,
      }),
    );
  return { summary, results };
}

const RESULT_COLUMNS: {
  header: string;
  width: number;
  value: (r: RequirementResultRow) => XlsxValue;
}[] = [
  { header: 'Organization', width: 28, value: (r) => r.organization },
  { header: 'CAGE', width: 8, value: (r) => r.cage },
  { header: 'Level', width: 7, value: (r) => r.level },
  { header: 'Assessment Date', width: 14, value: (r) => ({ date: r.assessmentDate }) },
  { header: 'Assessment Type', width: 12, value: (r) => r.assessmentType },
  { header: 'NIST ID', width: 10, value: (r) => r.nistId },
  { header: 'CMMC ID', width: 16, value: (r) => r.cmmcId },
  { header: 'Title', width: 50, value: (r) => r.title },
  { header: 'Finding', width: 14, value: (r) => r.finding },
  { header: 'Points', width: 8, value: (r) => r.points },
  { header: 'Deducted', width: 9, value: (r) => r.deducted },
  { header: 'On POA&M', width: 9, value: (r) => r.onPoam },
];

const SUMMARY_COLUMNS: {
  header: string;
  width: number;
  value: (r: SupplierSummaryRow) => XlsxValue;
}[] = [
  { header: 'Organization', width: 28, value: (r) => r.organization },
  { header: 'CAGE', width: 8, value: (r) => r.cage },
  { header: 'Level', width: 7, value: (r) => r.level },
  {
    header: 'Assessment Date',
    width: 14,
    value: (r) => (r.assessmentDate === null ? null : { date: r.assessmentDate }),
  },
  { header: 'Assessment Type', width: 12, value: (r) => r.assessmentType },
  { header: 'Status Date', width: 14, value: (r) => ({ date: r.statusDate }) },
  { header: 'Requirements', width: 12, value: (r) => r.requirements },
  { header: 'Met', width: 7, value: (r) => r.met },
  { header: 'N/A', width: 7, value: (r) => r.notApplicable },
  { header: 'Not Met', width: 8, value: (r) => r.notMet },
  { header: 'Not Assessed', width: 10, value: (r) => r.notAssessed },
  { header: 'Deducted', width: 9, value: (r) => r.deducted },
  { header: 'Score', width: 8, value: (r) => r.score },
  { header: 'Assessed Score', width: 9, value: (r) => r.assessedScore },
  { header: 'Status', width: 14, value: (r) => r.status },
  {
    header: 'Closeout Deadline',
    width: 14,
    value: (r) => (r.closeoutDeadline ? { date: r.closeoutDeadline } : null),
  },
  { header: 'Open POA&M Items', width: 10, value: (r) => r.openPoamItems },
  {
    header: 'Last Affirmation',
    width: 14,
    value: (r) => (r.lastAffirmedOn ? { date: r.lastAffirmedOn } : null),
  },
  {
    header: 'Affirmation Due',
    width: 14,
    value: (r) => (r.affirmationDueOn ? { date: r.affirmationDueOn } : null),
  },
  { header: 'Affirmation Overdue', width: 10, value: (r) => r.affirmationOverdue },
  { header: 'Why', width: 60, value: (r) => r.statusReasons },
];

export const RESULTS_SHEET = 'Results';
export const SUMMARY_SHEET = 'Summary';

function plain(value: XlsxValue): string | number | boolean | null {
  return value !== null && typeof value === 'object' ? value.date : value;
}

/**
 * Writes one row per supplier, assessment and requirement (organization, CAGE, level, assessment date, NIST id, CMMC
 * id, title, finding, points, deducted, on-POA&M) as xlsx (sheets `Summary` and `Results`), CSV (the results rows) or
 * JSON (`{ summary, results }`). The summary has one row per supplier and level: the assessment `cmmc scores` decides
 * the status on `asOf` from, with its score (Level 2 = 110 minus the value of each NOT MET or NOT ASSESSED
 * requirement, 32 CFR 170.24(c)(2)), status and reasons exactly as `cmmc scores` gives them. Reads the store only.
 * @throws ExportError INVALID_OPTION, ORGANIZATION_NOT_FOUND, NOTHING_TO_EXPORT; OutputError when the file cannot be
 * written safely (`writeOutputFile`).
 */
export async function exportResults(store: Store, options: ResultsOptions): Promise<ExportResult> {
  if (!RESULTS_FORMATS.includes(options.format)) {
    throw new ExportError(
      'INVALID_OPTION',
      `unknown results format "${options.format}"; use xlsx, csv or json`,
    );
  }
  const { summary, results } = await loadResults(store, options.asOf, options.organization);
  if (options.format === 'json') {
    await writeOutputFile(options.outPath, `${JSON.stringify({ summary, results }, null, 2)}\n`);
  } else if (options.format === 'csv') {
    await writeOutputFile(
      options.outPath,
      formatCsv(
        RESULT_COLUMNS.map((c) => c.header),
        results.map((r) => RESULT_COLUMNS.map((c) => plain(c.value(r)))),
      ),
    );
  } else {
    const ExcelJS = await loadExcelJs();
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'cmmc-portfolio';
    const newest = summary
      .flatMap((s) => (s.assessmentDate === null ? [] : [s.assessmentDate]))
      .sort()
      .at(-1);
    if (newest) {
      workbook.created = isoToDate(newest);
      workbook.modified = isoToDate(newest);
    }
    const summarySheet = workbook.addWorksheet(SUMMARY_SHEET);
    writeHeader(summarySheet, 1, SUMMARY_COLUMNS, 1 + summary.length);
    summary.forEach((row, i) => {
      writeRow(
        summarySheet,
        2 + i,
        SUMMARY_COLUMNS.map((c) => c.value(row)),
      );
    });
    const resultsSheet = workbook.addWorksheet(RESULTS_SHEET);
    writeHeader(resultsSheet, 1, RESULT_COLUMNS, 1 + results.length);
    results.forEach((row, i) => {
      writeRow(
        resultsSheet,
        2 + i,
        RESULT_COLUMNS.map((c) => c.value(row)),
      );
    });
    await writeOutputFile(options.outPath, await workbookBytes(workbook, options.asOf));
  }
  return { files: [options.outPath], records: results.length };
}
