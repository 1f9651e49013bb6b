export type { CsvValue } from './csv.js';
export { formatCsv } from './csv.js';
export type { ExportErrorCode } from './errors.js';
export { ExportError } from './errors.js';
export {
  exportFileName,
  fileNamePart,
  fileNameSupplierPart,
  joinFileName,
  MAX_FILE_NAME_BYTES,
} from './file-names.js';
export { neutralizeFormula } from './neutralize-formula.js';
export type { ExportOrganization, OrganizationSelector } from './organizations.js';
export { selectOrganizations } from './organizations.js';
export type { ParquetOptions, ParquetTable } from './parquet.js';
export { exportParquet, PARQUET_TABLES } from './parquet.js';
export type { PoamColumn, PoamTemplate } from './poam-columns.js';
export { CMMC_COLUMNS, FEDRAMP_COLUMNS, POAM_TEMPLATES } from './poam-columns.js';
export type { PoamCsvOptions } from './poam-csv.js';
export { exportPoamCsv } from './poam-csv.js';
export type { PoamExportItem, PoamMilestone } from './poam-data.js';
export { formatMilestones, loadPoamItems, loadPoamItemsByOrganization } from './poam-data.js';
export type { PoamOscalOptions } from './poam-oscal.js';
export { buildPoamOscal, CMMC_NS, exportPoamOscal, OSCAL_VERSION } from './poam-oscal.js';
export type { PoamWorkbookOptions } from './poam-workbook.js';
export {
  CMMC_SHEET,
  exportPoamWorkbook,
  FEDRAMP_CLOSED_SHEET,
  FEDRAMP_HEADER_ROW,
  FEDRAMP_OPEN_SHEET,
} from './poam-workbook.js';
export type {
  RequirementResultRow,
  ResultsFormat,
  ResultsOptions,
  SupplierSummaryRow,
} from './results.js';
export {
  exportResults,
  loadResults,
  RESULTS_FORMATS,
  RESULTS_SHEET,
  SUMMARY_SHEET,
} from './results.js';
export { PROJECT_NAMESPACE, URL_NAMESPACE, uuidV5 } from './uuid-v5.js';
export type { ExportResult, OutputErrorCode, WriteOutputOptions } from './write-output.js';
export { OutputError, writeOutputFile } from './write-output.js';
