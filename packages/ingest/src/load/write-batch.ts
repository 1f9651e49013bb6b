/**
 * Writes parsed files to the store many at a time: one transaction per batch (up to `maxFiles` files or `maxRows`
 * rows), each table appended once per batch, ids, files, organizations and assessments looked up in the run's
 * state (run-state.ts) instead of queried per file. Per-file work costs no statement at all on the common path;
 * only a replaced file, a supplier gaining a CAGE, orphan POA&M items or a POA&M replacing earlier items run SQL,
 * after the rows buffered so far are appended, so every statement sees the batch's earlier files.
 *
 * What it guarantees, file by file, is what one transaction per file guaranteed: a batch commits atomically, so a
 * crash (even SIGKILL) leaves each of its files either fully loaded or absent; if anything in a batch fails, the batch
 * is rolled back, the state is read again from the database, and its files are replayed one per transaction, so a
 * file that cannot be written fails alone (and, as before, stops the run as a store failure) while the files before
 * it load.
 */
import { type CmmcLevel, requirementIdsForLevel } from '@cmmc/catalog';
import type { Store, Transaction } from '@cmmc/store';
import { formatLocation, IngestError, IngestStoppedError } from '../errors.js';
import type { RejectedRow } from '../layouts/parsed.js';
import type { AssessmentType } from './facts.js';
import {
  type FileEntry,
  type FileOutcome,
  type LoadFileJob,
  type Prepared,
  publicRejected,
} from './load-file.js';
import { resolveOrganization } from './organization.js';
import { dateKey, type KnownOrganization, RunState } from './run-state.js';
import { sql } from './sql.js';

type Value = string | number | boolean | null;

/** The tables a batch appends to, in the order they are appended. */
const TABLES = [
  'organizations',
  'source_files',
  'assessments',
  'requirement_results',
  'objective_results',
  'poam_items',
  'poam_milestones',
  'rejected_rows',
] as const;
type Table = (typeof TABLES)[number];

export interface BatchLimits {
  /** Files per transaction. */
  maxFiles: number;
  /** Rows (all tables) per transaction; a batch closes once it reaches this. */
  maxRows: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxFiles: 50, maxRows: 50_000 };

/** Rows waiting to be appended in the batch's transaction. */
class PendingRows {
  readonly rows = new Map<Table, Value[][]>(TABLES.map((t) => [t, []]));
  /** New organizations not appended yet: a fill edits the buffered row instead of running an UPDATE. */
  readonly organizations = new Map<number, Value[]>();

  push(table: Table, row: Value[]): void {
    this.rows.get(table)?.push(row);
  }

  async flush(tx: Transaction): Promise<void> {
    for (const table of TABLES) {
      const rows = this.rows.get(table) ?? [];
      if (rows.length === 0) continue;
      this.rows.set(table, []);
      await tx.append(table, rows);
    }
    this.organizations.clear();
  }
}

function rejectedRecord(
  path: string,
  sourceFileId: number | null,
  r: RejectedRow,
  now: string,
): Value[] {
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

/** Rows a parsed file will write, to size batches. */
function entryRows(entry: FileEntry): number {
  if (entry.kind === 'failed') return entry.rejected.length + 1;
  if (entry.kind === 'unchanged') return 0;
  const p = entry.prepared;
  // The rows read count too, not only the rows written: a file of 200,000 rows (about 110 written) holds them in
  // memory until its batch commits, so it closes the batch at once.
  let n = 1 + p.rejected.length + p.parsed.poamRows.length + p.parsed.statusRows.length;
  for (const d of p.drafts) n += 1 + requirementIdsForLevel(d.level).length + d.objectives.size;
  for (const item of p.parsed.poamRows) n += item.milestones.length;
  return n;
}

/** The driver's own words, without our wrappers' prefixes. */
function storeReason(error: unknown): string {
  let e: unknown = error;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim();
}

const NO_SPACE = /no space left on device|ENOSPC|disk (?:is )?full|quota exceeded|EDQUOT/i;
const IO_FAILURE =
  /IO Error|I\/O error|EIO\b|read-only file system|EROFS|could not (?:write|read|open|sync)|fsync|database has been invalidated|FATAL Error/i;

/** A failure of the disk or of the database file itself, after which no file of the run can be written. */
export function isIoFailure(error: unknown): boolean {
  const text = storeReason(error);
  return NO_SPACE.test(text) || IO_FAILURE.test(text);
}

/**
 * The IngestStoppedError a store failure means when it is the disk's or the database file's (disk full, I/O error),
 * else null: for the CLI, whose opening and closing of the store (outside `ingestPaths`) can fail the same way.
 */
export function ioFailureStop(error: unknown, databasePath: string): IngestStoppedError | null {
  // The store's own verdicts on opening (busy, cannot be opened there, outdated) already say what to do; only a
  // full disk while opening (migrations write) is reported as a stopped run.
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'DATABASE_BUSY' || code === 'SCHEMA_OUTDATED') return null;
  if (
    (code === 'OPEN_FAILED' || code === 'MIGRATION_FAILED') &&
    !NO_SPACE.test(storeReason(error))
  ) {
    return null;
  }
  return isIoFailure(error) ? storeFailure(error, databasePath) : null;
}

/** The one line a stopped run prints: `No space left on device while writing portfolio.duckdb`. */
export function storeFailure(error: unknown, databasePath: string): IngestStoppedError {
  if (error instanceof IngestStoppedError) return error;
  const reason = storeReason(error);
  if (NO_SPACE.test(reason)) {
    return new IngestStoppedError(
      'DISK_FULL',
      `No space left on device while writing ${databasePath}; free some space and run the same command again (the files listed as loaded are committed, the rest were not written)`,
      { cause: error },
    );
  }
  if (IO_FAILURE.test(reason)) {
    return new IngestStoppedError(
      'IO_ERROR',
      `I/O error while writing ${databasePath}: ${reason}; the files listed as loaded are committed, the rest were not written`,
      { cause: error },
    );
  }
  return new IngestStoppedError(
    'STORE_FAILED',
    `the database ${databasePath} failed: ${reason}; the files listed as loaded are committed, the rest were not written`,
    { cause: error },
  );
}

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/**
 * Checks a number bound for an INTEGER column before it reaches the appender: a value out of the column's range (or
 * not whole) would fail the whole batch's append with a raw cast error. Such a cell is left empty and rejected as
 * BAD_NUMBER with its location; the row still loads.
 */
function integerColumn(file: string, rejected: RejectedRow[]) {
  return (value: number | null, sheet: string | null, row: number | null, header: string) => {
    if (value === null || (Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX)) {
      return value;
    }
    const at = formatLocation({
      file,
      ...(sheet !== null ? { sheet } : {}),
      ...(row !== null ? { row } : {}),
    });
    rejected.push({
      sheet,
      row,
      column: null,
      header,
      reason: 'BAD_NUMBER',
      message: `${at}: ${header} ${value} is outside what the column holds (whole numbers from ${INT32_MIN} to ${INT32_MAX}); the cell was left empty and the rest of the row loaded`,
      rawValues: { [header]: String(value) },
    });
    return null;
  };
}

function unchangedOutcome(entry: FileEntry & { kind: 'unchanged' }): FileOutcome {
  return {
    path: entry.displayPath,
    status: 'unchanged',
    organization: entry.organization,
    layout: entry.layout,
    rowsLoaded: 0,
    rejected: [],
    error: null,
    warnings: [],
  };
}

export class BatchWriter {
  private readonly store: Store;
  private readonly state: RunState;
  private readonly limits: BatchLimits;
  private readonly onOutcome: (outcome: FileOutcome) => void;
  private entries: FileEntry[] = [];
  private rows = 0;

  constructor(
    store: Store,
    state: RunState,
    limits: BatchLimits,
    onOutcome: (outcome: FileOutcome) => void,
  ) {
    this.store = store;
    this.state = state;
    this.limits = limits;
    this.onOutcome = onOutcome;
  }

  /** Adds a file; commits the batch when it is full. Outcomes are reported in the order files were added. */
  async add(entry: FileEntry): Promise<void> {
    this.entries.push(entry);
    this.rows += entryRows(entry);
    if (this.entries.length >= this.limits.maxFiles || this.rows >= this.limits.maxRows) {
      await this.commit();
    }
  }

  /** Commits what is left. */
  async finish(): Promise<void> {
    await this.commit();
  }

  private async commit(): Promise<void> {
    const entries = this.entries;
    this.entries = [];
    this.rows = 0;
    if (entries.length === 0) return;
    const plain = entries.filter(
      (e): e is FileEntry & { kind: 'unchanged' } =>
        e.kind === 'unchanged' && !e.redate && !e.restamp,
    );
    if (plain.length === entries.length) {
      for (const e of plain) this.onOutcome(unchangedOutcome(e));
      return;
    }
    let outcomes: FileOutcome[];
    try {
      outcomes = await this.store.transaction((tx) => this.write(tx, entries));
    } catch (error) {
      await this.recover(error);
      // Replay one file per transaction, so only the file that cannot be written fails.
      for (const entry of entries) this.onOutcome(await this.writeAlone(entry));
      return;
    }
    for (const outcome of outcomes) this.onOutcome(outcome);
  }

  /**
   * Writes one file in its own transaction. When the store refuses it (a value out of a column's range that slipped
   * past the checks, a failing insert), the file is reported failed with the store's reason and that failure is
   * recorded in a transaction of its own; the run goes on. Only an I/O failure (disk full...) stops the run.
   */
  private async writeAlone(entry: FileEntry): Promise<FileOutcome> {
    try {
      const [outcome] = await this.store.transaction((tx) => this.write(tx, [entry]));
      if (outcome) return outcome;
    } catch (error) {
      await this.recover(error);
      if (entry.kind === 'failed') throw storeFailure(error, this.store.path);
      const displayPath = entry.kind === 'ready' ? entry.job.displayPath : entry.displayPath;
      const failed: FileEntry = {
        kind: 'failed',
        displayPath,
        error: new IngestError(
          'LOAD_FAILED',
          { file: displayPath },
          `the database refused the file's rows, so none of it was loaded (${storeReason(error)})`,
          { cause: error },
        ),
        rejected: [],
      };
      return this.writeAlone(failed);
    }
    throw new Error('a transaction of one file gave no outcome');
  }

  /** After a rollback: stop the run on an I/O failure, otherwise read the state again. */
  private async recover(error: unknown): Promise<void> {
    if (isIoFailure(error)) throw storeFailure(error, this.store.path);
    try {
      await this.reload();
    } catch (reloadError) {
      throw storeFailure(reloadError, this.store.path);
    }
  }

  /**
   * Reads the state again after a rollback. The readers hold the same object (they look up files loaded before), so
   * its contents are replaced rather than the object.
   */
  private async reload(): Promise<void> {
    const fresh = await RunState.load(this.store);
    Object.assign(this.state, fresh);
  }

  private async write(tx: Transaction, entries: readonly FileEntry[]): Promise<FileOutcome[]> {
    const pending = new PendingRows();
    const outcomes: FileOutcome[] = [];
    for (const entry of entries) {
      if (entry.kind === 'unchanged' && entry.restamp) {
        // The same bytes under a new stamp (copied, touched, rewritten unchanged): record it, so the next run need
        // not read the file again.
        await tx.run(sql('update-source-file-stamp'), {
          source_file_id: entry.restamp.sourceFileId,
          file_stamp: entry.restamp.stamp,
        });
        this.state.setSourceFileStamp(entry.restamp.path, entry.restamp.stamp);
      }
      if (entry.kind === 'unchanged' && entry.redate) {
        outcomes.push(await this.redate(tx, pending, entry, entry.redate));
      } else if (entry.kind === 'unchanged') {
        outcomes.push(unchangedOutcome(entry));
      } else if (entry.kind === 'failed') {
        await this.recordFailure(tx, pending, entry.displayPath, entry.error, entry.rejected);
        outcomes.push({
          path: entry.displayPath,
          status: 'failed',
          organization: null,
          layout: null,
          rowsLoaded: 0,
          rejected: publicRejected(entry.rejected),
          error: entry.error.message,
          warnings: [],
        });
      } else {
        const { organization, rowsLoaded, rejected } = await this.writeFile(
          tx,
          pending,
          entry.job,
          entry.prepared,
        );
        outcomes.push({
          path: entry.job.displayPath,
          status: 'loaded',
          organization,
          layout: entry.prepared.parsed.layouts.join('+'),
          rowsLoaded,
          rejected: publicRejected(rejected),
          error: null,
          warnings: entry.prepared.warnings,
        });
      }
    }
    await pending.flush(tx);
    return outcomes;
  }

  /** Gives a file loaded before the date that arrived since (issue 13): the same assessments, no new ones. */
  private async redate(
    tx: Transaction,
    pending: PendingRows,
    entry: FileEntry & { kind: 'unchanged' },
    redate: NonNullable<(FileEntry & { kind: 'unchanged' })['redate']>,
  ): Promise<FileOutcome> {
    await pending.flush(tx);
    await tx.run(sql('update-assessment-date'), {
      source_file_id: redate.sourceFileId,
      assessment_date: redate.date,
      date_source: redate.source,
    });
    this.state.setAssessmentDate(redate.sourceFileId, redate.date, redate.source);
    const from = redate.source === 'manifest' ? 'suppliers.csv' : '--assessment-date';
    return {
      ...unchangedOutcome(entry),
      status: 'loaded',
      warnings: [
        `the file is unchanged; its assessment now has the date ${redate.date} from ${from}`,
      ],
    };
  }

  /** Records a failed file once: retrying a file that fails the same way writes nothing new. */
  private async recordFailure(
    tx: Transaction,
    pending: PendingRows,
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
    const have = this.state.failure(path);
    if (have === wanted) return;
    if (have !== undefined) {
      await pending.flush(tx);
      await tx.run(sql('delete-file-failures'), { path });
    }
    const now = new Date().toISOString();
    for (const r of [fileRow, ...rows])
      pending.push('rejected_rows', rejectedRecord(path, null, r, now));
    this.state.setFailure(path, wanted);
  }

  private async writeFile(
    tx: Transaction,
    pending: PendingRows,
    job: LoadFileJob,
    p: Prepared,
  ): Promise<{ organization: string; rowsLoaded: number; rejected: RejectedRow[] }> {
    const state = this.state;
    const rejected = [...p.rejected];
    const fits = integerColumn(job.displayPath, rejected);
    const earlier = state.sourceFile(job.absolutePath);
    const organization: KnownOrganization = await resolveOrganization(state, p.identity, {
      insert: (o) => {
        const row: Value[] = [
          o.id,
          o.name,
          o.nameKey,
          o.cage,
          o.uei,
          new Date().toISOString(),
          p.requiredStatus,
        ];
        pending.push('organizations', row);
        pending.organizations.set(o.id, row);
        state.addOrganization(o);
      },
      fill: async (o, cage, uei) => {
        const row = pending.organizations.get(o.id);
        if (row) {
          row[3] ??= cage;
          row[4] ??= uei;
        } else {
          await pending.flush(tx);
          await tx.run(sql('update-organization-identifiers'), { id: o.id, cage, uei });
        }
        state.fillOrganization(o, cage, uei);
      },
    });
    if (p.requiredStatus !== null) {
      // suppliers.csv says what a contract requires of this supplier: the latest manifest read wins
      const row = pending.organizations.get(organization.id);
      if (row) row[6] = p.requiredStatus;
      else {
        await pending.flush(tx);
        await tx.run(sql('update-organization-required-status'), {
          id: organization.id,
          required_status: p.requiredStatus,
        });
      }
    }
    const originalDates = new Map<string, string>();
    if (p.parsed.poamRows.length > 0 && state.hasPoamItems(organization.id)) {
      await pending.flush(tx);
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
      await pending.flush(tx);
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
      state.removeSourceFile(job.absolutePath, earlier.id);
    }
    if (state.failure(job.displayPath) !== undefined) {
      await pending.flush(tx);
      await tx.run(sql('delete-file-failures'), { path: job.displayPath });
      state.setFailure(job.displayPath, undefined);
    }

    const sourceFileId = state.next.sourceFile++;
    const now = new Date().toISOString();
    const newLevels = new Set<CmmcLevel>();
    const meta = p.parsed.metadata;
    let objectiveCount = 0;
    const assessmentRows: Value[][] = [];
    const resultRows: Value[][] = [];
    const objectiveRows: Value[][] = [];
    for (const draft of p.drafts) {
      const id = state.next.assessment++;
      newLevels.add(draft.level);
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
        p.affirmationDate,
        p.dateSource,
        p.assessmentPurpose,
      ]);
      state.addAssessment({
        id,
        organizationId: organization.id,
        level: draft.level,
        date: dateKey(p.assessmentDate ?? ''),
        dateSource: p.dateSource,
        sourceFileId,
      });
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
                fits(r.points, r.sheet, r.row, 'Points'),
                r.onPoam,
                r.comments,
                r.sheet,
                fits(r.row, r.sheet, null, 'row number'),
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
        objectiveCount++;
        objectiveRows.push([
          id,
          sourceFileId,
          o.nistId,
          o.objectiveId,
          o.finding,
          o.raw,
          o.sheet,
          fits(o.row, o.sheet, null, 'row number'),
        ]);
      }
    }
    const loadedResults = p.drafts.reduce((n, d) => n + d.results.size, 0);
    const rowsLoaded = loadedResults + objectiveCount + p.parsed.poamRows.length;
    const layout = p.parsed.layouts.join('+');
    pending.push('source_files', [
      sourceFileId,
      job.absolutePath,
      job.displayPath,
      p.source.sha256,
      p.source.size,
      layout,
      organization.id,
      rowsLoaded,
      rejected.length,
      now,
      p.source.stamp,
    ]);
    for (const r of assessmentRows) pending.push('assessments', r);
    for (const r of resultRows) pending.push('requirement_results', r);
    for (const r of objectiveRows) pending.push('objective_results', r);

    // POA&M items belong to the organization's latest assessment at their level, this file's included; items that
    // arrived before any assessment at that level are attached to it now (buffered ones are appended first).
    const levels = new Set<CmmcLevel>(newLevels);
    for (const row of p.parsed.poamRows) levels.add(row.enhanced ? 3 : p.baseLevel);
    const latest = new Map<CmmcLevel, number | null>();
    for (const level of levels) {
      const found = state.latestAssessment(organization.id, level);
      latest.set(level, found);
      if (found !== null && newLevels.has(level) && state.mayHaveOrphans(organization.id, level)) {
        await pending.flush(tx);
        await tx.run(sql('attach-orphan-poam-items'), {
          assessment_id: found,
          organization_id: organization.id,
          level,
        });
        state.setOrphans(organization.id, level, false);
      }
    }

    for (const item of p.parsed.poamRows) {
      const id = state.next.poamItem++;
      const level: CmmcLevel = item.enhanced ? 3 : p.baseLevel;
      const original =
        originalDates.get(`${item.poamKey ?? ''}\u0000${item.nistId}`) ??
        item.scheduledCompletionDate;
      const assessmentId = latest.get(level) ?? null;
      if (assessmentId === null) state.setOrphans(organization.id, level, true);
      pending.push('poam_items', [
        id,
        organization.id,
        assessmentId,
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
        fits(item.row, item.sheet, null, 'row number'),
        p.poamDate,
      ]);
      for (const [index, m] of item.milestones.entries()) {
        pending.push('poam_milestones', [
          id,
          fits(m.sequence, item.sheet, item.row, 'Milestone number') ?? index + 1,
          m.description,
          m.dueDate,
          m.completedDate,
        ]);
      }
    }
    if (p.parsed.poamRows.length > 0) state.addPoamItems(organization.id);
    for (const r of rejected) {
      pending.push('rejected_rows', rejectedRecord(job.displayPath, sourceFileId, r, now));
    }
    state.addSourceFile(job.absolutePath, {
      id: sourceFileId,
      sha256: p.source.sha256,
      layout,
      organizationId: organization.id,
      stamp: p.source.stamp,
    });
    return { organization: organization.name, rowsLoaded, rejected };
  }
}
