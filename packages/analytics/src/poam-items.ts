import type { CmmcLevel } from '@cmmc/catalog';
import { loadSql, type SqlStatement, type Store } from '@cmmc/store';
import { type OrganizationSelector, organizationParams } from './organization-filter.js';
import { sqlDir } from './sql-dir.js';

const statement = loadSql(sqlDir, 'poam-items');

/**
 * The same query with only what a supplier scorecard prints, read as JSON rows: at 10,000 suppliers (61,000 items,
 * 183,000 milestones) 1.3-1.6 s instead of 2.3-2.4 s, most of it the reading of columns nobody uses. Ordered within
 * each supplier and level as poam-items.sql orders them (suppliers by id, not by name).
 */
const scorecardStatement: SqlStatement = {
  name: 'poam-items (scorecard columns)',
  text: `select organization_id, level, nist_id, title, weakness, status, detection_date, scheduled_completion_date,
  age_days, overdue, milestones
from (
${statement.text.trimEnd().replace(/;$/, '')}
) as q
order by organization_id, level, scheduled_completion_date nulls last, id`,
};

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

function toMilestone(m: MilestoneRow): PoamMilestone {
  return {
    sequence: m.sequence,
    description: m.description,
    dueDate: m.due_date,
    completedDate: m.completed_date,
    overdue: m.overdue,
  };
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
    milestones: row.milestones.map(toMilestone),
    milestonesOverdue: row.milestones_overdue,
    closeoutDeadline: row.closeout_deadline,
    daysToCloseout: row.days_to_closeout,
    fitsCloseout: row.fits_closeout,
  };
}

/** What a supplier scorecard prints of a POA&M item (scorecardPoamItems). */
export type ScorecardPoamItem = Pick<
  PoamItem,
  | 'organizationId'
  | 'level'
  | 'nistId'
  | 'title'
  | 'weakness'
  | 'status'
  | 'detectionDate'
  | 'scheduledCompletionDate'
  | 'ageDays'
  | 'overdue'
  | 'milestones'
>;

/**
 * Every POA&M item as `poamItems` gives it, with only the fields a supplier scorecard prints: for building every
 * supplier's scorecard at once, where the other fields cost most of the query's time.
 */
export async function scorecardPoamItems(
  store: Store,
  options: Pick<PoamItemsOptions, 'asOf'>,
): Promise<ScorecardPoamItem[]> {
  const rows = await store.all<PoamItemRow>(
    scorecardStatement,
    { as_of: options.asOf, overdue_only: false, ...organizationParams(undefined) },
    { json: true },
  );
  return rows.map((row) => ({
    organizationId: row.organization_id,
    level: row.level as CmmcLevel,
    nistId: row.nist_id,
    title: row.title,
    weakness: row.weakness,
    status: row.status as 'open' | 'closed',
    detectionDate: row.detection_date,
    scheduledCompletionDate: row.scheduled_completion_date,
    ageDays: row.age_days,
    overdue: row.overdue,
    milestones: row.milestones.map(toMilestone),
  }));
}
