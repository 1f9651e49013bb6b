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
import {
  fileStampOf,
  parseSource,
  readSourceFile,
  type SourceFile,
} from '../readers/read-source.js';
import type { SourceDocument } from '../readers/sheet.js';
import {
  type DateOrder,
  inferDateOrder,
  orderMatchingDate,
  parseDateCell,
} from '../values/parse-date.js';
import { type AssessmentDraft, assembleAssessments, baseLevelOf } from './assemble-assessments.js';
import { coverageOf, coverageWarning } from './coverage.js';
import {
  type AssessmentType,
  parseAssessmentPurpose,
  parseAssessmentType,
  parseLevel,
  parseScore,
} from './facts.js';
import { normalizeCage, type OrganizationIdentity } from './organization.js';
import type { KnownAssessment, KnownSourceFile, RunState } from './run-state.js';

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
  /** Null when no source gives one: the assessment loads undated and analytics says NO_STATUS. */
  assessmentDate: string | null;
  /** Where the assessment date came from, recorded as `assessments.date_source`. */
  dateSource: DateSource | null;
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
  /^(?:poam|poa&m|poa|plan|of|action|assessment|assessments|ssp|sprs|cmmc|nist|800|171|r2|rev2|l1|l2|l3|level|self|c3pao|dibcac|scorecard|score|audit|export|final|draft|results?|status|v\d+|q[1-4]|\d{4}|\d{8}|\d{1,2}|\d{4}-\d{2}(?:-\d{2})?)$/i;

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
 * The day/month order the file proves, when it has dates that read both ways and the caller named no order: a date
 * of its own that reads one way only (`9/15/2026`), else the date in its name when exactly one reading of an
 * ambiguous date gives it (`06/01/2026` in `...-2026-06-01.csv`). Says so in `warnings`, since it decides what
 * those dates mean.
 */
function fileDateOrder(
  document: SourceDocument,
  path: string,
  file: string,
  warnings: string[],
): DateOrder | undefined {
  const { proven, ambiguousExample } = inferDateOrder(document.sheets);
  if (!ambiguousExample) return undefined;
  const named = proven ? null : dateInFileName(path);
  const byName = named === null ? null : orderMatchingDate(document.sheets, named);
  const evidence = proven ?? byName;
  if (!evidence) return undefined;
  const where = formatLocation({
    file,
    ...(evidence.sheet !== null ? { sheet: evidence.sheet } : {}),
    row: evidence.row,
    column: columnLetter(evidence.column),
  });
  const order = evidence.order === 'mdy' ? 'month/day' : 'day/month';
  warnings.push(
    proven
      ? `dates such as ${ambiguousExample} read as ${order}, the order the file writes ${proven.example} in at ${where}; pass --date-order to overrule`
      : `dates such as ${ambiguousExample} read as ${order}: read so, ${evidence.example} at ${where} is ${named}, the date in the file's name; pass --date-order to overrule`,
  );
  return evidence.order;
}

/**
 * Where an assessment date can come from, strongest first (issue 13): a date in the file (a metadata cell on any
 * sheet, else the latest date of a date column), the supplier's row in suppliers.csv, `--assessment-date`, and last
 * a full date in the file's name. Never the file's modification time: copying a file changes it.
 */
export const DATE_SOURCES = ['file', 'manifest', 'option', 'file-name'] as const;
export type DateSource = (typeof DATE_SOURCES)[number];

/** True when `candidate` outranks `current` (null: no date yet). */
export function outranks(candidate: DateSource, current: DateSource | null): boolean {
  return current === null || DATE_SOURCES.indexOf(candidate) < DATE_SOURCES.indexOf(current);
}

/** How to give a date to a file that has none; ends every warning about a missing date. */
export const HOW_TO_GIVE_A_DATE =
  'add a cell "Assessment Date: YYYY-MM-DD" to the file, an "assessment date" column to suppliers.csv, or pass --assessment-date YYYY-MM-DD';

/**
 * A full, unambiguous date in a file name: `2026-09-14` or `20260914`, not part of a longer number, a real day.
 * Two different dates in one name are ambiguous, so neither is taken.
 */
export function dateInFileName(path: string): string | null {
  const stem = basename(path, extname(path));
  const found = new Set<string>();
  for (const m of stem.matchAll(/(?<!\d)(20\d{2}|19\d{2})-?(\d{2})-?(\d{2})(?!\d)/g)) {
    const [, y, mo, d] = m;
    const dashed = m[0].includes('-');
    if (dashed && !/^\d{4}-\d{2}-\d{2}$/.test(m[0])) continue;
    const iso = `${y}-${mo}-${d}`;
    const date = new Date(`${iso}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) continue;
    found.add(iso);
  }
  return found.size === 1 ? ([...found][0] ?? null) : null;
}

function findAssessmentDate(
  job: LoadFileJob,
  options: LoadFileOptions,
  meta: ParsedDocument['metadata'],
  columnDates: readonly string[],
  file: string,
  dateOrder: DateOrder | undefined,
  warnings: string[],
): { date: string; source: DateSource } | null {
  const stated = metadataDate(meta.assessmentDate, file, 'Assessment Date', dateOrder);
  if (stated !== null) return { date: stated, source: 'file' };
  if (columnDates.length > 0) {
    const latest = [...columnDates].sort().at(-1) as string;
    warnings.push(
      `no assessment date in the file's metadata: used the latest date in its date column, ${latest}`,
    );
    return { date: latest, source: 'file' };
  }
  if (job.manifest?.assessmentDate)
    return { date: job.manifest.assessmentDate, source: 'manifest' };
  if (options.assessmentDate) {
    warnings.push(
      `no assessment date in the file: used --assessment-date, ${options.assessmentDate}`,
    );
    return { date: options.assessmentDate, source: 'option' };
  }
  const named = dateInFileName(job.absolutePath);
  if (named !== null) {
    warnings.push(
      `no assessment date in the file or suppliers.csv: used the date in the file name, ${named}; if that is not the day of the assessment, ${HOW_TO_GIVE_A_DATE}`,
    );
    return { date: named, source: 'file-name' };
  }
  warnings.push(
    `no assessment date found: the findings and score are loaded, but the assessment has no status until it has a date; ${HOW_TO_GIVE_A_DATE}`,
  );
  return null;
}

/** Reads and parses one file's bytes into what the writer loads; throws an IngestError for a file that cannot. */
export async function prepare(
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
  const warnings: string[] = [...(document.warnings ?? [])];
  const dateOrder = options.dateOrder ?? fileDateOrder(document, job.absolutePath, file, warnings);
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
  for (const draft of drafts) {
    const warning = coverageWarning(coverageOf(draft));
    if (warning) warnings.push(warning);
  }
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
      (meta.titleOrganization?.cell.text || null) ??
      job.folderName ??
      supplierNameFromFile(job.absolutePath);
    identity = {
      name,
      cage: job.manifest?.cage ?? metaCage,
      uei: job.manifest?.uei ?? (meta.uei?.cell.text || null),
    };
  }

  let assessmentDate: string | null = null;
  let dateSource: DateSource | null = null;
  let statusDate: string | null = null;
  let affirmationDate: string | null = null;
  if (drafts.length > 0) {
    const found = findAssessmentDate(job, options, meta, parsed.dates, file, dateOrder, warnings);
    assessmentDate = found?.date ?? null;
    dateSource = found?.source ?? null;
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
    dateSource,
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

/**
 * The date a file loaded before should now have: suppliers.csv or `--assessment-date` gives one and its assessments
 * have none, or one from a weaker source (the file name). The file's own bytes are unchanged, so its own dates are
 * what they were.
 */
function laterDate(
  job: LoadFileJob,
  options: LoadFileOptions,
  assessments: readonly KnownAssessment[],
  sourceFileId: number,
): { sourceFileId: number; date: string; source: DateSource } | undefined {
  const offered: { date: string; source: DateSource } | null = job.manifest?.assessmentDate
    ? { date: job.manifest.assessmentDate, source: 'manifest' }
    : options.assessmentDate
      ? { date: options.assessmentDate, source: 'option' }
      : null;
  if (offered === null) return undefined;
  const weaker = assessments.some((a) =>
    outranks(offered.source, (a.dateSource as DateSource | null) ?? null),
  );
  return weaker ? { sourceFileId, ...offered } : undefined;
}

/** A file read and parsed, ready for the batch writer (write-batch.ts); nothing is written yet. */
export type FileEntry =
  | {
      kind: 'unchanged';
      displayPath: string;
      organization: string | null;
      layout: string;
      /** A date that arrived after the file was loaded, for its undated (or weaker-dated) assessments. */
      redate?: { sourceFileId: number; date: string; source: DateSource };
      /** The same bytes under another stamp than the one recorded: the new stamp, to record. */
      restamp?: { sourceFileId: number; path: string; stamp: string };
    }
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
  // Paths are unique within a run, so no other file of the run can change this one's record meanwhile.
  const same = state.sourceFile(job.absolutePath);
  const unchanged = (loaded: KnownSourceFile, restamp?: string): FileEntry => {
    const redate = laterDate(job, options, state.assessmentsOfFile(loaded.id), loaded.id);
    return {
      kind: 'unchanged',
      displayPath,
      organization: state.organizationName(loaded.organizationId),
      layout: loaded.layout,
      ...(redate ? { redate } : {}),
      ...(restamp
        ? { restamp: { sourceFileId: loaded.id, path: job.absolutePath, stamp: restamp } }
        : {}),
    };
  };
  // Untouched since it was read (the stamp recorded then): not read again. See store migration 013.
  if (same?.stamp && (await fileStampOf(job.absolutePath)) === same.stamp) return unchanged(same);
  let source: SourceFile;
  try {
    source = await readSourceFile(job.absolutePath, displayPath, options);
  } catch (error) {
    return { kind: 'failed', displayPath, error: asIngestError(error, displayPath), rejected: [] };
  }
  if (same && same.sha256 === source.sha256) {
    return unchanged(same, source.stamp === same.stamp ? undefined : source.stamp);
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
