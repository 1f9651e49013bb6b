import type { CmmcLevel } from '@cmmc/catalog';
import { loadSql, type Store } from '@cmmc/store';
import { type OrganizationSelector, organizationParams } from './organization-filter.js';
import { sqlDir } from './sql-dir.js';

const statement = loadSql(sqlDir, 'supplier-poam-summaries');

/** Open items by days since detection. */
export interface PoamAgingBuckets {
  days0To30: number;
  days31To90: number;
  days91To180: number;
  over180: number;
  /** No detection date, or one after `asOf`. */
  unknown: number;
}

/** One supplier's POA&M at one level, as of a date. */
export interface SupplierPoamSummary {
  organizationId: number;
  organizationName: string;
  cage: string | null;
  level: CmmcLevel;
  /** The latest assessment at the level on `asOf`, whose status date starts the closeout clock. */
  assessmentId: number | null;
  openItems: number;
  closedItems: number;
  overdueItems: number;
  slippedItems: number;
  milestonesOverdue: number;
  aging: PoamAgingBuckets;
  lastScheduledCompletion: string | null;
  /** Status date + 180 days (32 CFR 170.21(b)); meaningful while the status is Conditional. */
  closeoutDeadline: string | null;
  daysToCloseout: number | null;
  /** Open items scheduled after the closeout deadline, or not scheduled at all. */
  openBeyondCloseout: number;
  /** Every open item is scheduled to finish by the closeout deadline; null without an assessment. */
  fitsCloseout: boolean | null;
}

interface SummaryRow {
  organization_id: number;
  organization_name: string;
  cage: string | null;
  level: number;
  assessment_id: number | null;
  open_items: number;
  closed_items: number;
  overdue_items: number;
  slipped_items: number;
  milestones_overdue: number;
  open_0_30: number;
  open_31_90: number;
  open_91_180: number;
  open_over_180: number;
  open_age_unknown: number;
  last_scheduled_completion: string | null;
  closeout_deadline: string | null;
  days_to_closeout: number | null;
  open_beyond_closeout: number;
  fits_closeout: boolean | null;
}

/** Per supplier and level: open / closed / overdue counts, aging buckets and the fit with the 180-day closeout. */
export async function supplierPoamSummaries(
  store: Store,
  options: { asOf: string; organization?: OrganizationSelector },
): Promise<SupplierPoamSummary[]> {
  const rows = await store.all<SummaryRow>(
    statement,
    {
      as_of: options.asOf,
      ...organizationParams(options.organization),
    },
    // thousands of rows at portfolio scale: read as JSON rows (see Store.all)
    { json: true },
  );
  return rows.map(toSupplierPoamSummary);
}

function toSupplierPoamSummary(row: SummaryRow): SupplierPoamSummary {
  return {
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    cage: row.cage,
    level: row.level as CmmcLevel,
    assessmentId: row.assessment_id,
    openItems: row.open_items,
    closedItems: row.closed_items,
    overdueItems: row.overdue_items,
    slippedItems: row.slipped_items,
    milestonesOverdue: row.milestones_overdue,
    aging: {
      days0To30: row.open_0_30,
      days31To90: row.open_31_90,
      days91To180: row.open_91_180,
      over180: row.open_over_180,
      unknown: row.open_age_unknown,
    },
    lastScheduledCompletion: row.last_scheduled_completion,
    closeoutDeadline: row.closeout_deadline,
    daysToCloseout: row.days_to_closeout,
    openBeyondCloseout: row.open_beyond_closeout,
    fitsCloseout: row.fits_closeout,
  };
}
