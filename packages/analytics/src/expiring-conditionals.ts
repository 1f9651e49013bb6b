import type { CmmcLevel, CmmcStatus } from '@cmmc/catalog';
import type { Store } from '@cmmc/store';
import { type SupplierScore, supplierScores } from './supplier-scores.js';

/** Disjoint windows: 0-30, 31-60, 61-90 days left, or already past the 180-day closeout. */
export type ExpiryWindow = 'PAST' | 'WITHIN_30' | 'WITHIN_60' | 'WITHIN_90';

export interface ExpiringConditional {
  organizationId: number;
  organizationName: string;
  cage: string | null;
  level: CmmcLevel;
  assessmentId: number;
  status: CmmcStatus;
  statusDate: string;
  closeoutDeadline: string;
  /** Negative once past. */
  daysToDeadline: number;
  window: ExpiryWindow;
}

export interface ExpiringConditionals {
  asOf: string;
  /** Soonest deadline first; suppliers already past come first of all. */
  suppliers: ExpiringConditional[];
  counts: Record<ExpiryWindow, number>;
}

function windowOf(days: number): ExpiryWindow | null {
  if (days < 0) return 'PAST';
  if (days <= 30) return 'WITHIN_30';
  if (days <= 60) return 'WITHIN_60';
  if (days <= 90) return 'WITHIN_90';
  return null;
}

/**
 * Suppliers whose Conditional status expires within 30, 60 or 90 days (32 CFR 170.21(b): status date + 180 days,
 * day 180 the last valid day), and those whose Conditional status already expired with POA&M items open. Reads the
 * latest assessment per level from `supplierScores`; pass `scores` when they are already at hand.
 */
export async function expiringConditionals(
  store: Store,
  options: { asOf: string; scores?: readonly SupplierScore[] },
): Promise<ExpiringConditionals> {
  const scores = options.scores ?? (await supplierScores(store, { asOf: options.asOf }));
  const suppliers: ExpiringConditional[] = [];
  for (const s of scores) {
    const inPlay =
      s.status === 'CONDITIONAL' ||
      (s.status === 'EXPIRED' && s.reasons.some((r) => r.code === 'CONDITIONAL_WINDOW_PASSED'));
    if (!inPlay || s.closeoutDeadline === null || s.daysToDeadline === null) continue;
    if (s.statusDate === null) continue;
    const window = windowOf(s.daysToDeadline);
    if (window === null) continue;
    suppliers.push({
      organizationId: s.organizationId,
      organizationName: s.organizationName,
      cage: s.cage,
      level: s.level,
      assessmentId: s.assessmentId,
      status: s.status,
      statusDate: s.statusDate,
      closeoutDeadline: s.closeoutDeadline,
      daysToDeadline: s.daysToDeadline,
      window,
    });
  }
  suppliers.sort(
    (a, b) =>
      a.daysToDeadline - b.daysToDeadline || a.organizationName.localeCompare(b.organizationName),
  );
  const counts: Record<ExpiryWindow, number> = {
    PAST: 0,
    WITHIN_30: 0,
    WITHIN_60: 0,
    WITHIN_90: 0,
  };
  for (const s of suppliers) counts[s.window] += 1;
  return { asOf: options.asOf, suppliers, counts };
}
