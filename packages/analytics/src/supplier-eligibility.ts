import type { EligibilityReasonCode, RequiredStatus, StatusKind } from '@cmmc/catalog';
import { loadSql, type Store } from '@cmmc/store';
import { materialiseForPortfolio } from './materialise-findings.js';
import { type OrganizationSelector, organizationParams } from './organization-filter.js';
import { sqlDir } from './sql-dir.js';

const statement = loadSql(sqlDir, 'supplier-eligibility');

/**
 * Whether a supplier may be awarded a contract or subcontract requiring a CMMC status on a day (32 CFR 170.15(b),
 * 170.22; DFARS 252.204-7021), as the store's `supplier_eligibility` table macro decides it.
 */
export interface SupplierEligibility {
  organizationId: number;
  organizationName: string;
  cage: string | null;
  /** The status required: from the option, else the supplier's required_status in suppliers.csv, else L2-self. */
  required: RequiredStatus;
  requiredSource: 'option' | 'suppliers.csv' | 'default';
  eligible: boolean;
  /** The kind of the status that decides; null when the supplier has no dated assessment of a qualifying kind. */
  statusKind: StatusKind | null;
  statusLabel: string | null;
  status: string | null;
  statusExpiresOn: string | null;
  closeoutDeadline: string | null;
  /** Whether the deciding status's yearly affirmation is current; null without a status in force. */
  affirmationCurrent: boolean | null;
  affirmationDueOn: string | null;
  /** Empty when eligible. */
  reasons: { code: EligibilityReasonCode; message: string }[];
}

export interface SupplierEligibilityOptions {
  asOf: string;
  /** Judge every supplier against this status; left out, each supplier's own required_status decides. */
  required?: RequiredStatus;
  organization?: OrganizationSelector;
}

interface EligibilityRow {
  organization_id: number;
  organization_name: string;
  cage: string | null;
  required_status: string;
  required_source: string;
  eligible: boolean;
  status_kind: string | null;
  status_label: string | null;
  status: string | null;
  status_expires_on: string | null;
  closeout_deadline: string | null;
  affirmation_current: boolean | null;
  affirmation_due_on: string | null;
  reasons: { code: EligibilityReasonCode; message: string }[];
}

/** One row per supplier, eligible or not, in name order. */
export async function supplierEligibility(
  store: Store,
  options: SupplierEligibilityOptions,
): Promise<SupplierEligibility[]> {
  await materialiseForPortfolio(store, options.organization);
  const rows = await store.all<EligibilityRow>(
    statement,
    {
      as_of: options.asOf,
      required: options.required ?? null,
      ...organizationParams(options.organization),
    },
    { json: true },
  );
  return rows.map((r) => ({
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    cage: r.cage,
    required: r.required_status as RequiredStatus,
    requiredSource: r.required_source as SupplierEligibility['requiredSource'],
    eligible: r.eligible,
    statusKind: r.status_kind as StatusKind | null,
    statusLabel: r.status_label,
    status: r.status,
    statusExpiresOn: r.status_expires_on,
    closeoutDeadline: r.closeout_deadline,
    affirmationCurrent: r.affirmation_current,
    affirmationDueOn: r.affirmation_due_on,
    reasons: r.reasons.map((x) => ({ code: x.code, message: x.message })),
  }));
}
