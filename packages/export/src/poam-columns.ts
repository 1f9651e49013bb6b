/**
 * The two POA&M layouts, as column lists shared by the workbook and CSV writers.
 * - `fedramp`: the FedRAMP POA&M template's 31 columns A–AE in their order, as `FEDRAMP_POAM_COLUMNS` in
 *   `@cmmc/catalog` lists them (packages/catalog/reference/file-formats.md §3.1). Controls holds the CMMC / 800-171
 *   id, since CMMC has no 800-53 mapping of its own; the FedRAMP-only columns we have no data for are written empty
 *   or "No".
 * - `cmmc`: a compact layout for DoD program offices: requirement, points, owner, milestones, and the 180-day clock.
 */
import { FEDRAMP_POAM_COLUMNS, type FedrampPoamColumn } from '@cmmc/catalog';
import type { PoamExportItem } from './poam-data.js';
import { formatMilestones } from './poam-data.js';
import type { XlsxValue } from './xlsx-cells.js';

export type PoamTemplate = 'fedramp' | 'cmmc';
export const POAM_TEMPLATES = ['fedramp', 'cmmc'] as const;

export interface PoamColumn {
  header: string;
  width: number;
  value: (item: PoamExportItem) => XlsxValue;
  /** Marks the column the overdue rule reads (scheduled completion date, or days to deadline). */
  role?: 'scheduled' | 'daysToDeadline' | 'status';
}

const yesNo = (value: boolean | null): string | null =>
  value === null ? null : value ? 'Yes' : 'No';

function milestoneChanges(item: PoamExportItem): string | null {
  if (
    item.originalScheduledDate &&
    item.scheduledCompletionDate &&
    item.originalScheduledDate !== item.scheduledCompletionDate
  ) {
    return `Scheduled completion moved from ${item.originalScheduledDate} to ${item.scheduledCompletionDate}`;
  }
  return null;
}

/**
 * How each FedRAMP template column is filled. Keyed by the catalog's header list, so the compiler rejects a header
 * missing here or not in the template, and the text and order come from `FEDRAMP_POAM_COLUMNS` alone.
 */
const FEDRAMP_CELLS: Record<FedrampPoamColumn, Omit<PoamColumn, 'header'>> = {
  'POAM ID': { width: 22, value: (i) => i.poamId },
  Controls: { width: 16, value: (i) => i.cmmcId ?? i.nistId },
  'Weakness Name': { width: 36, value: (i) => i.weakness ?? i.requirementTitle },
  'Weakness Description': { width: 48, value: (i) => i.weaknessDescription },
  'Weakness Detector Source': { width: 20, value: (i) => i.assessmentType },
  'Weakness Source Identifier': { width: 18, value: (i) => i.nistId },
  'Asset Identifier': { width: 20, value: (i) => i.systemName },
  'Point of Contact': { width: 20, value: (i) => i.owner },
  'Resources Required': { width: 20, value: (i) => i.resources },
  'Overall Remediation Plan': { width: 48, value: (i) => i.remediationPlan },
  'Original Detection Date': { width: 14, value: (i) => ({ date: i.detectionDate }) },
  'Scheduled Completion Date': {
    width: 14,
    value: (i) => ({ date: i.scheduledCompletionDate }),
    role: 'scheduled',
  },
  'Planned Milestones': { width: 60, value: (i) => formatMilestones(i.milestones) || null },
  'Milestone Changes': { width: 30, value: milestoneChanges },
  'Status Date': { width: 14, value: (i) => ({ date: i.closedDate }) },
  'Vendor Dependency': { width: 10, value: (i) => yesNo(i.vendorDependency) },
  'Last Vendor Check-in Date': { width: 14, value: () => null },
  'Vendor Dependent Product Name': { width: 20, value: () => null },
  'Original Risk Rating': { width: 12, value: (i) => i.riskRating },
  'Adjusted Risk Rating': { width: 12, value: () => null },
  'Risk Adjustment': { width: 10, value: () => 'No' },
  'False Positive': { width: 10, value: () => 'No' },
  'Operational Requirement': { width: 10, value: () => 'No' },
  'Deviation Rationale': { width: 20, value: () => null },
  'Supporting Documents': { width: 20, value: () => null },
  Comments: { width: 40, value: (i) => i.comments },
  'Auto-Approve': { width: 10, value: () => 'No' },
  'Binding Operational Directive 22-01 tracking': { width: 14, value: () => null },
  'Binding Operational Directive 22-01 Due Date': { width: 14, value: () => null },
  CVE: { width: 14, value: () => null },
  'Service Name': { width: 20, value: () => null },
};

/** FedRAMP POA&M template columns A–AE, in order (`FEDRAMP_POAM_COLUMNS` from `@cmmc/catalog`). */
export const FEDRAMP_COLUMNS: readonly PoamColumn[] = FEDRAMP_POAM_COLUMNS.map((header) => ({
  header,
  ...FEDRAMP_CELLS[header],
}));

/** The compact CMMC layout: one supplier per row group, with the 180-day closeout clock worked out for `asOf`. */
export const CMMC_COLUMNS: readonly PoamColumn[] = [
  { header: 'Organization', width: 28, value: (i) => i.organization.name },
  { header: 'CAGE', width: 8, value: (i) => i.organization.cage },
  { header: 'POA&M ID', width: 12, value: (i) => i.poamKey },
  { header: 'Level', width: 7, value: (i) => i.level },
  { header: 'Requirement', width: 10, value: (i) => i.nistId },
  { header: 'CMMC ID', width: 16, value: (i) => i.cmmcId },
  { header: 'Title', width: 40, value: (i) => i.requirementTitle },
  { header: 'Points', width: 8, value: (i) => i.points },
  { header: 'Weakness', width: 40, value: (i) => i.weakness },
  { header: 'Remediation Plan', width: 48, value: (i) => i.remediationPlan },
  { header: 'Owner', width: 20, value: (i) => i.owner },
  { header: 'Milestones', width: 60, value: (i) => formatMilestones(i.milestones) || null },
  {
    header: 'Scheduled Completion',
    width: 14,
    value: (i) => ({ date: i.scheduledCompletionDate }),
    role: 'scheduled',
  },
  { header: 'Status', width: 9, value: (i) => i.status, role: 'status' },
  { header: 'Closed Date', width: 14, value: (i) => ({ date: i.closedDate }) },
  { header: 'Age (days)', width: 10, value: (i) => i.ageDays },
  { header: '180-Day Deadline', width: 14, value: (i) => ({ date: i.closeoutDeadline }) },
  {
    header: 'Days to Deadline',
    width: 10,
    value: (i) => i.daysToDeadline,
    role: 'daysToDeadline',
  },
];

export function columnsFor(template: PoamTemplate): readonly PoamColumn[] {
  return template === 'fedramp' ? FEDRAMP_COLUMNS : CMMC_COLUMNS;
}
