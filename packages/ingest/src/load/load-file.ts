/**
 * Reads and parses one file into what the batch writer (write-batch.ts) loads: all of it or nothing. A file loaded
 * before with the same bytes is left alone; a changed file at the same path replaces its earlier rows. A file that
 * cannot be read writes only its rejected_rows entry (once, however often it is retried), and the batch goes on.
 */

import { basename, extname } from 'node:path';
import type { RequiredStatus } from '@cmmc/catalog';
import { columnLetter, formatLocation, IngestError } from '../errors.js';
import type { LayoutMapping } from '../layouts/mapping.js';
import type { MetadataValue } from '../layouts/metadata.js';
import { parseDocument } from '../layouts/parse-document.js';
import type { ParsedDocument, RejectedRow } from '../layouts/parsed.js';
import type { ManifestEntry } from '../manifest.js';
import { parseSource, readSourceFile, type SourceFile } from '../readers/read-source.js';
import type { SourceDocument } from '../readers/sheet.js';
import { type DateOrder, inferDateOrder, parseDateCell } from '../values/parse-date.js';
import { type AssessmentDraft, assembleAssessments, baseLevelOf } from './assemble-assessments.js';
import {
  type AssessmentType,
  parseAssessmentPurpose,
  parseAssessmentType,
  parseLevel,
  parseScore,
} from './facts.js';
import { normalizeCage, type OrganizationIdentity } from './organization.js';
import type { RunState } from './run-state.js';

/** What happened to one file; printed as is by `cmmc ingest --json`. */
export interface FileOutcome {
  /** The path as the user named it. */
  path: string;
  status: 'loaded' | 'unchanged' | 'failed';
  organization: string | null;
  /** Layout names joined with `+` (`requirement-status`, `fedramp-poam`, `requirement-status+poam`...). */
  layout: string | null;
  /** Requirement, objective and POA&M rows written. */
  rowsLoaded: number;
  rejected: {
    sheet: string | null;
    row: number | null;
    column: string | null;
    reason: string;
    message: string;
  }[];
  /** The complete error message when the file failed. */
  error: string | null;
  /** Facts the loader had to infer, e.g. the assessment date taken from the latest date in the file. */
  warnings: string[];
}

export interface LoadFileJob {
  absolutePath: string;
  /** As the user named it. */
  displayPath: string;
  manifest?: ManifestEntry | undefined;
  /** The supplier folder the file sits in, under a folder the user named. */
  folderName?: string | null | undefined;
}

export interface LoadFileOptions {
  organization?: string | undefined;
  mapping?: LayoutMapping | undefined;
  dateOrder?: DateOrder | undefined;
  assessmentDate?: string | undefined;
  fileTimeoutMs: number;
  maxFileBytes: number;
  maxUncompressedBytes: number;
}

export interface Prepared {
  source: SourceFile;
  parsed: ParsedDocument;
  drafts: AssessmentDraft[];
  rejected: RejectedRow[];
  identity: OrganizationIdentity;
  assessmentDate: string | null;
  statusDate: string | null;
  /** The latest annual affirmation (32 CFR 170.22) the file or suppliers.csv records. */
  affirmationDate: string | null;
  /** 'closeout' when the file or suppliers.csv marks a POA&M closeout assessment (32 CFR 170.21(b)). */
  assessmentPurpose: 'closeout' | null;
  /**
   * The POA&M's own date, which decides the assessment its items belong to (store migration 010): its "POAM Date",
   * else the earliest detection date of its items, else the file's assessment date; null when none is known.
   */
  poamDate: string | null;
  /** suppliers.csv's required status for the supplier (cmmc eligibility). */
  requiredStatus: RequiredStatus | null;
  assessmentType: AssessmentType | null;
  selfReportedScore: number | null;
  baseLevel: 1 | 2;
  warnings: string[];
}

const FILE_STEM_NOISE =
  /^(?:poam|poa&m|poa|plan|of|action|assessment|assessments|ssp|sprs|cmmc|nist|800|171|r2|rev2|l1|l2|l3|level|self|c3pao|dibcac|scorecard|score|audit|export|final|draft|results?|status|v\d+|q[1-4]|\d{4}|\d{1,2}|\d{4}-\d{2}(?:-\d{2})?)$/i;

/** "acme-poam-2026-q3.xlsx" → "acme": the supplier's name when nothing better names it. */
export function supplierNameFromFile(path: string): string {
  const stem = basename(path, extname(path));
  const words = stem.split(/[\s_.-]+/).filter((w) => w !== '' && !FILE_STEM_NOISE.test(w));
  return words.length > 0 ? words.join(' ') : stem;
}

function metadataDate(
  value: MetadataValue | undefined,
  file: string,
  label: string,
  dateOrder: DateOrder | undefined,
): string | null {
  if (!value) return null;
  const parsed = parseDateCell(value.cell, dateOrder);
  if (parsed === null) return null;
  if (!parsed.ok) {
    throw new IngestError(
      'BAD_METADATA',
      {
        file,
        ...(value.sheet !== null ? { sheet: value.sheet } : {}),
        row: value.row,
        column: value.column,
        header: label,
      },
      parsed.message,
    );
  }
  return parsed.iso;
}

/**
 * A date that only adds to the assessment (the affirmation date): one that cannot be read is left out with a warning
 * naming its cell, instead of failing a file whose results are fine ("Annual affirmation: Yes" is not a date).
 */
function optionalMetadataDate(
  value: MetadataValue | undefined,
  file: string,
  label: string,
  dateOrder: DateOrder | undefined,
  warnings: string[],
): string | null {
  try {
    return metadataDate(value, file, label, dateOrder);
  } catch (error) {
    if (!(error instanceof IngestError)) throw error;
    warnings.push(`${error.message}; the ${label.toLowerCase()} was left out`);
    return null;
  }
}

/**
 * The day/month order the file's own dates prove, when it has dates that read both ways and the caller named no
 * order; says so in `warnings`, since it decides what those dates mean.
 */
function fileDateOrder(
  document: SourceDocument,
  file: string,
  warnings: string[],
): DateOrder | undefined {
  const { proven, ambiguousExample } = inferDateOrder(document.sheets);
  if (!proven || !ambiguousExample) return undefined;
  const where = formatLocation({
    file,
    ...(proven.sheet !== null ? { sheet: proven.sheet } : {}),
    row: proven.row,
    column: columnLetter(proven.column),
  });
  warnings.push(
    `dates such as ${ambiguousExample} read as ${proven.order === 'mdy' ? 'month/day' : 'day/month'}, the order the file writes ${proven.example} in at ${where}; pass --date-order to overrule`,
  );
  return proven.order;
}

async function prepare(
  job: LoadFileJob,
  options: LoadFileOptions,
  source: SourceFile,
): Promise<Prepared> {
  const file = job.displayPath;
  const document = await parseSource(source, job.absolutePath, file, {
    maxFileBytes: options.maxFileBytes,
    timeoutMs: options.fileTimeoutMs,
    maxUncompressedBytes: options.maxUncompressedBytes,
  });
  const warnings: string[] = [];
  const dateOrder = options.dateOrder ?? fileDateOrder(document, file, warnings);
  const ctx = { file, ...(dateOrder ? { dateOrder } : {}) };
  const statusWords = options.mapping?.statusValues
    ? new Map(
        Object.entries(options.mapping.statusValues).map(([k, v]) => [k.trim().toLowerCase(), v]),
      )
    : undefined;
  const parsed = parseDocument(
    document,
    { ...ctx, ...(statusWords ? { statusWords } : {}) },
    options.mapping,
  );
  const meta = parsed.metadata;
  if (document.hiddenSheets) {
    warnings.push(
      `hidden sheets not read: ${document.hiddenSheets.map((n) => `"${n}"`).join(', ')} (unhide a sheet in Excel if it holds answers)`,
    );
  }
  const explicitLevel =
    job.manifest?.level ?? (meta.level ? parseLevel(meta.level.cell.text) : null);
  const { drafts, rejected: assemblyRejected } = assembleAssessments(
    parsed.statusRows,
    explicitLevel,
    ctx,
  );
  const rejected = [...parsed.rejected, ...assemblyRejected];
  const valid =
    drafts.reduce((n, d) => n + d.results.size + d.objectives.size, 0) + parsed.poamRows.length;
  if (valid === 0) {
    const error =
      rejected.length === 0
        ? new IngestError(
            'NO_ROWS',
            { file },
            `the ${parsed.layouts.join(' + ')} table has headers but no rows; the supplier sent an empty template`,
          )
        : new IngestError(
            'NO_VALID_ROWS',
            { file },
            `none of the ${rejected.length} rows could be read (see the rejected rows); nothing was loaded`,
          );
    throw Object.assign(error, { rejectedRows: rejected });
  }

  let identity: OrganizationIdentity;
  const metaCage = normalizeCage(meta.cage?.cell.text);
  if (options.organization) {
    identity = { name: options.organization, cage: null, uei: null };
  } else {
    const name =
      job.manifest?.name ??
      (meta.organization?.cell.text || null) ??
      job.folderName ??
      supplierNameFromFile(job.absolutePath);
    identity = {
      name,
      cage: job.manifest?.cage ?? metaCage,
      uei: job.manifest?.uei ?? (meta.uei?.cell.text || null),
    };
  }

  let assessmentDate: string | null = null;
  let statusDate: string | null = null;
  let affirmationDate: string | null = null;
  if (drafts.length > 0) {
    assessmentDate = metadataDate(meta.assessmentDate, file, 'Assessment Date', dateOrder);
    assessmentDate ??= job.manifest?.assessmentDate ?? null;
    if (assessmentDate === null && parsed.dates.length > 0) {
      assessmentDate = [...parsed.dates].sort().at(-1) ?? null;
      warnings.push(
        `no assessment date in the file's metadata or suppliers.csv: used the latest date in the file, ${assessmentDate}`,
      );
    }
    if (assessmentDate === null && options.assessmentDate) {
      assessmentDate = options.assessmentDate;
      warnings.push(
        `no assessment date in the file: used the assessmentDate option, ${assessmentDate}`,
      );
    }
    if (assessmentDate === null) {
      throw new IngestError(
        'NO_ASSESSMENT_DATE',
        { file },
        'the file states no assessment date; add a cell "Assessment Date: YYYY-MM-DD" above the table, or an "assessment date" column to suppliers.csv',
      );
    }
    statusDate =
      metadataDate(meta.statusDate, file, 'Status Date', dateOrder) ??
      job.manifest?.statusDate ??
      null;
    affirmationDate =
      optionalMetadataDate(meta.affirmationDate, file, 'Affirmation Date', dateOrder, warnings) ??
      job.manifest?.affirmationDate ??
      null;
  }
  const assessmentType =
    job.manifest?.assessmentType ??
    (meta.assessmentType ? parseAssessmentType(meta.assessmentType.cell.text) : null);
  if (meta.assessmentType && !job.manifest?.assessmentType && assessmentType === null) {
    warnings.push(
      `assessment type "${meta.assessmentType.cell.text}" not recognised (self, C3PAO or DIBCAC): recorded as self`,
    );
  }
  const selfReportedScore = meta.score ? parseScore(meta.score.cell.text) : null;
  const assessmentPurpose =
    job.manifest?.assessmentPurpose ??
    (meta.assessmentPurpose ? parseAssessmentPurpose(meta.assessmentPurpose.cell.text) : null);
  let poamDate: string | null = null;
  if (parsed.poamRows.length > 0) {
    const detected = parsed.poamRows.flatMap((r) => (r.detectionDate ? [r.detectionDate] : []));
    poamDate =
      optionalMetadataDate(meta.poamDate, file, 'POAM Date', dateOrder, warnings) ??
      (detected.length > 0 ? ([...detected].sort()[0] ?? null) : null) ??
      assessmentDate ??
      optionalMetadataDate(meta.assessmentDate, file, 'Assessment Date', dateOrder, warnings) ??
      job.manifest?.assessmentDate ??
      null;
  }
  return {
    source,
    parsed,
    drafts,
    rejected,
    identity,
    assessmentDate,
    statusDate,
    affirmationDate,
    assessmentPurpose,
    poamDate,
    requiredStatus: job.manifest?.requiredStatus ?? null,
    assessmentType,
    selfReportedScore,
    baseLevel: baseLevelOf(parsed.statusRows, explicitLevel),
    warnings,
  };
}

export function publicRejected(rows: readonly RejectedRow[]): FileOutcome['rejected'] {
  return rows.map((r) => ({
    sheet: r.sheet,
    row: r.row,
    column: r.column,
    reason: r.reason,
    message: r.message,
  }));
}

export function asIngestError(error: unknown, file: string): IngestError {
  if (error instanceof IngestError) return error;
  return new IngestError(
    'LOAD_FAILED',
    { file },
    `could not be loaded: ${(error as Error).message ?? String(error)}`,
    { cause: error },
  );
}

/** A file read and parsed, ready for the batch writer (write-batch.ts); nothing is written yet. */
export type FileEntry =
  | { kind: 'unchanged'; displayPath: string; organization: string | null; layout: string }
  | { kind: 'failed'; displayPath: string; error: IngestError; rejected: RejectedRow[] }
  | { kind: 'ready'; job: LoadFileJob; prepared: Prepared };

/**
 * Reads, hashes and parses one file without touching the database: several run at once (workbooks in the worker
 * pool) while the batch writer commits earlier files. Never throws for a bad file; its entry says `failed`.
 */
export async function readEntry(
  job: LoadFileJob,
  options: LoadFileOptions,
  state: RunState,
): Promise<FileEntry> {
  const displayPath = job.displayPath;
  let source: SourceFile;
  try {
    source = await readSourceFile(job.absolutePath, displayPath, options);
  } catch (error) {
    return { kind: 'failed', displayPath, error: asIngestError(error, displayPath), rejected: [] };
  }
  // Paths are unique within a run, so no other file of the run can change this one's record meanwhile.
  const same = state.sourceFile(job.absolutePath);
  if (same && same.sha256 === source.sha256) {
    return {
      kind: 'unchanged',
      displayPath,
      organization: state.organizationName(same.organizationId),
      layout: same.layout,
    };
  }
  try {
    return { kind: 'ready', job, prepared: await prepare(job, options, source) };
  } catch (error) {
    return {
      kind: 'failed',
      displayPath,
      error: asIngestError(error, displayPath),
      rejected: (error as { rejectedRows?: RejectedRow[] }).rejectedRows ?? [],
    };
  }
}
