/**
 * Which supplier a file belongs to. The same CAGE, or the same folded name, always resolves to the same row, so an
 * assessment and a POA&M sent separately join up ("Acme, Inc." and "ACME INC" and a folder named "acme" are one).
 */
import type { Transaction } from '@cmmc/store';
import { sql } from './sql.js';

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

interface OrganizationRow {
  id: number;
  name: string;
  cage: string | null;
  uei: string | null;
}

/** Finds or creates the organization; `nextId` is the next free id, used only when one is created. */
export async function resolveOrganization(
  tx: Transaction,
  identity: OrganizationIdentity,
  nextId: number,
): Promise<OrganizationRow> {
  const nameKey = organizationNameKey(identity.name) || identity.name.toLowerCase();
  const fill = async (row: OrganizationRow) => {
    if ((identity.cage && !row.cage) || (identity.uei && !row.uei)) {
      await tx.run(sql('update-organization-identifiers'), {
        id: row.id,
        cage: identity.cage,
        uei: identity.uei,
      });
    }
    return row;
  };
  if (identity.cage) {
    const [byCage] = await tx.all<OrganizationRow>(sql('find-organization-by-cage'), {
      cage: identity.cage,
    });
    if (byCage) return fill(byCage);
  }
  const [byName] = await tx.all<OrganizationRow>(sql('find-organization-by-name-key'), {
    name_key: nameKey,
  });
  if (byName && (!identity.cage || !byName.cage)) return fill(byName);
  // Same name, another CAGE: a different company (or division); keep both, told apart by CAGE.
  const key = byName ? `${nameKey} ${identity.cage?.toLowerCase()}` : nameKey;
  if (byName) {
    const [again] = await tx.all<OrganizationRow>(sql('find-organization-by-name-key'), {
      name_key: key,
    });
    if (again) return fill(again);
  }
  await tx.append('organizations', [
    [nextId, identity.name, key, identity.cage, identity.uei, new Date().toISOString()],
  ]);
  return { id: nextId, name: identity.name, cage: identity.cage, uei: identity.uei };
}
