/**
 * When the analytics read `effective_findings` from a snapshot instead of the view. A portfolio-wide query reads every
 * finding, so the snapshot (`Store.refreshEffectiveFindings`, built once and dropped by any write) saves the
 * aggregation each later query would repeat: the 10,000-supplier report runs five such queries. A query about one
 * supplier reads about 110 findings through the view, which DuckDB filters before aggregating, so building a
 * portfolio-wide snapshot for it would cost more than it saves (and a loop that writes between such queries, as the
 * property tests do, would rebuild it every time).
 */
import type { Store } from '@cmmc/store';
import type { OrganizationSelector } from './organization-filter.js';

export async function materialiseForPortfolio(
  store: Store,
  organization: OrganizationSelector | undefined,
): Promise<void> {
  if (organization === undefined) await store.refreshEffectiveFindings();
}
