import { loadSql, type Store } from '@cmmc/store';
import { ExportError } from './errors.js';

const SQL = new URL('../sql/', import.meta.url);

/** A supplier as exports name it. */
export interface ExportOrganization {
  id: number;
  name: string;
  nameKey: string;
  cage: string | null;
}

/** Which suppliers to export: one by name or CAGE code, or `'all'`. */
export type OrganizationSelector = string | 'all';

function foldName(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * The organizations `selector` names: every one for `'all'` (or when omitted), else the one whose CAGE code, name or
 * folded name matches (case-insensitive).
 * @throws ExportError ORGANIZATION_NOT_FOUND when nothing matches; NOTHING_TO_EXPORT when the store is empty.
 */
export async function selectOrganizations(
  store: Store,
  selector: OrganizationSelector | undefined,
): Promise<ExportOrganization[]> {
  const rows = await store.all<{ id: number; name: string; name_key: string; cage: string | null }>(
    loadSql(SQL, 'organizations'),
  );
  const all = rows.map((r) => ({ id: r.id, name: r.name, nameKey: r.name_key, cage: r.cage }));
  if (selector === undefined || selector === 'all') {
    if (all.length === 0)
      throw new ExportError('NOTHING_TO_EXPORT', 'the database holds no suppliers yet');
    return all;
  }
  const wanted = selector.trim();
  const byCage = all.filter(
    (o) => o.cage !== null && o.cage.toUpperCase() === wanted.toUpperCase(),
  );
  if (byCage.length > 0) return byCage;
  const byName = all.filter(
    (o) =>
      o.name.toLowerCase() === wanted.toLowerCase() ||
      foldName(o.name) === foldName(wanted) ||
      o.nameKey === wanted.toLowerCase(),
  );
  if (byName.length > 0) return byName.slice(0, 1);
  throw new ExportError(
    'ORGANIZATION_NOT_FOUND',
    `no supplier named or with CAGE code "${selector}"; known suppliers: ${all.map((o) => o.name).join(', ') || 'none'}`,
  );
}
