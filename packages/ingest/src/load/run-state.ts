/**
 * What a run needs to know about the database to place each file, kept in memory instead of asked per file: the
 * next free ids, the files loaded before (path → SHA-256), the organizations by CAGE and folded name, every
 * assessment (to find an organization's latest one at a level), which organizations have POA&M items or orphan
 * items, and the failures recorded per path. It is safe because ingest is the single writer: DuckDB's file lock
 * keeps every other process out while the store is open, and the run's own writes update this state as they are
 * made. When a transaction rolls back, the state is read again from the database (`RunState.load`), so it never
 * describes rows that were not committed.
 */
import type { CmmcLevel } from '@cmmc/catalog';
import type { Store } from '@cmmc/store';
import { sql } from './sql.js';

export interface KnownOrganization {
  id: number;
  name: string;
  nameKey: string;
  cage: string | null;
  uei: string | null;
}

export interface KnownSourceFile {
  id: number;
  sha256: string;
  layout: string;
  organizationId: number | null;
  /** Its stamp when it was last read (`fileStampOf`); null for files loaded before stamps were recorded. */
  stamp: string | null;
}

export interface KnownAssessment {
  id: number;
  organizationId: number;
  level: number;
  /** `YYYY-MM-DD`, so that string order is date order; '' when the date is unknown (it sorts first). */
  date: string;
  /** Where the date came from (`assessments.date_source`); null when it is unknown. */
  dateSource: string | null;
  sourceFileId: number;
}

export interface NextIds {
  sourceFile: number;
  organization: number;
  assessment: number;
  poamItem: number;
}

/** `2026-3-1` → `2026-03-01`: assessment dates compare as strings, the way DuckDB compares the DATE column. */
export function dateKey(date: string): string {
  const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})/.exec(date);
  return m ? `${m[1]}-${m[2]?.padStart(2, '0')}-${m[3]?.padStart(2, '0')}` : date;
}

const levelKey = (organizationId: number, level: number) => `${organizationId}:${level}`;

export class RunState {
  readonly next: NextIds;
  private readonly sourceFiles = new Map<string, KnownSourceFile>();
  private readonly organizationsById = new Map<number, KnownOrganization>();
  private readonly organizationsByCage = new Map<string, KnownOrganization>();
  private readonly organizationsByNameKey = new Map<string, KnownOrganization>();
  /** Assessments by `organization:level`. */
  private readonly assessments = new Map<string, KnownAssessment[]>();
  private readonly assessmentsByFile = new Map<number, KnownAssessment[]>();
  private readonly poamOrganizations = new Set<number>();
  /** `organization:level` keys that may have POA&M items attached to no assessment. */
  private readonly orphanLevels = new Set<string>();
  /** Display path → its recorded failures as `reason\0message` lines, sorted. */
  private readonly failures = new Map<string, string>();

  private constructor(next: NextIds) {
    this.next = next;
  }

  /** Reads the state from the database; call it outside any transaction of this run's own. */
  static async load(store: Store): Promise<RunState> {
    const [ids] = await store.all<{
      source_file_id: number;
      organization_id: number;
      assessment_id: number;
      poam_item_id: number;
    }>(sql('next-ids'));
    if (!ids) throw new Error('next-ids returned no row');
    const state = new RunState({
      sourceFile: ids.source_file_id,
      organization: ids.organization_id,
      assessment: ids.assessment_id,
      poamItem: ids.poam_item_id,
    });
    for (const f of await store.all<{
      id: number;
      path: string;
      sha256: string;
      layout: string;
      organization_id: number | null;
      file_stamp: string | null;
    }>(sql('run-source-files'))) {
      state.sourceFiles.set(f.path, {
        id: f.id,
        sha256: f.sha256,
        layout: f.layout,
        organizationId: f.organization_id,
        stamp: f.file_stamp,
      });
    }
    for (const o of await store.all<{
      id: number;
      name: string;
      name_key: string;
      cage: string | null;
      uei: string | null;
    }>(sql('run-organizations'))) {
      state.addOrganization({
        id: o.id,
        name: o.name,
        nameKey: o.name_key,
        cage: o.cage,
        uei: o.uei,
      });
    }
    for (const a of await store.all<{
      id: number;
      organization_id: number;
      level: number;
      assessment_date: string | null;
      date_source: string | null;
      source_file_id: number;
    }>(sql('run-assessments'))) {
      state.addAssessment({
        id: a.id,
        organizationId: a.organization_id,
        level: a.level,
        date: dateKey(a.assessment_date ?? ''),
        dateSource: a.date_source,
        sourceFileId: a.source_file_id,
      });
    }
    for (const p of await store.all<{
      organization_id: number;
      level: number;
      has_orphans: boolean;
    }>(sql('run-poam-organizations'))) {
      state.poamOrganizations.add(p.organization_id);
      if (p.has_orphans) state.orphanLevels.add(levelKey(p.organization_id, p.level));
    }
    const failures = new Map<string, string[]>();
    for (const r of await store.all<{ source_path: string; reason_code: string; message: string }>(
      sql('run-file-failures'),
    )) {
      const lines = failures.get(r.source_path) ?? [];
      lines.push(`${r.reason_code}\u0000${r.message}`);
      failures.set(r.source_path, lines);
    }
    for (const [path, lines] of failures) state.failures.set(path, lines.sort().join('\n'));
    return state;
  }

  /** The file loaded before from this absolute path, if any. */
  sourceFile(path: string): KnownSourceFile | undefined {
    return this.sourceFiles.get(path);
  }

  organizationName(id: number | null): string | null {
    return id === null ? null : (this.organizationsById.get(id)?.name ?? null);
  }

  organizationByCage(cage: string): KnownOrganization | undefined {
    return this.organizationsByCage.get(cage);
  }

  organizationByNameKey(nameKey: string): KnownOrganization | undefined {
    return this.organizationsByNameKey.get(nameKey);
  }

  addOrganization(organization: KnownOrganization): void {
    this.organizationsById.set(organization.id, organization);
    this.organizationsByNameKey.set(organization.nameKey, organization);
    if (organization.cage) this.organizationsByCage.set(organization.cage, organization);
  }

  /** Fills a known organization's missing CAGE / UEI, as update-organization-identifiers.sql does. */
  fillOrganization(organization: KnownOrganization, cage: string | null, uei: string | null): void {
    organization.cage ??= cage;
    organization.uei ??= uei;
    if (organization.cage) this.organizationsByCage.set(organization.cage, organization);
  }

  setSourceFileStamp(path: string, stamp: string): void {
    const file = this.sourceFiles.get(path);
    if (file) file.stamp = stamp;
  }

  addSourceFile(path: string, file: KnownSourceFile): void {
    this.sourceFiles.set(path, file);
  }

  /**
   * Forgets a file whose rows are deleted; the (organization, level) pairs of its assessments may now have orphan
   * POA&M items (detach-poam-items.sql).
   */
  removeSourceFile(path: string, id: number): void {
    this.sourceFiles.delete(path);
    for (const a of this.assessmentsByFile.get(id) ?? []) {
      const key = levelKey(a.organizationId, a.level);
      const list = this.assessments.get(key) ?? [];
      this.assessments.set(
        key,
        list.filter((x) => x.id !== a.id),
      );
      this.orphanLevels.add(key);
    }
    this.assessmentsByFile.delete(id);
  }

  addAssessment(assessment: KnownAssessment): void {
    const key = levelKey(assessment.organizationId, assessment.level);
    const list = this.assessments.get(key);
    if (list) list.push(assessment);
    else this.assessments.set(key, [assessment]);
    const byFile = this.assessmentsByFile.get(assessment.sourceFileId);
    if (byFile) byFile.push(assessment);
    else this.assessmentsByFile.set(assessment.sourceFileId, [assessment]);
  }

  /** The assessments a loaded file wrote. */
  assessmentsOfFile(sourceFileId: number): readonly KnownAssessment[] {
    return this.assessmentsByFile.get(sourceFileId) ?? [];
  }

  /** Records a date given later to a file's assessments, as update-assessment-date.sql does. */
  setAssessmentDate(sourceFileId: number, date: string, dateSource: string): void {
    for (const a of this.assessmentsByFile.get(sourceFileId) ?? []) {
      a.date = dateKey(date);
      a.dateSource = dateSource;
    }
  }

  /** The latest assessment by date, then by id (load order), as latest-assessment.sql ordered it. */
  latestAssessment(organizationId: number, level: CmmcLevel): number | null {
    let best: KnownAssessment | null = null;
    for (const a of this.assessments.get(levelKey(organizationId, level)) ?? []) {
      if (!best || a.date > best.date || (a.date === best.date && a.id > best.id)) best = a;
    }
    return best?.id ?? null;
  }

  hasPoamItems(organizationId: number): boolean {
    return this.poamOrganizations.has(organizationId);
  }

  addPoamItems(organizationId: number): void {
    this.poamOrganizations.add(organizationId);
  }

  mayHaveOrphans(organizationId: number, level: CmmcLevel): boolean {
    return this.orphanLevels.has(levelKey(organizationId, level));
  }

  setOrphans(organizationId: number, level: CmmcLevel, orphans: boolean): void {
    const key = levelKey(organizationId, level);
    if (orphans) this.orphanLevels.add(key);
    else this.orphanLevels.delete(key);
  }

  /** The failures recorded for a display path (sorted `reason\0message` lines), if any. */
  failure(path: string): string | undefined {
    return this.failures.get(path);
  }

  setFailure(path: string, lines: string | undefined): void {
    if (lines === undefined) this.failures.delete(path);
    else this.failures.set(path, lines);
  }
}
