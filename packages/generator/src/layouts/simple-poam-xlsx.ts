/**
 * The POA&M a small supplier keeps by hand: one sheet `POA&M`, header on row 1 `Requirement | Weakness | Remediation
 * Plan | Owner | Detection Date | Scheduled Completion | Milestones | Status | Closed Date`, Status `Open` / `Closed`.
 */
import type { PoamItemTruth } from '../types.js';
import { createWorkbook, DATE_FORMAT, excelDate, workbookBytes } from '../xlsx.js';
import type { PoamContext } from './fedramp-poam-xlsx.js';
import { controlId, milestoneText } from './fedramp-poam-xlsx.js';

export const SIMPLE_POAM_SHEET = 'POA&M';
export const SIMPLE_POAM_HEADER = [
  'Requirement',
  'Weakness',
  'Remediation Plan',
  'Owner',
  'Detection Date',
  'Scheduled Completion',
  'Milestones',
  'Status',
  'Closed Date',
] as const;

export async function writeSimplePoamXlsx(
  items: readonly PoamItemTruth[],
  ctx: PoamContext,
  asOf: string,
): Promise<Buffer> {
  const workbook = createWorkbook(asOf);
  const sheet = workbook.addWorksheet(SIMPLE_POAM_SHEET);
  const header = sheet.addRow([...SIMPLE_POAM_HEADER]);
  header.font = { bold: true };
  for (const item of items) {
    const row = sheet.addRow([
      controlId(item, ctx.idStyle),
      item.weakness,
      item.remediationPlan,
      item.owner,
      excelDate(item.detectionDate),
      excelDate(item.scheduledCompletion),
      milestoneText(item),
      item.closedDate === null ? 'Open' : 'Closed',
      item.closedDate === null ? null : excelDate(item.closedDate),
    ]);
    for (const c of [5, 6, 9]) row.getCell(c).numFmt = DATE_FORMAT;
  }
  sheet.getColumn(1).width = 16;
  sheet.getColumn(2).width = 40;
  sheet.getColumn(7).width = 60;
  return workbookBytes(workbook);
}
