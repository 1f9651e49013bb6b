import { join } from 'node:path';
import { FEDRAMP_CLOSED_SHEET, FEDRAMP_HEADER_ROW, FEDRAMP_OPEN_SHEET } from '@cmmc/catalog';
import type { Store } from '@cmmc/store';
import type ExcelJS from 'exceljs';
import { ExportError } from './errors.js';
import { exportFileName } from './file-names.js';
import { loadExcelJs } from './load-exceljs.js';
import { type OrganizationSelector, selectOrganizations } from './organizations.js';
import { columnsFor, POAM_TEMPLATES, type PoamColumn, type PoamTemplate } from './poam-columns.js';
import { assertAsOf, loadPoamItemsByOrganization, type PoamExportItem } from './poam-data.js';
import { workbookBytes } from './workbook-bytes.js';
import { type ExportResult, writeOutputFile } from './write-output.js';
import {
  columnLetter,
  excelDateFormula,
  isoToDate,
  OVERDUE_STYLE,
  writeHeader,
  writeRow,
} from './xlsx-cells.js';

export interface PoamWorkbookOptions {
  /** Supplier name or CAGE code, or `'all'` (the default). */
  organization?: OrganizationSelector;
  template: PoamTemplate;
  /** The day ages, deadlines and overdue flags are computed for (`YYYY-MM-DD`); also the POAM Date. */
  asOf: string;
  /**
   * The workbook to write. For the FedRAMP template with more than one supplier it is a folder, and each supplier
   * gets its own workbook in it, named by `exportFileName` (a FedRAMP POA&M describes one system).
   */
  outPath: string;
}

/** The compact CMMC layout's one sheet. */
export const CMMC_SHEET = 'POA&M Items';
// The FedRAMP template's sheet names and header row are @cmmc/catalog's, re-exported for this package's users.
export { FEDRAMP_CLOSED_SHEET, FEDRAMP_HEADER_ROW, FEDRAMP_OPEN_SHEET };

function newWorkbook(excel: typeof ExcelJS, asOf: string): ExcelJS.Workbook {
  const workbook = new excel.Workbook();
  workbook.creator = 'cmmc-portfolio';
  workbook.lastModifiedBy = 'cmmc-portfolio';
  // No wall clock in the file: the document dates are the as-of day.
  workbook.created = isoToDate(asOf);
  workbook.modified = isoToDate(asOf);
  return workbook;
}

function overdueRule(columns: readonly PoamColumn[], firstRow: number, asOf: string): string {
  const col = (role: PoamColumn['role']) => {
    const index = columns.findIndex((c) => c.role === role);
    return index < 0 ? null : `$${columnLetter(index + 1)}${firstRow}`;
  };
  const scheduled = col('scheduled');
  const days = col('daysToDeadline');
  const status = col('status');
  const late = [
    scheduled ? `AND(ISNUMBER(${scheduled}),${scheduled}<${excelDateFormula(asOf)})` : null,
    days ? `AND(ISNUMBER(${days}),${days}<0)` : null,
  ].filter((part) => part !== null);
  const condition = late.length === 1 ? late[0] : `OR(${late.join(',')})`;
  return status ? `AND(${status}="open",${condition})` : `${condition}`;
}

function writeItems(
  sheet: ExcelJS.Worksheet,
  columns: readonly PoamColumn[],
  headerRow: number,
  items: readonly PoamExportItem[],
  asOf: string,
  markOverdue: boolean,
): void {
  const lastRow = headerRow + items.length;
  writeHeader(sheet, headerRow, columns, lastRow);
  items.forEach((item, i) => {
    writeRow(
      sheet,
      headerRow + 1 + i,
      columns.map((c) => c.value(item)),
    );
  });
  if (markOverdue && items.length > 0) {
    sheet.addConditionalFormatting({
      ref: `A${headerRow + 1}:${columnLetter(columns.length)}${lastRow}`,
      rules: [
        {
          type: 'expression',
          priority: 1,
          formulae: [overdueRule(columns, headerRow + 1, asOf)],
          style: OVERDUE_STYLE,
        },
      ],
    });
  }
}

function writeFedrampMetadata(
  sheet: ExcelJS.Worksheet,
  items: readonly PoamExportItem[],
  organization: { name: string; cage: string | null },
  asOf: string,
): void {
  const levels = [...new Set(items.map((i) => i.level))].sort();
  writeRow(sheet, 1, ['Plan of Action and Milestones (POA&M)']);
  sheet.getRow(1).font = { bold: true, size: 14 };
  writeRow(sheet, 2, [
    'CSP',
    'System Name',
    'Impact Level',
    'POAM Date',
    'CAGE Code',
    'CMMC Level',
  ]);
  sheet.getRow(2).font = { bold: true };
  writeRow(sheet, 3, [
    organization.name,
    items.find((i) => i.systemName)?.systemName ?? organization.name,
    'Moderate',
    { date: asOf },
    organization.cage,
    levels.length === 1 ? (levels[0] ?? null) : levels.join(', ') || null,
  ]);
}

/** `root`: the `--out` folder when the workbook is one of several written into it. */
async function saveWorkbook(
  workbook: ExcelJS.Workbook,
  asOf: string,
  path: string,
  root?: string,
): Promise<void> {
  await writeOutputFile(path, await workbookBytes(workbook, asOf), root ? { root } : {});
}

/**
 * Writes the POA&M as an xlsx workbook in the FedRAMP template layout (metadata rows 1–4, headers in row 5, the 31
 * columns A–AE, sheets `Open POA&M Items` and `Closed POA&M Items`) or the compact CMMC layout (one `POA&M Items` sheet
 * with age and days to the 180-day deadline). Headers are frozen and filtered, dates are date cells, every text cell
 * is neutralised against formula injection, and open items past their scheduled completion date (or, in the CMMC
 * layout, their closeout deadline) on `asOf` are shaded red by conditional formatting. Reads the store only.
 * @throws ExportError INVALID_OPTION, ORGANIZATION_NOT_FOUND, NOTHING_TO_EXPORT; OutputError when the file cannot be
 * written safely (`writeOutputFile`).
 */
export async function exportPoamWorkbook(
  store: Store,
  options: PoamWorkbookOptions,
): Promise<ExportResult> {
  assertAsOf(options.asOf);
  if (!POAM_TEMPLATES.includes(options.template)) {
    throw new ExportError(
      'INVALID_OPTION',
      `unknown POA&M template "${options.template}"; use fedramp or cmmc`,
    );
  }
  const organizations = await selectOrganizations(store, options.organization);
  const columns = columnsFor(options.template);
  const byOrganization = await loadPoamItemsByOrganization(store, organizations, options.asOf);
  if (options.template === 'cmmc') {
    const items = organizations.flatMap((o) => byOrganization.get(o.id) ?? []);
    const workbook = newWorkbook(await loadExcelJs(), options.asOf);
    writeItems(workbook.addWorksheet(CMMC_SHEET), columns, 1, items, options.asOf, true);
    await saveWorkbook(workbook, options.asOf, options.outPath);
    return { files: [options.outPath], records: items.length };
  }
  const files: string[] = [];
  const skipped: string[] = [];
  let records = 0;
  for (const organization of organizations) {
    const items = byOrganization.get(organization.id) ?? [];
    // A FedRAMP POA&M describes one system's open weaknesses: a supplier with none in a portfolio export gets no
    // workbook (it is named in `skipped`), while a supplier asked for by name still gets its empty template.
    if (items.length === 0 && organizations.length > 1) {
      skipped.push(organization.name);
      continue;
    }
    const workbook = newWorkbook(await loadExcelJs(), options.asOf);
    const groups = [
      { name: FEDRAMP_OPEN_SHEET, items: items.filter((i) => i.status === 'open'), overdue: true },
      {
        name: FEDRAMP_CLOSED_SHEET,
        items: items.filter((i) => i.status === 'closed'),
        overdue: false,
      },
    ];
    for (const group of groups) {
      const sheet = workbook.addWorksheet(group.name);
      writeFedrampMetadata(sheet, items, organization, options.asOf);
      writeItems(sheet, columns, FEDRAMP_HEADER_ROW, group.items, options.asOf, group.overdue);
    }
    const path =
      organizations.length === 1
        ? options.outPath
        : join(options.outPath, exportFileName(organization, 'poam', 'xlsx'));
    await saveWorkbook(
      workbook,
      options.asOf,
      path,
      organizations.length === 1 ? undefined : options.outPath,
    );
    files.push(path);
    records += items.length;
  }
  if (files.length === 0) {
    throw new ExportError(
      'NOTHING_TO_EXPORT',
      `no POA&M items for any of the ${organizations.length} suppliers`,
    );
  }
  return skipped.length > 0 ? { files, records, skipped } : { files, records };
}
