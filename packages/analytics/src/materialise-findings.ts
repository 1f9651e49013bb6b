/**
 * When the analytics read `effective_findings` from its materialised copy instead of the view. A portfolio-wide query
 * reads every finding, so `Store.refreshEffectiveFindings` (store migration 004: a table kept per assessment, checked
 * against a fingerprint of its inputs, about 20-60 ms at 10,000 suppliers, and recomputed only for the assessments
 * written since) saves the aggregation each query would repeat: the 10,000-supplier report runs five such queries. A
 * query about one supplier reads about 110 findings through the view, so even the freshness check would cost more than
 * it saves (and a loop that writes between such queries, as the property tests do, would pay it every time).
 */
import type { Store } from '@cmmc/store';
import type { OrganizationSelector } from './organization-filter.js';

export async function materialiseForPortfolio(
  store: Store,
  organization: OrganizationSelector | undefined,
): Promise<void> {
  if (organization === undefined) await store.refreshEffectiveFindings();
}
