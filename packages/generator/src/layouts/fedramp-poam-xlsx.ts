/**
 * FedRAMP POA&M template shape: sheets `Open POA&M Items` and `Closed POA&M Items`, each with the metadata block
 * (row 2 labels `CSP | System Name | Impact Level | POAM Date`, row 3 values), the 31 column headers A–AE on row 5
 * (`FEDRAMP_POAM_COLUMNS` from `@cmmc/catalog`), the guidance row (A6 `Unique identifier for each POAM Item`) and
 * the `V-1Example` row (row 7); items from row 8.
 * `Controls` holds the 800-171 id (`3.1.3` or `AC.L2-3.1.3`); on the Closed sheet `Status Date` is the closing date.
 */
import {
  FEDRAMP_CLOSED_SHEET,
  FEDRAMP_HEADER_ROW,
  FEDRAMP_OPEN_SHEET,
  FEDRAMP_POAM_COLUMNS,
} from '@cmmc/catalog';
import type { PoamItemTruth } from '../types.js';
import { createWorkbook, DATE_FORMAT, excelDate, workbookBytes } from '../xlsx.js';

const GUIDANCE = [
  'Unique identifier for each POAM Item',
  'The security controls affected by the weakness',
  'A short name for the weakness',
  'A description of the weakness',
  'The tool or activity that identified the weakness',
  'Identifier used by the source',
  'The affected assets',
  'The person responsible',
  'Funding or staff needed',
  'How the weakness will be resolved',
  'Date the weakness was found',
  'Date the weakness will be resolved',
  'Milestones with dates',
  'Changes to milestones',
  'Date of the last update',
];
const DATE_COLUMNS = [11, 12, 15] as const;

/** `(1) 2026-10-01: draft procedure; (2) 2026-11-15: verify` */
export function milestoneText(item: PoamItemTruth): string {
  return item.milestones.map((m, i) => `(${i + 1}) ${m.date}: ${m.text}`).join('; ');
}

export interface PoamContext {
  company: string;
  idStyle: 'cmmc' | 'nist';
  detector: string;
  /** The date of the file (POAM Date, Status Date of open items). */
  poamDate: string;
}

/** The Controls cell: Level 3 ids always in CMMC form (`CM.L3-3.4.1e`). */
export function controlId(item: PoamItemTruth, idStyle: 'cmmc' | 'nist'): string {
  return idStyle === 'cmmc' || item.nistId.endsWith('e') ? item.cmmcId : item.nistId;
}

export async function writeFedrampPoamXlsx(
  items: readonly PoamItemTruth[],
  ctx: PoamContext,
  asOf: string,
): Promise<Buffer> {
  const workbook = createWorkbook(asOf);
  let next = 1;
  for (const [sheetName, sheetItems] of [
    [FEDRAMP_OPEN_SHEET, items.filter((i) => i.closedDate === null)],
    [FEDRAMP_CLOSED_SHEET, items.filter((i) => i.closedDate !== null)],
  ] as const) {
    const sheet = workbook.addWorksheet(sheetName);
    sheet.getCell('A1').value = 'Plan of Action and Milestones (POA&M)';
    sheet.getRow(2).values = ['CSP', 'System Name', 'Impact Level', 'POAM Date'];
    sheet.getRow(3).values = [
      ctx.company,
      `${ctx.company} CUI Enclave`,
      'Moderate',
      excelDate(ctx.poamDate),
    ];
    sheet.getCell('D3').numFmt = DATE_FORMAT;
    sheet.getCell('A4').value = 'Complete one row per weakness. Do not change the column headers.';
    const header = sheet.getRow(FEDRAMP_HEADER_ROW);
    header.values = [...FEDRAMP_POAM_COLUMNS];
    header.font = { bold: true };
    sheet.getRow(6).values = GUIDANCE;
    sheet.getRow(7).values = [
      'V-1Example',
      'AC-2',
      'Example weakness',
      'Example description',
      'Example scanner',
      'EX-1',
      'server01',
      'Jane Doe',
      'None',
      'Example plan',
      '2020-01-01',
      '2020-06-30',
      '(1) 2020-03-01: example',
    ];
    let r = 8;
    for (const item of sheetItems) {
      const row = sheet.getRow(r++);
      row.values = [
        `V-${next++}`,
        controlId(item, ctx.idStyle),
        item.weakness,
        `${item.cmmcId} is not fully implemented across the CUI boundary.`,
        ctx.detector,
        item.cmmcId,
        'CUI enclave',
        item.owner,
        'Staff time; $5,000',
        item.remediationPlan,
        excelDate(item.detectionDate),
        excelDate(item.scheduledCompletion),
        milestoneText(item),
        '',
        excelDate(item.closedDate ?? ctx.poamDate),
        'No',
        '',
        '',
        'Low',
        'Low',
        'No',
        'No',
        'No',
        '',
        'SSP; assessment report',
        item.closedDate === null
          ? ''
          : `Closed ${item.closedDate}; verified by closeout assessment`,
        'No',
        '',
        '',
        '',
        'CUI Enclave',
      ];
      for (const c of DATE_COLUMNS) row.getCell(c).numFmt = DATE_FORMAT;
    }
    sheet.getColumn(2).width = 14;
    sheet.getColumn(3).width = 40;
    sheet.getColumn(13).width = 60;
  }
  return workbookBytes(workbook);
}
