/**
 * `cmmc inspect`: how the ingester reads a file, without loading anything (issue 13, point 5). The same expansion,
 * suppliers.csv lookup and parsing as `ingestPaths`, stopped before the store: which tables were found and why each
 * column has its role, the metadata and the cell it came from, the rows that would load or be rejected, coverage,
 * the supplier it would be filed under and the date it would carry. `mappingFor` turns a reading into the mapping
 * file that reproduces it, for the user to edit and pass to `cmmc ingest --mapping`.
 */
import { formatLocation, type IngestError } from './errors.js';
import { expand } from './ingest-paths.js';
import type { LayoutMapping, PoamMapping, StatusMapping } from './layouts/mapping.js';
import type { MetadataKey } from './layouts/metadata.js';
import type { TableReading } from './layouts/parsed.js';
import { coverageOf } from './load/coverage.js';
import { asIngestError, type LoadFileOptions, prepare, publicRejected } from './load/load-file.js';
import { readSourceFile } from './readers/read-source.js';
import type { DateOrder } from './values/parse-date.js';

export interface InspectOptions {
  organization?: string;
  mapping?: LayoutMapping;
  dateOrder?: DateOrder;
  assessmentDate?: string;
}

/** How one file reads; printed as is by `cmmc inspect --json`. */
export interface FileInspection {
  path: string;
  /** False when the file would fail; `error` says why. */
  readable: boolean;
  error: string | null;
  errorCode: string | null;
  /** Layout names joined with `+`, as `cmmc ingest` records them. */
  layout: string | null;
  tables: TableReading[];
  /** Each metadata fact found, with the cell it came from (`file › Cover › B10`). */
  metadata: { key: MetadataKey; value: string; from: string }[];
  /** Requirement, objective and POA&M rows that would load. */
  rowsToLoad: number;
  rejectedCount: number;
  /** The first 10 rejected rows, each with its location and reason. */
  rejected: {
    sheet: string | null;
    row: number | null;
    column: string | null;
    reason: string;
    message: string;
  }[];
  coverage: {
    level: number;
    answered: number;
    total: number;
    missing: string[];
    score: number | null;
  }[];
  organization: string | null;
  assessmentDate: string | null;
  dateSource: string | null;
  warnings: string[];
}

const REJECTED_SHOWN = 10;

function failed(
  path: string,
  error: IngestError,
  rejected: FileInspection['rejected'],
): FileInspection {
  return {
    path,
    readable: false,
    error: error.message,
    errorCode: error.code,
    layout: null,
    tables: [],
    metadata: [],
    rowsToLoad: 0,
    rejectedCount: rejected.length,
    rejected: rejected.slice(0, REJECTED_SHOWN),
    coverage: [],
    organization: null,
    assessmentDate: null,
    dateSource: null,
    warnings: [],
  };
}

/** Reads every file the way `ingestPaths` would, and says how; writes nothing anywhere. */
export async function inspectPaths(
  inputs: readonly string[],
  options: InspectOptions = {},
): Promise<FileInspection[]> {
  const { jobs, failures } = await expand(inputs, options.dateOrder);
  const loadOptions: LoadFileOptions = {
    organization: options.organization,
    mapping: options.mapping,
    dateOrder: options.dateOrder,
    assessmentDate: options.assessmentDate,
    fileTimeoutMs: 30_000,
    maxFileBytes: 50 * 1024 * 1024,
    maxUncompressedBytes: 250 * 1024 * 1024,
  };
  const out: FileInspection[] = failures.map((f) =>
    failed(f.path, f.error, publicRejected(f.rejected ?? [])),
  );
  for (const job of jobs) {
    const path = job.displayPath;
    try {
      const source = await readSourceFile(job.absolutePath, path, loadOptions);
      const p = await prepare(job, loadOptions, source);
      const rejected = publicRejected(p.rejected);
      out.push({
        path,
        readable: true,
        error: null,
        errorCode: null,
        layout: p.parsed.layouts.join('+'),
        tables: p.parsed.tables,
        metadata: Object.entries(p.parsed.metadata).map(([key, v]) => ({
          key: key as MetadataKey,
          value: v.cell.text,
          from: formatLocation({
            file: path,
            ...(v.sheet !== null ? { sheet: v.sheet } : {}),
            row: v.row,
            column: v.column,
          }),
        })),
        rowsToLoad:
          p.drafts.reduce((n, d) => n + d.results.size + d.objectives.size, 0) +
          p.parsed.poamRows.length,
        rejectedCount: rejected.length,
        rejected: rejected.slice(0, REJECTED_SHOWN),
        coverage: p.drafts.map((d) => {
          const c = coverageOf(d);
          return {
            level: c.level,
            answered: c.answered,
            total: c.total,
            missing: c.missing,
            score: c.score,
          };
        }),
        organization: p.identity.name,
        assessmentDate: p.assessmentDate,
        dateSource: p.dateSource,
        warnings: p.warnings,
      });
    } catch (error) {
      const rows =
        (error as { rejectedRows?: Parameters<typeof publicRejected>[0] }).rejectedRows ?? [];
      out.push(failed(path, asIngestError(error, path), publicRejected(rows)));
    }
  }
  return out;
}

/** How a mapping names a column: its heading when the heading is there and unique, else its letter. */
function columnRefs(table: TableReading): Record<string, string> {
  const refs: Record<string, string> = {};
  const headings = table.columns.map((c) => c.header.trim());
  for (const c of table.columns) {
    const heading = c.header.trim();
    const unique = heading !== '' && headings.filter((h) => h === heading).length === 1;
    refs[c.field] = table.headerRow !== null && unique ? heading : c.column;
  }
  return refs;
}

/**
 * The mapping file that reproduces a reading: the first status table and the first POA&M table, named by sheet
 * unless every table of that kind sits on the same header row (then the mapping applies to each sheet whose header
 * row holds the mapped headings, as one sheet per family needs), plus the status words outside the catalog.
 */
export function mappingFor(inspection: FileInspection): LayoutMapping | null {
  const status = inspection.tables.filter((t) => t.kind === 'status');
  const poam = inspection.tables.filter((t) => t.kind === 'poam');
  if (status.length === 0 && poam.length === 0) return null;
  const mapping: LayoutMapping = {};
  const sheetOf = (tables: TableReading[]) => {
    const first = tables[0] as TableReading;
    const same = tables.every(
      (t) =>
        t.mappingHeaderRow === first.mappingHeaderRow &&
        JSON.stringify(columnRefs(t)) === JSON.stringify(columnRefs(first)),
    );
    return same || first.sheet === null ? {} : { sheet: first.sheet };
  };
  const first = status[0];
  if (first) {
    Object.assign(mapping, sheetOf(status), {
      headerRow: first.mappingHeaderRow,
      columns: columnRefs(first) as StatusMapping['columns'],
    });
  }
  const firstPoam = poam[0];
  if (firstPoam) {
    mapping.poam = {
      ...sheetOf(poam),
      headerRow: firstPoam.mappingHeaderRow,
      columns: columnRefs(firstPoam) as PoamMapping['columns'],
    } as PoamMapping;
  }
  const statusValues = Object.assign({}, ...status.map((t) => t.statusValues));
  if (Object.keys(statusValues).length > 0) mapping.statusValues = statusValues;
  return mapping;
}
