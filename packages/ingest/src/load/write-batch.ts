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
import type { IngestError } from '../errors.js';
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
  let n = 1 + p.rejected.length + p.parsed.poamRows.length;
  for (const d of p.drafts) n += 1 + requirementIdsForLevel(d.level).length + d.objectives.size;
  for (const item of p.parsed.poamRows) n += item.milestones.length;
  return n;
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
    if (entries.every((e) => e.kind === 'unchanged')) {
      for (const e of entries) this.onOutcome(unchangedOutcome(e));
      return;
    }
    let outcomes: FileOutcome[];
    try {
      outcomes = await this.store.transaction((tx) => this.write(tx, entries));
    } catch (error) {
      await this.reload();
      if (entries.length === 1) throw error;
      // Replay one file per transaction, so only the file that cannot be written fails.
      for (const entry of entries) {
        let outcome: FileOutcome | undefined;
        try {
          [outcome] = await this.store.transaction((tx) => this.write(tx, [entry]));
        } catch (replayError) {
          await this.reload();
          throw replayError;
        }
        if (outcome) this.onOutcome(outcome);
      }
      return;
    }
    for (const outcome of outcomes) this.onOutcome(outcome);
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
      if (entry.kind === 'unchanged') {
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
        const { organization, rowsLoaded } = await this.writeFile(
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
          rejected: publicRejected(entry.prepared.rejected),
          error: null,
          warnings: entry.prepared.warnings,
        });
      }
    }
    await pending.flush(tx);
    return outcomes;
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
  ): Promise<{ organization: string; rowsLoaded: number }> {
    const state = this.state;
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
        null, // date_source: recorded once ingest reads undated files (issue 13)
        p.assessmentPurpose,
      ]);
      state.addAssessment({
        id,
        organizationId: organization.id,
        level: draft.level,
        date: dateKey(p.assessmentDate ?? ''),
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
        objectiveCount++;
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
      p.rejected.length,
      now,
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
        item.row,
        p.poamDate,
      ]);
      for (const m of item.milestones) {
        pending.push('poam_milestones', [
          id,
          m.sequence,
          m.description,
          m.dueDate,
          m.completedDate,
        ]);
      }
    }
    if (p.parsed.poamRows.length > 0) state.addPoamItems(organization.id);
    for (const r of p.rejected) {
      pending.push('rejected_rows', rejectedRecord(job.displayPath, sourceFileId, r, now));
    }
    state.addSourceFile(job.absolutePath, {
      id: sourceFileId,
      sha256: p.source.sha256,
      layout,
      organizationId: organization.id,
    });
    return { organization: organization.name, rowsLoaded };
  }
}
