export type {
  IngestErrorCode,
  IngestStoppedCode,
  RejectReason,
  SourceLocation,
} from './errors.js';
export { formatLocation, IngestError, IngestStoppedError } from './errors.js';
export type { IngestOptions, IngestReport } from './ingest-paths.js';
export { ingestPaths } from './ingest-paths.js';
export type { FileInspection, InspectOptions } from './inspect-paths.js';
export { inspectPaths, mappingFor } from './inspect-paths.js';
export type { ColumnEvidence } from './layouts/detect-status-table.js';
export type { LayoutMapping, PoamMapping, StatusMapping } from './layouts/mapping.js';
export { loadMapping } from './layouts/mapping.js';
export type { TableReading } from './layouts/parsed.js';
export type { FileOutcome } from './load/load-file.js';
export { ioFailureStop } from './load/write-batch.js';
export { fileStampOf } from './readers/read-source.js';
export type { DateOrder } from './values/parse-date.js';
