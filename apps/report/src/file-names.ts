/**
 * Output file names for supplier reports. A supplier name comes from spreadsheet data, so it must never
 * reach the file system as a path: only ASCII letters, digits and single hyphens survive, the length is
 * bounded, and a batch never gets the same name twice (`acme-1abc2`, `acme-1abc2-2`, …).
 */

/** Longest stem before the extension; leaves room for a `-NN` suffix within common 255-byte limits. */
const MAX_STEM_LENGTH = 80;

/** Folds accents to ASCII and reduces everything else to hyphen-separated lowercase words. */
function slugOf(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function truncate(stem: string, length: number): string {
  return stem.length <= length ? stem : stem.slice(0, length).replace(/-+$/, '');
}

/**
 * A file name for a supplier's report: `<name>-<cage>.<extension>`, e.g. `acme-widgets-1abc2.pdf`.
 * `../../etc/passwd` becomes `etc-passwd.pdf`; a name with nothing usable becomes `supplier.pdf`.
 *
 * @param used names already given in this batch; the returned name is added to it. Compared
 *   case-insensitively, so the batch is safe on case-insensitive file systems.
 */
export function supplierReportFileName(
  supplier: { organizationName: string; cage: string | null },
  extension: 'pdf' | 'html',
  used?: Set<string>,
): string {
  const cage = supplier.cage === null ? '' : slugOf(supplier.cage).slice(0, 10);
  const name = truncate(slugOf(supplier.organizationName), MAX_STEM_LENGTH - cage.length - 1);
  const stem = [name, cage].filter((part) => part !== '').join('-') || 'supplier';
  let candidate = `${stem}.${extension}`;
  for (let counter = 2; used?.has(candidate.toLowerCase()); counter += 1) {
    candidate = `${stem}-${counter}.${extension}`;
  }
  used?.add(candidate.toLowerCase());
  return candidate;
}
