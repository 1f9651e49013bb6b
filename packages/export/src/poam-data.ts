import { addDays, daysBetween, isIsoDate, POAM_CLOSEOUT_DAYS } from '@cmmc/catalog';
import { loadSql, type Store } from '@cmmc/store';
import { ExportError } from './errors.js';
import type { ExportOrganization } from './organizations.js';
import { derivePoamId } from './poam-id.js';

const SQL = new URL('../sql/', import.meta.url);

/** One milestone of a POA&M item. Dates are ISO `YYYY-MM-DD`. */
export interface PoamMilestone {
  sequence: number;
  description: string;
  dueDate: string | null;
  completedDate: string | null;
}

/** One POA&M item as every export writes it, with the deadline arithmetic already done for `asOf`. */
export interface PoamExportItem {
  organization: ExportOrganization;
  /** The file's own POA&M id. */
  poamKey: string | null;
  /** The FedRAMP `POAM ID`: `poamKey` when the file gives one, else `derivePoamId` (stable across databases). */
  poamId: string;
  nistId: string;
  level: number;
  cmmcId: string | null;
  requirementTitle: string | null;
  points: number | null;
  weakness: string | null;
  weaknessDescription: string | null;
  remediationPlan: string | null;
  owner: string | null;
  resources: string | null;
  detectionDate: string | null;
  scheduledCompletionDate: string | null;
  originalScheduledDate: string | null;
  status: 'open' | 'closed';
  closedDate: string | null;
  riskRating: string | null;
  vendorDependency: boolean | null;
  comments: string | null;
  assessmentType: string | null;
  systemName: string | null;
  /** The date the 180-day closeout clock starts: the CMMC status date, else the assessment date. */
  clockStartDate: string | null;
  /** Last valid day for closing the item: clock start + 180 days (32 CFR 170.21(b)); null without an assessment. */
  closeoutDeadline: string | null;
  /** Whole days from detection (else clock start) to `asOf`; null when neither date is known. */
  ageDays: number | null;
  /** Whole days from `asOf` to the closeout deadline; negative once it has passed. */
  daysToDeadline: number | null;
  /** Open and past its scheduled completion date or its closeout deadline on `asOf`. */
  overdue: boolean;
  milestones: PoamMilestone[];
}

interface PoamItemRow {
  id: number;
  organization_id: number;
  source_sha256: string | null;
  sheet: string | null;
  row_number: number | null;
  poam_key: string | null;
  nist_id: string;
  level: number;
  cmmc_id: string | null;
  requirement_title: string | null;
  points: number | null;
  weakness: string | null;
  weakness_description: string | null;
  remediation_plan: string | null;
  owner: string | null;
  resources: string | null;
  detection_date: string | null;
  scheduled_completion_date: string | null;
  original_scheduled_date: string | null;
  status: string;
  closed_date: string | null;
  risk_rating: string | null;
  vendor_dependency: boolean | null;
  comments: string | null;
  assessment_type: string | null;
  system_name: string | null;
  clock_start_date: string | null;
}

interface MilestoneRow {
  poam_item_id: number;
  sequence: number;
  description: string;
  due_date: string | null;
  completed_date: string | null;
}

/** Checks an `asOf` option: exports never read the clock, so the caller names the day. */
export function assertAsOf(asOf: string): void {
  if (!isIsoDate(asOf)) {
    throw new ExportError(
      'INVALID_OPTION',
      `asOf must be a date written YYYY-MM-DD, got "${asOf}"`,
    );
  }
}

/** The organization's POA&M items in catalog order, with milestones and the deadline arithmetic for `asOf`. */
export async function loadPoamItems(
  store: Store,
  organization: ExportOrganization,
  asOf: string,
): Promise<PoamExportItem[]> {
  return (
    (await loadPoamItemsByOrganization(store, [organization], asOf)).get(organization.id) ?? []
  );
}

/**
 * Every listed organization's POA&M items, keyed by organization id (an organization without items is absent), each
 * list in catalog order. Two queries whatever the number of organizations: a 10,000-supplier export must not run
 * two per supplier.
 */
export async function loadPoamItemsByOrganization(
  store: Store,
  organizations: readonly ExportOrganization[],
  asOf: string,
): Promise<Map<number, PoamExportItem[]>> {
  const byId = new Map(organizations.map((o) => [o.id, o]));
  const params = { org_id: organizations.length === 1 ? (organizations[0]?.id ?? null) : null };
  const rows = await store.all<PoamItemRow>(loadSql(SQL, 'poam-items'), params, { json: true });
  const milestoneRows = await store.all<MilestoneRow>(loadSql(SQL, 'poam-milestones'), params, {
    json: true,
  });
  const milestones = new Map<number, PoamMilestone[]>();
  for (const m of milestoneRows) {
    const list = milestones.get(m.poam_item_id) ?? [];
    list.push({
      sequence: m.sequence,
      description: m.description,
      dueDate: m.due_date,
      completedDate: m.completed_date,
    });
    milestones.set(m.poam_item_id, list);
  }
  const items = new Map<number, PoamExportItem[]>();
  for (const r of rows) {
    const organization = byId.get(r.organization_id);
    if (!organization) continue;
    const item = toExportItem(r, organization, milestones.get(r.id) ?? [], asOf);
    const list = items.get(organization.id);
    if (list) list.push(item);
    else items.set(organization.id, [item]);
  }
  return items;
}

/** The row's own fields, as read from the file: nothing computed at load time (original dates, links) goes in. */
function derivedPoamId(r: PoamItemRow, organization: ExportOrganization): string {
  return derivePoamId({
    cage: organization.cage,
    organizationNameKey: organization.nameKey,
    sourceSha256: r.source_sha256 ?? '',
    sheet: r.sheet,
    row: r.row_number,
    content: [
      r.nist_id,
      r.level,
      r.weakness,
      r.weakness_description,
      r.remediation_plan,
      r.owner,
      r.resources,
      r.detection_date,
      r.scheduled_completion_date,
      r.status,
      r.closed_date,
      r.risk_rating,
      r.vendor_dependency,
      r.comments,
    ],
  });
}

function toExportItem(
  r: PoamItemRow,
  organization: ExportOrganization,
  milestones: PoamMilestone[],
  asOf: string,
): PoamExportItem {
  const status = r.status === 'closed' ? 'closed' : 'open';
  const closeoutDeadline = r.clock_start_date
    ? addDays(r.clock_start_date, POAM_CLOSEOUT_DAYS)
    : null;
  const ageFrom = r.detection_date ?? r.clock_start_date;
  const daysToDeadline = closeoutDeadline ? daysBetween(asOf, closeoutDeadline) : null;
  const overdue =
    status === 'open' &&
    ((r.scheduled_completion_date !== null && r.scheduled_completion_date < asOf) ||
      (daysToDeadline !== null && daysToDeadline < 0));
  return {
    organization,
    poamKey: r.poam_key,
    poamId: r.poam_key ?? derivedPoamId(r, organization),
    nistId: r.nist_id,
    level: r.level,
    cmmcId: r.cmmc_id,
    requirementTitle: r.requirement_title,
    points: r.points,
    weakness: r.weakness,
    weaknessDescription: r.weakness_description,
    remediationPlan: r.remediation_plan,
    owner: r.owner,
    resources: r.resources,
    detectionDate: r.detection_date,
    scheduledCompletionDate: r.scheduled_completion_date,
    originalScheduledDate: r.original_scheduled_date,
    status,
    closedDate: r.closed_date,
    riskRating: r.risk_rating,
    vendorDependency: r.vendor_dependency,
    comments: r.comments,
    assessmentType: r.assessment_type,
    systemName: r.system_name,
    clockStartDate: r.clock_start_date,
    closeoutDeadline,
    ageDays: ageFrom ? daysBetween(ageFrom, asOf) : null,
    daysToDeadline,
    overdue,
    milestones,
  };
}

/** Milestones as FedRAMP's "Planned Milestones" cell writes them: `(1) 2026-10-01: text; (2) 2026-11-15: text`. */
export function formatMilestones(milestones: readonly PoamMilestone[]): string {
  return milestones
    .map((m) => {
      const due = m.dueDate ? ` ${m.dueDate}` : '';
      const done = m.completedDate ? ` (completed ${m.completedDate})` : '';
      return `(${m.sequence})${due}: ${m.description}${done}`;
    })
    .join('; ');
}
