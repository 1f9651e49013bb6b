/**
 * A file name for one supplier's export: ASCII letters, digits and hyphens from the supplier's name, then its CAGE
 * code, then the kind and extension (`acme-defense-1abc2-poam.xlsx`). Nothing from the name can reach a path
 * separator, `..`, a drive letter or a control character, whatever the supplier typed.
 */
export function exportFileName(
  organization: { name: string; cage: string | null },
  kind: string,
  extension: string,
): string {
  const slug = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const parts = [
    slug(organization.name).slice(0, 60).replace(/-+$/, ''),
    slug(organization.cage ?? ''),
  ].filter((part) => part !== '');
  const base = parts.length > 0 ? parts.join('-') : 'supplier';
  return `${base}-${slug(kind) || 'export'}.${slug(extension) || 'dat'}`;
}
