/**
 * The FedRAMP POA&M template's column headers, the one list that the exporter (`@cmmc/export`), the test-data
 * generator (`@cmmc/generator`), the fixtures script and ingest's tests all use, so the header text cannot drift
 * between the files we write and the files we read.
 */

/**
 * Columns A–AE (31) of the FedRAMP POA&M template (`FedRAMP-POAM-Template.xlsx`, Rev 5, sheets `Open POA&M Items`
 * and `Closed POA&M Items`, headers on row 5), in order, spelt exactly as the template spells them. Source:
 * packages/catalog/reference/file-formats.md §3.1, after row 5 of compliance-trestle's `test-poam-template.xlsx` (PR #2015
 * "all 31 FedRAMP POAM columns"), which matches grokify's Go `poam.Columns()`. AA (Auto-Approve) came with guide v2.1,
 * AB with v2.2, AC–AE with later templates. Real files use variants (`POA&M ID`, `Controls Affected`); ingest
 * matches those by alias, not by this list.
 */
export const FEDRAMP_POAM_COLUMNS = [
  'POAM ID',
  'Controls',
  'Weakness Name',
  'Weakness Description',
  'Weakness Detector Source',
  'Weakness Source Identifier',
  'Asset Identifier',
  'Point of Contact',
  'Resources Required',
  'Overall Remediation Plan',
  'Original Detection Date',
  'Scheduled Completion Date',
  'Planned Milestones',
  'Milestone Changes',
  'Status Date',
  'Vendor Dependency',
  'Last Vendor Check-in Date',
  'Vendor Dependent Product Name',
  'Original Risk Rating',
  'Adjusted Risk Rating',
  'Risk Adjustment',
  'False Positive',
  'Operational Requirement',
  'Deviation Rationale',
  'Supporting Documents',
  'Comments',
  'Auto-Approve',
  'Binding Operational Directive 22-01 tracking',
  'Binding Operational Directive 22-01 Due Date',
  'CVE',
  'Service Name',
] as const;

/** One FedRAMP POA&M template header, such as `'Weakness Name'`. */
export type FedrampPoamColumn = (typeof FEDRAMP_POAM_COLUMNS)[number];

/** The template's sheet of open items. */
export const FEDRAMP_OPEN_SHEET = 'Open POA&M Items';
/** The template's sheet of closed items. */
export const FEDRAMP_CLOSED_SHEET = 'Closed POA&M Items';
/** The row of the column headers: rows 1–4 hold the title and the metadata block (CSP, System Name, Impact Level, POAM Date). */
export const FEDRAMP_HEADER_ROW = 5;
