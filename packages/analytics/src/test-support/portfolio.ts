// Builds supplier data directly in a store for tests: an organization, its assessments, requirement and objective
// results, POA&M items and milestones, all bulk-appended in one transaction. Ids are taken from the tables so several
// suppliers can share one store. Also turns a @cmmc/catalog `AssessmentInput` into the same rows, so one case can
// run through both decideStatus and the SQL.
import type { AssessmentInput, CmmcLevel, Finding } from '@cmmc/catalog';
import type { Store } from '@cmmc/store';

type Cell = string | number | boolean | null;

export interface ResultSpec {
  finding: Finding;
  partial?: boolean;
  onPoam?: boolean;
}

export interface PoamSpec {
  nistId: string;
  status?: 'open' | 'closed';
  closedDate?: string | null;
  detectionDate?: string | null;
  scheduledDate?: string | null;
  originalScheduledDate?: string | null;
  /**
   * Leave the item unlinked (assessment_id null) and in a file of its own: it then belongs to the organization's
   * latest assessment at its level dated on or before `poamDate` (else its detection date; else as of the day asked).
   */
  unlinked?: boolean;
  /** The POA&M's own date (its "POAM Date"), for unlinked items. */
  poamDate?: string | null;
  level?: CmmcLevel;
  milestones?: { dueDate: string | null; completedDate?: string | null; description?: string }[];
}

export interface ObjectiveSpec {
  nistId: string;
  objectiveId: string;
  finding: Finding;
}

export interface AssessmentSpec {
  level: CmmcLevel;
  type?: 'self' | 'c3pao' | 'dibcac';
  /** Null for an assessment whose date no source gives. */
  assessmentDate?: string | null;
  /** 'closeout' for an assessment marked as a POA&M closeout assessment. */
  purpose?: 'closeout' | null;
  statusDate?: string | null;
  selfReportedScore?: number | null;
  /** The latest annual affirmation the file records. */
  affirmationDate?: string | null;
  /** Keyed by NIST id; a requirement left out has no row at all. */
  results: ReadonlyMap<string, ResultSpec> | Record<string, ResultSpec>;
  objectives?: ObjectiveSpec[];
  poam?: PoamSpec[];
  /** Shuffle rows before appending (for load-order tests). */
  order?: (n: number) => number[];
}

export interface SupplierSpec {
  name?: string;
  cage?: string | null;
  /** Reuse an organization created earlier. */
  organizationId?: number;
  /** suppliers.csv's required_status. */
  requiredStatus?: string | null;
  assessments: AssessmentSpec[];
}

export interface CreatedSupplier {
  organizationId: number;
  assessmentIds: number[];
  poamItemIds: number[];
}

async function nextId(store: Store, table: string): Promise<number> {
  const [row] = await store.all<{ next: number }>(
    `select coalesce(max(id), 0) + 1 as next from ${table}`,
  );
  return row?.next ?? 1;
}

function permute<T>(rows: T[], order?: (n: number) => number[]): T[] {
  if (!order) return rows;
  return order(rows.length).map((i) => rows[i] as T);
}

/** Inserts one organization (unless `organizationId` is given) with its assessments. */
export async function createSupplier(store: Store, spec: SupplierSpec): Promise<CreatedSupplier> {
  let organizationId = spec.organizationId ?? (await nextId(store, 'organizations'));
  let assessmentId = await nextId(store, 'assessments');
  let poamId = await nextId(store, 'poam_items');
  // each assessment and each unlinked POA&M item comes from a file of its own, as ingest would record them
  const [files] = await store.all<{ next: number }>(
    `select coalesce(max(f), 0) + 1 as next from (
       select max(source_file_id) as f from assessments union all select max(source_file_id) from poam_items
     )`,
  );
  let sourceFileId = files?.next ?? 1;
  const created: CreatedSupplier = { organizationId, assessmentIds: [], poamItemIds: [] };
  await store.transaction(async (tx) => {
    if (spec.organizationId === undefined) {
      const name = spec.name ?? `Supplier ${organizationId}`;
      await tx.append('organizations', [
        [
          organizationId,
          name,
          name.toLowerCase(),
          spec.cage === undefined ? `C${String(organizationId).padStart(4, '0')}` : spec.cage,
          null,
          '2026-01-01 00:00:00',
          spec.requiredStatus ?? null,
        ],
      ]);
    } else {
      organizationId = spec.organizationId;
    }
    for (const a of spec.assessments) {
      const id = assessmentId++;
      const fileId = sourceFileId++;
      created.assessmentIds.push(id);
      await tx.append('assessments', [
        [
          id,
          organizationId,
          fileId,
          a.level,
          a.type ?? 'self',
          a.assessmentDate === undefined ? '2026-06-01' : a.assessmentDate,
          a.statusDate ?? null,
          null,
          null,
          a.selfReportedScore ?? null,
          (a.objectives?.length ?? 0) > 0,
          a.affirmationDate ?? null,
          a.assessmentDate === null ? null : 'file',
          a.purpose ?? null,
        ],
      ]);
      const entries =
        a.results instanceof Map
          ? [...a.results.entries()]
          : Object.entries(a.results as Record<string, ResultSpec>);
      const results = entries.map(([nistId, r]) => [
        id,
        fileId,
        nistId,
        r.finding,
        r.finding,
        null,
        r.partial === true,
        null,
        r.onPoam ?? null,
        null,
        null,
        null,
      ]);
      await tx.append('requirement_results', permute(results, a.order));
      await tx.append(
        'objective_results',
        (a.objectives ?? []).map((o) => [
          id,
          fileId,
          o.nistId,
          o.objectiveId,
          o.finding,
          o.finding,
          null,
          null,
        ]),
      );
      const items: Cell[][] = [];
      const milestones: Cell[][] = [];
      for (const p of a.poam ?? []) {
        const itemId = poamId++;
        created.poamItemIds.push(itemId);
        const status = p.status ?? (p.closedDate ? 'closed' : 'open');
        items.push([
          itemId,
          organizationId,
          p.unlinked ? null : id,
          p.unlinked ? sourceFileId++ : fileId,
          null,
          p.nistId,
          p.level ?? a.level,
          null,
          null,
          null,
          null,
          null,
          p.detectionDate ?? null,
          p.scheduledDate ?? null,
          p.originalScheduledDate ?? null,
          status,
          p.closedDate ?? null,
          null,
          null,
          null,
          null,
          null,
          p.poamDate ?? null,
        ]);
        (p.milestones ?? []).forEach((m, i) => {
          milestones.push([
            itemId,
            i + 1,
            m.description ?? `milestone ${i + 1}`,
            m.dueDate,
            m.completedDate ?? null,
          ]);
        });
      }
      await tx.append('poam_items', permute(items, a.order));
      await tx.append('poam_milestones', milestones);
    }
  });
  return created;
}

/** The rows of a @cmmc/catalog `AssessmentInput`: its findings as results, its POA&M entries as items. */
export function assessmentFromInput(
  input: AssessmentInput,
  extra: Partial<AssessmentSpec> = {},
): AssessmentSpec {
  const results = new Map<string, ResultSpec>();
  for (const [nistId, outcome] of input.findings) {
    results.set(nistId, { finding: outcome.finding, partial: outcome.partial === true });
  }
  return {
    level: input.level,
    type: input.level === 3 ? 'dibcac' : 'self',
    assessmentDate: input.statusDate,
    statusDate: input.statusDate,
    results,
    poam: input.poam.map((p) => ({ nistId: p.nistId, closedDate: p.closedDate })),
    ...extra,
  };
}
