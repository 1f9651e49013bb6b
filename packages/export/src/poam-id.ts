/**
 * FedRAMP treats a POA&M item's `POAM ID` as persistent: the same weakness keeps its id from one monthly submission to
 * the next. Most supplier POA&Ms carry their own id; for an item without one we derive an id from what the item is,
 * never from where it landed in our database (a row id changes when another portfolio is loaded first):
 * - the supplier: its CAGE code, else its folded name (`organizations.name_key`);
 * - the file it came from, by content: the SHA-256 recorded in `source_files`, so the same file gives the same ids in
 *   any database, loaded in any order, under any path;
 * - the row itself: its sheet and row number in that file and every field read from it.
 * A changed file is a new file, so its items get new ids; an unchanged file keeps them.
 */
import { createHash } from 'node:crypto';

/** What a derived POA&M id is computed from; every field comes from the supplier's file, none from the database. */
export interface PoamIdentity {
  /** CAGE code (any case), or null to use `organizationNameKey`. */
  cage: string | null;
  /** The organization's folded name (`organizations.name_key`). */
  organizationNameKey: string;
  /** SHA-256 (hex) of the source file's bytes. */
  sourceSha256: string;
  sheet: string | null;
  row: number | null;
  /** The fields read from the row, in a fixed order; dates as `YYYY-MM-DD`. */
  content: readonly (string | number | boolean | null)[];
}

/** Hex digits kept from the hash: 64 bits, so a million items collide with odds of about 1 in 40 million. */
const ID_HEX_DIGITS = 16;

/**
 * `POAM-` and 16 upper-case hex digits of SHA-256 over the supplier key, the file's hash, the row's place and its
 * fields (JSON-encoded, so no two different inputs can concatenate to the same text).
 */
export function derivePoamId(identity: PoamIdentity): string {
  const supplier = identity.cage
    ? `cage:${identity.cage.trim().toUpperCase()}`
    : `name:${identity.organizationNameKey}`;
  const name = JSON.stringify([
    'cmmc-portfolio/poam-id/1',
    supplier,
    identity.sourceSha256.toLowerCase(),
    identity.sheet,
    identity.row,
    identity.content,
  ]);
  const hex = createHash('sha256').update(name, 'utf8').digest('hex');
  return `POAM-${hex.slice(0, ID_HEX_DIGITS).toUpperCase()}`;
}
