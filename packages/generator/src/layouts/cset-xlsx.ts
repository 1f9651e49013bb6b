/**
 * CSET-style SPRS scorecard: sheet `SPRS Scorecard` with `Practice | Question | Response | Value` on row 1
 * (Y / N / NA / A, blank when unanswered; Value is the practice's point value), and a key/value sheet
 * `Assessment Information` (Assessment Name, CAGE, Assessment Date, Assessment Type, SPRS Score).
 * Level 3 practices are written the CSET way, with an upper-case E: `IR.L3-3.6.1E`.
 */
import type { AssessmentPlan, WriteStyle } from '../draw-supplier.js';
import { assessmentRows } from '../rows.js';
import { createWorkbook, DATE_FORMAT, excelDate, workbookBytes } from '../xlsx.js';
import { assessmentTypeLabel } from './ssp-xlsx.js';

export const CSET_SHEET = 'SPRS Scorecard';
export const CSET_INFO_SHEET = 'Assessment Information';
export const CSET_HEADER = ['Practice', 'Question', 'Response', 'Value'] as const;

export async function writeCsetXlsx(
  plan: AssessmentPlan,
  company: string,
  cage: string,
  style: WriteStyle,
  asOf: string,
): Promise<Buffer> {
  const workbook = createWorkbook(asOf);
  const sheet = workbook.addWorksheet(CSET_SHEET);
  const header = sheet.addRow([...CSET_HEADER]);
  header.font = { bold: true };
  for (const row of assessmentRows(plan.level, plan.findings, style)) {
    const f = row.finding;
    const response =
      f.finding === 'MET'
        ? f.wording === 'alternative'
          ? 'A'
          : 'Y'
        : f.finding === 'NOT_APPLICABLE'
          ? 'NA'
          : f.finding === 'NOT_MET'
            ? 'N'
            : '';
    const practice = plan.level === 3 ? row.id.replace(/e$/, 'E') : row.id;
    sheet.addRow([practice, row.text, response, row.points]);
  }
  sheet.getColumn(1).width = 16;
  sheet.getColumn(2).width = 70;

  const info = workbook.addWorksheet(CSET_INFO_SHEET);
  info.addRow(['Assessment Name', `${company} CMMC Level ${plan.level}`]);
  info.addRow(['Facility Name', company]);
  info.addRow(['CAGE', cage]);
  info.addRow(['Assessment Date', excelDate(plan.assessmentDate)]);
  info.addRow(['Assessment Type', assessmentTypeLabel(plan)]);
  info.addRow(['SPRS Score', plan.level === 2 ? plan.selfReportedScore : null]);
  info.getCell('B4').numFmt = DATE_FORMAT;
  info.getColumn(1).width = 20;
  info.getColumn(2).width = 40;
  return workbookBytes(workbook);
}
