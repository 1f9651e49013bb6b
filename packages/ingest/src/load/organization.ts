/**
 * Which supplier a file belongs to. The same CAGE, or the same folded name, always resolves to the same row, so an
 * assessment and a POA&M sent separately join up ("Acme, Inc." and "ACME INC" and a folder named "acme" are one).
 */
import type { KnownOrganization, RunState } from './run-state.js';

const LEGAL_SUFFIXES = new Set([
  'inc',
  'incorporated',
  'llc',
  'ltd',
  'limited',
  'corp',
  'corporation',
  'co',
  'company',
  'plc',
  'lp',
  'llp',
  'pllc',
  'gmbh',
]);

/** Lower case, `&` as "and", punctuation folded, legal suffixes (Inc, LLC, Corp...) dropped. */
export function organizationNameKey(name: string): string {
  const words = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\bl\.l\.c\b/g, 'llc')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1] ?? '')) words.pop();
  return words.join(' ');
}

/** A CAGE code is five letters or digits; anything else is not one. */
export function normalizeCage(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const cage = raw.replace(/\s+/g, '').toUpperCase();
  return /^[0-9A-Z]{5}$/.test(cage) ? cage : null;
}

export interface OrganizationIdentity {
  name: string;
  cage: string | null;
  uei: string | null;
}

/** How resolveOrganization writes: the batch writer buffers a new row, or updates a known one. */
export interface OrganizationWrites {
  /** A new organization (its id already taken from the run's next ids). */
  insert(organization: KnownOrganization): void;
  /** Fills a known organization's missing CAGE / UEI; never overwrites one. */
  fill(organization: KnownOrganization, cage: string | null, uei: string | null): Promise<void>;
}

/**
 * Finds or creates the organization, looking it up in the run's state (the single writer keeps every organization in
 * memory) instead of querying per file.
 */
export async function resolveOrganization(
  state: RunState,
  identity: OrganizationIdentity,
  writes: OrganizationWrites,
): Promise<KnownOrganization> {
  const nameKey = organizationNameKey(identity.name) || identity.name.toLowerCase();
  const fill = async (row: KnownOrganization) => {
    if ((identity.cage && !row.cage) || (identity.uei && !row.uei)) {
      await writes.fill(row, identity.cage, identity.uei);
    }
    return row;
  };
  if (identity.cage) {
    const byCage = state.organizationByCage(identity.cage);
    if (byCage) return fill(byCage);
  }
  const byName = state.organizationByNameKey(nameKey);
  if (byName && (!identity.cage || !byName.cage)) return fill(byName);
  // Same name, another CAGE: a different company (or division); keep both, told apart by CAGE.
  const key = byName ? `${nameKey} ${identity.cage?.toLowerCase()}` : nameKey;
  if (byName) {
    const again = state.organizationByNameKey(key);
    if (again) return fill(again);
  }
  const created: KnownOrganization = {
    id: state.next.organization++,
    name: identity.name,
    nameKey: key,
    cage: identity.cage,
    uei: identity.uei,
  };
  writes.insert(created);
  return created;
}
