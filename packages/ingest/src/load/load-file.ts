/**
 * Loads one file in one transaction: all of it or nothing. A file loaded before with the same bytes is left alone;
 * a changed file at the same path replaces its earlier rows. A file that cannot be read writes only its
 * rejected_rows entry (once, however often it is retried), and the batch goes on.
 */

import { basename, extname } from 'node:path';
import { type CmmcLevel, requirementIdsForLevel } from '@cmmc/catalog';
import type { Store, Transaction } from '@cmmc/store';
import { IngestError } from '../errors.js';
import type { LayoutMapping } from '../layouts/mapping.js';
import type { MetadataValue } from '../layouts/metadata.js';
import { parseDocument } from '../layouts/parse-document.js';
import type { ParsedDocument, RejectedRow } from '../layouts/parsed.js';
import type { ManifestEntry } from '../manifest.js';
import { parseSource, readSourceFile, type SourceFile } from '../readers/read-source.js';
import { type DateOrder, parseDateCell } from '../values/parse-date.js';
import { type AssessmentDraft, assembleAssessments, baseLevelOf } from './assemble-assessments.js';
import { type AssessmentType, parseAssessmentType, parseLevel, parseScore } from './facts.js';
import { normalizeCage, type OrganizationIdentity, resolveOrganization } from './organization.js';
import { sql } from './sql.js';

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

interface Prepared {
  source: SourceFile;
  parsed: ParsedDocument;
  drafts: AssessmentDraft[];
  rejected: RejectedRow[];
  identity: OrganizationIdentity;
  assessmentDate: string | null;
  statusDate: string | null;
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
  const ctx = { file, ...(options.dateOrder ? { dateOrder: options.dateOrder } : {}) };
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
  const warnings: string[] = [];
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
  if (drafts.length > 0) {
    assessmentDate = metadataDate(meta.assessmentDate, file, 'Assessment Date', options.dateOrder);
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
      metadataDate(meta.statusDate, file, 'Status Date', options.dateOrder) ??
      job.manifest?.statusDate ??
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
  return {
    source,
    parsed,
    drafts,
    rejected,
    identity,
    assessmentDate,
    statusDate,
    assessmentType,
    selfReportedScore,
    baseLevel: baseLevelOf(parsed.statusRows, explicitLevel),
    warnings,
  };
}

function publicRejected(rows: readonly RejectedRow[]): FileOutcome['rejected'] {
  return rows.map((r) => ({
    sheet: r.sheet,
    row: r.row,
    column: r.column,
    reason: r.reason,
    message: r.message,
  }));
}

function rejectedRecord(
  path: string,
  sourceFileId: number | null,
  r: RejectedRow,
  now: string,
): (string | number | null)[] {
  return [
    path,
    sourceFileId,
    r.sheet,
    r.row,
    r.column,
    r.header,
    r.rawValues === null ? null : JSON.stringify(r.rawValues),
    r.reason,
    r.message,
    now,
  ];
}

/** Records a failed file once: retrying a file that fails the same way writes nothing new. */
export async function recordFailure(
  store: Store,
  path: string,
  error: IngestError,
  rows: readonly RejectedRow[],
): Promise<void> {
  const fileRow: RejectedRow = {
    sheet: error.location.sheet ?? null,
    row: null,
    column: null,
    header: null,
    reason: error.code,
    message: error.message,
    rawValues: null,
  };
  const wanted = [fileRow, ...rows]
    .map((r) => `${r.reason}\u0000${r.message}`)
    .sort()
    .join('\n');
  await store.transaction(async (tx) => {
    const existing = await tx.all<{ reason_code: string; message: string }>(sql('file-failures'), {
      path,
    });
    const have = existing
      .map((r) => `${r.reason_code}\u0000${r.message}`)
      .sort()
      .join('\n');
    if (have === wanted) return;
    await tx.run(sql('delete-file-failures'), { path });
    const now = new Date().toISOString();
    await tx.append(
      'rejected_rows',
      [fileRow, ...rows].map((r) => rejectedRecord(path, null, r, now)),
    );
  });
}

function asIngestError(error: unknown, file: string): IngestError {
  if (error instanceof IngestError) return error;
  return new IngestError(
    'LOAD_FAILED',
    { file },
    `could not be loaded: ${(error as Error).message ?? String(error)}`,
    { cause: error },
  );
}

/** Loads one file; never throws for a bad file (it returns a failed outcome), only for a broken store. */
export async function loadFile(
  store: Store,
  job: LoadFileJob,
  options: LoadFileOptions,
): Promise<FileOutcome> {
  const outcome: FileOutcome = {
    path: job.displayPath,
    status: 'failed',
    organization: null,
    layout: null,
    rowsLoaded: 0,
    rejected: [],
    error: null,
    warnings: [],
  };
  let source: SourceFile;
  try {
    source = await readSourceFile(job.absolutePath, job.displayPath, options);
  } catch (error) {
    const failure = asIngestError(error, job.displayPath);
    outcome.error = failure.message;
    await recordFailure(store, job.displayPath, failure, []);
    return outcome;
  }
  const [same] = await store.all<{ id: number; layout: string; organization: string | null }>(
    sql('find-source-file-by-sha'),
    { sha: source.sha256, path: job.absolutePath },
  );
  if (same) {
    return {
      ...outcome,
      status: 'unchanged',
      organization: same.organization,
      layout: same.layout,
    };
  }
  let prepared: Prepared;
  try {
    prepared = await prepare(job, options, source);
  } catch (error) {
    const failure = asIngestError(error, job.displayPath);
    const rows = (error as { rejectedRows?: RejectedRow[] }).rejectedRows ?? [];
    outcome.error = failure.message;
    outcome.rejected = publicRejected(rows);
    outcome.layout = null;
    await recordFailure(store, job.displayPath, failure, rows);
    return outcome;
  }
  const result = await store.transaction((tx) => write(tx, job, prepared));
  return {
    ...outcome,
    status: 'loaded',
    organization: result.organization,
    layout: prepared.parsed.layouts.join('+'),
    rowsLoaded: result.rowsLoaded,
    rejected: publicRejected(prepared.rejected),
    warnings: prepared.warnings,
  };
}

interface NextIds {
  source_file_id: number;
  organization_id: number;
  assessment_id: number;
  poam_item_id: number;
}

async function write(
  tx: Transaction,
  job: LoadFileJob,
  p: Prepared,
): Promise<{ organization: string; rowsLoaded: number }> {
  const [ids] = await tx.all<NextIds>(sql('next-ids'));
  if (!ids) throw new Error('next-ids returned no row');
  const [earlier] = await tx.all<{ id: number }>(sql('find-source-file-by-path'), {
    path: job.absolutePath,
  });
  const organization = await resolveOrganization(tx, p.identity, ids.organization_id);
  const originalDates = new Map<string, string>();
  if (p.parsed.poamRows.length > 0) {
    const rows = await tx.all<{
      poam_key: string;
      nist_id: string;
      original_scheduled_date: string | null;
    }>(sql('earlier-poam-schedules'), { organization_id: organization.id });
    for (const r of rows) {
      if (r.original_scheduled_date)
        originalDates.set(`${r.poam_key}\u0000${r.nist_id}`, r.original_scheduled_date);
    }
  }
  if (earlier) {
    const params = { source_file_id: earlier.id };
    await tx.run(sql('detach-poam-items'), params);
    for (const name of [
      'delete-requirement-results',
      'delete-objective-results',
      'delete-poam-milestones',
      'delete-poam-items',
      'delete-assessments',
      'delete-rejected-rows',
      'delete-source-file',
    ]) {
      await tx.run(sql(name), params);
    }
  }
  await tx.run(sql('delete-file-failures'), { path: job.displayPath });

  const sourceFileId = ids.source_file_id;
  const now = new Date().toISOString();
  const assessmentRows: (string | number | boolean | null)[][] = [];
  const resultRows: (string | number | boolean | null)[][] = [];
  const objectiveRows: (string | number | boolean | null)[][] = [];
  let nextAssessment = ids.assessment_id;
  const newAssessments: { id: number; level: CmmcLevel }[] = [];
  const meta = p.parsed.metadata;
  for (const draft of p.drafts) {
    const id = nextAssessment++;
    newAssessments.push({ id, level: draft.level });
    const type: AssessmentType = p.assessmentType ?? (draft.level === 3 ? 'dibcac' : 'self');
    const ownScore =
      draft.level === p.baseLevel || p.drafts.length === 1 ? p.selfReportedScore : null;
    assessmentRows.push([
      id,
      organization.id,
      sourceFileId,
      draft.level,
      draft.level === 3 ? 'dibcac' : type,
      p.assessmentDate,
      p.statusDate,
      meta.scope?.cell.text || null,
      meta.systemName?.cell.text || null,
      ownScore,
      draft.objectives.size > 0,
    ]);
    for (const nistId of requirementIdsForLevel(draft.level)) {
      const r = draft.results.get(nistId);
      resultRows.push(
        r
          ? [
              id,
              sourceFileId,
              nistId,
              r.finding,
              r.raw,
              r.qualifier,
              r.partialCredit,
              r.points,
              r.onPoam,
              r.comments,
              r.sheet,
              r.row,
            ]
          : [
              id,
              sourceFileId,
              nistId,
              'NOT_ASSESSED',
              null,
              null,
              false,
              null,
              null,
              null,
              null,
              null,
            ],
      );
    }
    for (const o of draft.objectives.values()) {
      objectiveRows.push([
        id,
        sourceFileId,
        o.nistId,
        o.objectiveId,
        o.finding,
        o.raw,
        o.sheet,
        o.row,
      ]);
    }
  }
  const loadedResults = p.drafts.reduce((n, d) => n + d.results.size, 0);
  const rowsLoaded = loadedResults + objectiveRows.length + p.parsed.poamRows.length;
  await tx.append('source_files', [
    [
      sourceFileId,
      job.absolutePath,
      job.displayPath,
      p.source.sha256,
      p.source.size,
      p.parsed.layouts.join('+'),
      organization.id,
      rowsLoaded,
      p.rejected.length,
      now,
    ],
  ]);
  await tx.append('assessments', assessmentRows);
  await tx.append('requirement_results', resultRows);
  await tx.append('objective_results', objectiveRows);

  const levels = new Set<CmmcLevel>(newAssessments.map((a) => a.level));
  for (const row of p.parsed.poamRows) levels.add(row.enhanced ? 3 : p.baseLevel);
  const latest = new Map<CmmcLevel, number | null>();
  for (const level of levels) {
    const [found] = await tx.all<{ id: number }>(sql('latest-assessment'), {
      organization_id: organization.id,
      level,
    });
    latest.set(level, found?.id ?? null);
    if (found && newAssessments.some((a) => a.level === level)) {
      await tx.run(sql('attach-orphan-poam-items'), {
        assessment_id: found.id,
        organization_id: organization.id,
        level,
      });
    }
  }
  const itemRows: (string | number | boolean | null)[][] = [];
  const milestoneRows: (string | number | null)[][] = [];
  let nextItem = ids.poam_item_id;
  for (const item of p.parsed.poamRows) {
    const id = nextItem++;
    const level: CmmcLevel = item.enhanced ? 3 : p.baseLevel;
    const original =
      originalDates.get(`${item.poamKey ?? ''}\u0000${item.nistId}`) ??
      item.scheduledCompletionDate;
    itemRows.push([
      id,
      organization.id,
      latest.get(level) ?? null,
      sourceFileId,
      item.poamKey,
      item.nistId,
      level,
      item.weakness,
      item.weaknessDescription,
      item.remediationPlan,
      item.owner,
      item.resources,
      item.detectionDate,
      item.scheduledCompletionDate,
      original,
      item.status,
      item.closedDate,
      item.riskRating,
      item.vendorDependency,
      item.comments,
      item.sheet,
      item.row,
    ]);
    for (const m of item.milestones) {
      milestoneRows.push([id, m.sequence, m.description, m.dueDate, m.completedDate]);
    }
  }
  await tx.append('poam_items', itemRows);
  await tx.append('poam_milestones', milestoneRows);
  await tx.append(
    'rejected_rows',
    p.rejected.map((r) => rejectedRecord(job.displayPath, sourceFileId, r, now)),
  );
  return { organization: organization.name, rowsLoaded };
}
