import { supplierScores } from '@cmmc/analytics';
import { loadSql, type Store } from '@cmmc/store';
import ExcelJS from 'exceljs';
import { formatCsv } from './csv.js';
import { ExportError } from './errors.js';
import { type OrganizationSelector, selectOrganizations } from './organizations.js';
import { type ExportResult, writeOutput } from './write-output.js';
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

/** One supplier and level: its latest assessment, counts and score. */
export interface SupplierSummaryRow {
  organization: string;
  cage: string | null;
  level: number;
  assessmentDate: string;
  assessmentType: string;
  statusDate: string | null;
  requirements: number;
  met: number;
  notApplicable: number;
  notMet: number;
  notAssessed: number;
  deducted: number;
  /** 110 (Level 2) or 24 (Level 3) minus `deducted`; null at Level 1 or when 3.12.4 is NOT MET. */
  score: number | null;
  /** CMMC status on `asOf`, exactly as `cmmc scores` decides it (FINAL, CONDITIONAL, EXPIRED, NO_STATUS). */
  status: string | null;
  /** The reasons behind the status, joined into one cell. */
  statusReasons: string;
  closeoutDeadline: string | null;
  openPoamItems: number;
}

export interface ResultsOptions {
  organization?: OrganizationSelector;
  /** The day statuses are decided on (`YYYY-MM-DD`). */
  asOf: string;
  format: ResultsFormat;
  outPath: string;
}

/** The rows every results format writes, read from the store. */
export async function loadResults(
  store: Store,
  asOf: string,
  organization?: OrganizationSelector,
): Promise<{ summary: SupplierSummaryRow[]; results: RequirementResultRow[] }> {
  const organizations = await selectOrganizations(store, organization);
  // Statuses come from analytics, so the export and `cmmc scores` can never disagree.
  const statuses = new Map(
    (await supplierScores(store, { asOf })).map((s) => [`${s.organizationId}:${s.level}`, s]),
  );
  const summary: SupplierSummaryRow[] = [];
  const results: RequirementResultRow[] = [];
  for (const org of organizations) {
    const params = { org_id: org.id };
    const summaryRows = await store.all<Record<string, unknown>>(
      loadSql(SQL, 'supplier-summary'),
      params,
    );
    for (const r of summaryRows) {
      const decided = statuses.get(`${org.id}:${r.level}`);
      summary.push({
        organization: r.organization_name as string,
        cage: r.cage as string | null,
        level: r.level as number,
        assessmentDate: r.assessment_date as string,
        assessmentType: r.assessment_type as string,
        statusDate: r.status_date as string | null,
        requirements: r.requirements as number,
        met: r.met as number,
        notApplicable: r.not_applicable as number,
        notMet: r.not_met as number,
        notAssessed: r.not_assessed as number,
        deducted: r.deducted as number,
        score: r.score as number | null,
        status: decided?.status ?? null,
        statusReasons: (decided?.reasons ?? []).map((x) => x.message).join('; '),
        closeoutDeadline: decided?.closeoutDeadline ?? null,
        openPoamItems: r.open_poam_items as number,
      });
    }
    const rows = await store.all<Record<string, unknown>>(
      loadSql(SQL, 'requirement-results'),
      params,
    );
    for (const r of rows) {
      results.push({
        organization: r.organization_name as string,
        cage: r.cage as string | null,
        level: r.level as number,
        assessmentDate: r.assessment_date as string,
        assessmentType: r.assessment_type as string,
        nistId: r.nist_id as string,
        cmmcId: r.cmmc_id as string,
        title: r.title as string,
        finding: r.finding as string,
        points: r.points as number | null,
        deducted: r.deducted as number,
        onPoam: r.on_poam as boolean,
      });
    }
  }
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
  { header: 'Assessment Date', width: 14, value: (r) => ({ date: r.assessmentDate }) },
  { header: 'Assessment Type', width: 12, value: (r) => r.assessmentType },
  { header: 'Status Date', width: 14, value: (r) => ({ date: r.statusDate }) },
  { header: 'Requirements', width: 12, value: (r) => r.requirements },
  { header: 'Met', width: 7, value: (r) => r.met },
  { header: 'N/A', width: 7, value: (r) => r.notApplicable },
  { header: 'Not Met', width: 8, value: (r) => r.notMet },
  { header: 'Not Assessed', width: 10, value: (r) => r.notAssessed },
  { header: 'Deducted', width: 9, value: (r) => r.deducted },
  { header: 'Score', width: 8, value: (r) => r.score },
  { header: 'Status', width: 14, value: (r) => r.status },
  {
    header: 'Closeout Deadline',
    width: 14,
    value: (r) => (r.closeoutDeadline ? { date: r.closeoutDeadline } : null),
  },
  { header: 'Open POA&M Items', width: 10, value: (r) => r.openPoamItems },
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
 * JSON (`{ summary, results }`). The summary has one row per supplier and level for the latest assessment, scored
 * from the seeded requirements table: Level 2 = 110 minus the value of each NOT MET or NOT ASSESSED requirement
 * (32 CFR 170.24(c)(2)). Reads the store only.
 * @throws ExportError INVALID_OPTION, ORGANIZATION_NOT_FOUND, NOTHING_TO_EXPORT, WRITE_FAILED.
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
    await writeOutput(options.outPath, `${JSON.stringify({ summary, results }, null, 2)}\n`);
  } else if (options.format === 'csv') {
    await writeOutput(
      options.outPath,
      formatCsv(
        RESULT_COLUMNS.map((c) => c.header),
        results.map((r) => RESULT_COLUMNS.map((c) => plain(c.value(r)))),
      ),
    );
  } else {
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'cmmc-portfolio';
    const newest = [...summary.map((s) => s.assessmentDate)].sort().at(-1);
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
    const buffer = await workbook.xlsx.writeBuffer();
    await writeOutput(options.outPath, new Uint8Array(buffer as ArrayBuffer));
  }
  return { files: [options.outPath], records: results.length };
}
