// Reads the reference CSVs in shared/ (beside the repository) for tests that compare the catalog against them.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

const referenceDir =
  process.env.CMMC_REFERENCE_DIR ??
  new URL('../../../../../shared/reference/', import.meta.url).pathname;

export function readReferenceCsv(name: string): Record<string, string>[] {
  const text = readFileSync(`${referenceDir}/${name}`, 'utf8');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new Error(`${name}: ${parsed.errors[0]?.message}`);
  return parsed.data;
}

/** A research note in shared/research/ (beside shared/reference/), as text. */
export function readResearchNote(name: string): string {
  return readFileSync(`${referenceDir}/../research/${name}`, 'utf8');
}
