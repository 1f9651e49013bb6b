/**
 * NIST CUI SSP style workbook: a title block (Company, CAGE, Assessment Date, Status Date, Assessment Type, SPRS
 * Score (self-reported)), a blank row, then `Requirement ID | Requirement | Status | Points | Implementation
 * Description` on row 8. Either one `Assessment` sheet or one sheet per family, each with the same block.
 */
import type { AssessmentPlan, WriteStyle } from '../draw-supplier.js';
import type { Random } from '../random.js';
import type { AssessmentRow } from '../rows.js';
import { assessmentRows } from '../rows.js';
import { createWorkbook, DATE_FORMAT, excelDate, workbookBytes } from '../xlsx.js';

export const SSP_HEADER = [
  'Requirement ID',
  'Requirement',
  'Status',
  'Points',
  'Implementation Description',
] as const;
export const SSP_HEADER_ROW = 8;

const IMPLEMENTED = [
  'Enforced through Active Directory group policy; reviewed quarterly.',
  'Documented in the SSP section 3; evidence in the shared drive.',
  'Provided by our MSP under the shared responsibility matrix.',
  'Configured in Microsoft 365 GCC High; screenshots on file.',
  'Procedure signed by the FSO; training records kept by HR.',
];
const PLANNED = [
  'Tool selected; deployment scheduled (see POA&M).',
  'Policy drafted, awaiting approval.',
  'Partially in place for the engineering enclave only.',
  'Budget requested for next quarter.',
];

function statusWord(row: AssessmentRow): string {
  if (row.finding.finding === 'MET') return 'Implemented';
  if (row.finding.finding === 'NOT_APPLICABLE') return 'Not Applicable';
  return row.finding.wording === 'partial' ? 'Partially Implemented' : 'Planned to be Implemented';
}

/** The level and assessor as the title block says them: `Level 2 (Self)`. */
export function assessmentTypeLabel(
  plan: Pick<AssessmentPlan, 'level' | 'assessmentType'>,
): string {
  return `Level ${plan.level} (${plan.assessmentType})`;
}

export async function writeSspXlsx(
  plan: AssessmentPlan,
  company: string,
  cage: string,
  style: WriteStyle,
  random: Random,
  asOf: string,
): Promise<Buffer> {
  const workbook = createWorkbook(asOf);
  const rows = assessmentRows(plan.level, plan.findings, style);
  const groups = new Map<string, AssessmentRow[]>();
  for (const row of rows) {
    const key = style.familySheets && plan.level === 2 ? row.family : 'Assessment';
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const [sheetName, sheetRows] of groups) {
    const sheet = workbook.addWorksheet(sheetName);
    sheet.addRow(['Company', company]);
    sheet.addRow(['CAGE', cage]);
    sheet.addRow(['Assessment Date', excelDate(plan.assessmentDate)]);
    sheet.addRow(['Status Date', excelDate(plan.statusDate)]);
    sheet.addRow(['Assessment Type', assessmentTypeLabel(plan)]);
    sheet.addRow(['SPRS Score (self-reported)', plan.selfReportedScore]);
    sheet.getCell('B3').numFmt = DATE_FORMAT;
    sheet.getCell('B4').numFmt = DATE_FORMAT;
    sheet.addRow([]);
    const header = sheet.addRow([...SSP_HEADER]);
    header.font = { bold: true };
    for (const row of sheetRows) {
      const met = row.finding.finding !== 'NOT_MET';
      sheet.addRow([
        row.id,
        row.text,
        statusWord(row),
        row.points,
        random.pick(met ? IMPLEMENTED : PLANNED),
      ]);
    }
    sheet.getColumn(1).width = 16;
    sheet.getColumn(2).width = 60;
    sheet.getColumn(3).width = 26;
    sheet.getColumn(5).width = 50;
  }
  return workbookBytes(workbook);
}
