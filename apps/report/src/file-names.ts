/**
 * Output file names for supplier reports, made by `@cmmc/export`'s file-name rules (letters readable, no path
 * characters, at most 255 bytes), and never the same twice in a batch (`acme-1abc2`, `acme-1abc2-2`, …).
 */
import { fileNamePart, fileNameSupplierPart, joinFileName } from '@cmmc/export';

/**
 * A file name for a supplier's report: `<name>-<cage>.<extension>`, e.g. `acme-widgets-1abc2.pdf`.
 * `../../etc/passwd` becomes `etc-passwd.pdf`; `Ørsted Mekanik` becomes `orsted-mekanik.pdf`; a name with nothing
 * usable becomes `supplier.pdf`.
 *
 * @param used names already given in this batch; the returned name is added to it. Compared
 *   case-insensitively, so the batch is safe on case-insensitive file systems.
 */
export function supplierReportFileName(
  supplier: { organizationName: string; cage: string | null },
  extension: 'pdf' | 'html',
  used?: Set<string>,
): string {
  return joinFileName(
    [fileNameSupplierPart(supplier.organizationName), fileNamePart(supplier.cage ?? '')],
    extension,
    { fallback: 'supplier', ...(used ? { used } : {}) },
  );
}
