// Reads the reference files in packages/catalog/reference/ (see its README) for tests that compare the catalog
// against them.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

const referenceDir = new URL('../../reference/', import.meta.url);

export function readReferenceCsv(name: string): Record<string, string>[] {
  const text = readFileSync(new URL(name, referenceDir), 'utf8');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new Error(`${name}: ${parsed.errors[0]?.message}`);
  return parsed.data;
}

/** A Markdown note in packages/catalog/reference/, as text. */
export function readReferenceNote(name: string): string {
  return readFileSync(new URL(name, referenceDir), 'utf8');
}
