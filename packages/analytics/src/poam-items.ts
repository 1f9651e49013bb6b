import type { CmmcLevel } from '@cmmc/catalog';
import { loadSql, type Store } from '@cmmc/store';
import { type OrganizationSelector, organizationParams } from './organization-filter.js';
import { sqlDir } from './sql-dir.js';

const statement = loadSql(sqlDir, 'poam-items');

export interface PoamMilestone {
  sequence: number;
  description: string;
  dueDate: string | null;
  completedDate: string | null;
  /** Due before `asOf` and not completed. */
  overdue: boolean;
}

/** One POA&M item aged as of a date. */
export interface PoamItem {
  id: number;
  organizationId: number;
  organizationName: string;
  cage: string | null;
  /** The item's assessment, or (unlinked item) the organization's latest assessment at its level. */
  assessmentId: number | null;
  level: CmmcLevel;
  nistId: string;
  cmmcId: string | null;
  title: string | null;
  points: number | null;
  poamKey: string | null;
  weakness: string | null;
  /** As of `asOf`: closed when marked closed with a closed date not after `asOf`. */
  status: 'open' | 'closed';
  detectionDate: string | null;
  scheduledCompletionDate: string | null;
  originalScheduledDate: string | null;
  closedDate: string | null;
  /** Days since detection (`asOf` - detection) while open; closed date - detection once closed. */
  ageDays: number | null;
  /** Scheduled completion - `asOf`; negative when past. */
  daysToScheduled: number | null;
  /** Open and scheduled completion before `asOf`. */
  overdue: boolean;
  /** Scheduled later than first scheduled. */
  slipped: boolean;
  slipDays: number | null;
  milestones: PoamMilestone[];
  milestonesOverdue: number;
  /** Status date + 180 days of the item's assessment (32 CFR 170.21(b)). */
  closeoutDeadline: string | null;
  daysToCloseout: number | null;
  /** Scheduled completion on or before the closeout deadline; null when either is unknown. */
  fitsCloseout: boolean | null;
}

export interface PoamItemsOptions {
  asOf: string;
  organization?: OrganizationSelector;
  overdueOnly?: boolean;
}

interface MilestoneRow {
  sequence: number;
  description: string;
  due_date: string | null;
  completed_date: string | null;
  overdue: boolean;
}

interface PoamItemRow {
  id: number;
  organization_id: number;
  organization_name: string;
  cage: string | null;
  assessment_id: number | null;
  level: number;
  nist_id: string;
  cmmc_id: string | null;
  title: string | null;
  points: number | null;
  poam_key: string | null;
  weakness: string | null;
  status: string;
  detection_date: string | null;
  scheduled_completion_date: string | null;
  original_scheduled_date: string | null;
  closed_date: string | null;
  age_days: number | null;
  days_to_scheduled: number | null;
  overdue: boolean;
  slipped: boolean;
  slip_days: number | null;
  milestones: MilestoneRow[];
  milestones_overdue: number;
  closeout_deadline: string | null;
  days_to_closeout: number | null;
  fits_closeout: boolean | null;
}

/** Every POA&M item with its age, schedule, slip and milestones, as of `asOf`. */
export async function poamItems(store: Store, options: PoamItemsOptions): Promise<PoamItem[]> {
  const rows = await store.all<PoamItemRow>(statement, {
    as_of: options.asOf,
    overdue_only: options.overdueOnly ?? false,
    ...organizationParams(options.organization),
  });
  return rows.map(toPoamItem);
}

function toPoamItem(row: PoamItemRow): PoamItem {
  return {
    id: row.id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    cage: row.cage,
    assessmentId: row.assessment_id,
    level: row.level as CmmcLevel,
    nistId: row.nist_id,
    cmmcId: row.cmmc_id,
    title: row.title,
    points: row.points,
    poamKey: row.poam_key,
    weakness: row.weakness,
    status: row.status as 'open' | 'closed',
    detectionDate: row.detection_date,
    scheduledCompletionDate: row.scheduled_completion_date,
    originalScheduledDate: row.original_scheduled_date,
    closedDate: row.closed_date,
    ageDays: row.age_days,
    daysToScheduled: row.days_to_scheduled,
    overdue: row.overdue,
    slipped: row.slipped,
    slipDays: row.slip_days,
    milestones: row.milestones.map((m) => ({
      sequence: m.sequence,
      description: m.description,
      dueDate: m.due_date,
      completedDate: m.completed_date,
      overdue: m.overdue,
    })),
    milestonesOverdue: row.milestones_overdue,
    closeoutDeadline: row.closeout_deadline,
    daysToCloseout: row.days_to_closeout,
    fitsCloseout: row.fits_closeout,
  };
}
