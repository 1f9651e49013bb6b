/**
 * The two POA&M layouts, as column lists shared by the workbook and CSV writers.
 * - `fedramp`: the FedRAMP POA&M template's 31 columns A–AE in their order (shared/research/anchors-and-formats.md
 *   §3.1, after trestle's test template and PR #2015). Controls holds the CMMC / 800-171 id, since CMMC has no 800-53
 *   mapping of its own; the FedRAMP-only columns we have no data for are written empty or "No".
 * - `cmmc`: a compact layout for DoD program offices: requirement, points, owner, milestones, and the 180-day clock.
 */
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

/** FedRAMP POA&M template columns A–AE, in order. */
export const FEDRAMP_COLUMNS: readonly PoamColumn[] = [
  { header: 'POAM ID', width: 14, value: (i) => i.poamKey ?? `POAM-${i.id}` },
  { header: 'Controls', width: 16, value: (i) => i.cmmcId ?? i.nistId },
  { header: 'Weakness Name', width: 36, value: (i) => i.weakness ?? i.requirementTitle },
  { header: 'Weakness Description', width: 48, value: (i) => i.weaknessDescription },
  { header: 'Weakness Detector Source', width: 20, value: (i) => i.assessmentType },
  { header: 'Weakness Source Identifier', width: 18, value: (i) => i.nistId },
  { header: 'Asset Identifier', width: 20, value: (i) => i.systemName },
  { header: 'Point of Contact', width: 20, value: (i) => i.owner },
  { header: 'Resources Required', width: 20, value: (i) => i.resources },
  { header: 'Overall Remediation Plan', width: 48, value: (i) => i.remediationPlan },
  { header: 'Original Detection Date', width: 14, value: (i) => ({ date: i.detectionDate }) },
  {
    header: 'Scheduled Completion Date',
    width: 14,
    value: (i) => ({ date: i.scheduledCompletionDate }),
    role: 'scheduled',
  },
  { header: 'Planned Milestones', width: 60, value: (i) => formatMilestones(i.milestones) || null },
  { header: 'Milestone Changes', width: 30, value: milestoneChanges },
  { header: 'Status Date', width: 14, value: (i) => ({ date: i.closedDate }) },
  { header: 'Vendor Dependency', width: 10, value: (i) => yesNo(i.vendorDependency) },
  { header: 'Last Vendor Check-in Date', width: 14, value: () => null },
  { header: 'Vendor Dependent Product Name', width: 20, value: () => null },
  { header: 'Original Risk Rating', width: 12, value: (i) => i.riskRating },
  { header: 'Adjusted Risk Rating', width: 12, value: () => null },
  { header: 'Risk Adjustment', width: 10, value: () => 'No' },
  { header: 'False Positive', width: 10, value: () => 'No' },
  { header: 'Operational Requirement', width: 10, value: () => 'No' },
  { header: 'Deviation Rationale', width: 20, value: () => null },
  { header: 'Supporting Documents', width: 20, value: () => null },
  { header: 'Comments', width: 40, value: (i) => i.comments },
  { header: 'Auto-Approve', width: 10, value: () => 'No' },
  { header: 'Binding Operational Directive 22-01 tracking', width: 14, value: () => null },
  { header: 'Binding Operational Directive 22-01 Due Date', width: 14, value: () => null },
  { header: 'CVE', width: 14, value: () => null },
  { header: 'Service Name', width: 20, value: () => null },
];

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
