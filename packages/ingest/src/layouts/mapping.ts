/**
 * `--mapping map.json`: the layout of a sheet nobody foresaw, written by the user. Columns are named by header
 * text or by letter ("C"); status words the catalog does not know can be mapped to ones it does.
 *
 * ```json
 * { "sheet": "Controls", "headerRow": 3,
 *   "columns": { "id": "Ctrl #", "status": "RAG", "points": "E", "comments": "Notes", "date": "Checked" },
 *   "statusValues": { "Green": "MET", "Red": "NOT MET", "Amber": "Partially Implemented" },
 *   "poam": { "sheet": "Actions", "headerRow": 1,
 *             "columns": { "requirement": "Ctrl", "weakness": "Issue", "scheduled": "Due", "milestones": "Steps" } } }
 * ```
 */
import { readFile } from 'node:fs/promises';
import { normalizeFinding } from '@cmmc/catalog';
import { columnIndex, IngestError } from '../errors.js';
import type { Cell } from '../readers/sheet.js';
import type { AssessmentField, ColumnMap, PoamField } from './headers.js';
import { normalizeHeader } from './headers.js';

export interface StatusMapping {
  /** Worksheet name; omitted: every sheet whose header row holds the mapped columns (and the only sheet of a CSV). */
  sheet?: string;
  /** 1-based row of the column headers. */
  headerRow: number;
  columns: { id: string; status: string } & Partial<Record<AssessmentField, string>>;
}

export interface PoamMapping {
  sheet?: string;
  headerRow: number;
  /** At least one of requirement, controls, weakness, weaknessSource names the 800-171 id. */
  columns: Partial<Record<PoamField, string>>;
}

/** A layout the ingester does not recognise by itself. At least one of the status table or `poam` is given. */
export interface LayoutMapping {
  sheet?: string;
  headerRow?: number;
  columns?: StatusMapping['columns'];
  /** Supplier status word → a word the catalog knows (`MET`, `NOT MET`, `N/A`, `Partially Implemented`...). */
  statusValues?: Record<string, string>;
  poam?: PoamMapping;
}

function invalid(file: string, detail: string): IngestError {
  return new IngestError('MAPPING_INVALID', { file }, detail);
}

function checkTable(file: string, where: string, value: unknown, required: string[]): void {
  if (typeof value !== 'object' || value === null)
    throw invalid(file, `${where} must be an object`);
  const v = value as Record<string, unknown>;
  if (!Number.isInteger(v.headerRow) || (v.headerRow as number) < 1) {
    throw invalid(file, `${where}.headerRow must be a row number (1 or more)`);
  }
  if (v.sheet !== undefined && typeof v.sheet !== 'string') {
    throw invalid(file, `${where}.sheet must be a sheet name`);
  }
  const columns = v.columns as Record<string, unknown> | undefined;
  if (typeof columns !== 'object' || columns === null) {
    throw invalid(file, `${where}.columns must map fields to header texts or column letters`);
  }
  for (const name of required) {
    if (typeof columns[name] !== 'string' || columns[name] === '') {
      throw invalid(
        file,
        `${where}.columns.${name} is required (a header text or a column letter)`,
      );
    }
  }
  for (const [name, ref] of Object.entries(columns)) {
    if (typeof ref !== 'string') throw invalid(file, `${where}.columns.${name} must be a string`);
  }
}

/** Reads and checks a mapping file; a mistake is a MAPPING_INVALID error naming the field. */
export async function loadMapping(path: string): Promise<LayoutMapping> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new IngestError(
      'MAPPING_INVALID',
      { file: path },
      `cannot read the mapping: ${(cause as Error).message}`,
      { cause },
    );
  }
  return validateMapping(parsed, path);
}

export function validateMapping(value: unknown, file: string): LayoutMapping {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(file, 'the mapping must be a JSON object');
  }
  const m = value as LayoutMapping;
  if (m.columns === undefined && m.poam === undefined) {
    throw invalid(file, 'give "columns" (a status table) or "poam" (a POA&M table), or both');
  }
  if (m.columns !== undefined) checkTable(file, 'mapping', m, ['id', 'status']);
  if (m.poam !== undefined) {
    checkTable(file, 'poam', m.poam, []);
    // The 800-171 id may sit in a Requirement column or, as in the FedRAMP template, in Controls or the weakness.
    const keyed = ['requirement', 'controls', 'weakness', 'weaknessSource'];
    const columns = (m.poam as { columns: Record<string, unknown> }).columns;
    if (!keyed.some((k) => typeof columns[k] === 'string' && columns[k] !== '')) {
      throw invalid(
        file,
        'poam.columns needs the column that names the requirement: requirement, controls, weakness or weaknessSource',
      );
    }
  }
  if (m.statusValues !== undefined) {
    for (const [word, meaning] of Object.entries(m.statusValues)) {
      if (typeof meaning !== 'string' || !normalizeFinding(meaning).ok) {
        throw invalid(
          file,
          `statusValues["${word}"] must be a status the catalog knows (MET, NOT MET, N/A, Partially Implemented...), got ${JSON.stringify(meaning)}`,
        );
      }
    }
  }
  return m;
}

/** Resolves header texts / letters against a header row; null when a named header is missing. */
export function resolveColumns<F extends string>(
  header: readonly Cell[],
  refs: Partial<Record<F, string>>,
): { columns: ColumnMap<F>; missing: string[] } {
  const columns: ColumnMap<F> = {};
  const missing: string[] = [];
  const names = header.map((c) => normalizeHeader(c.text));
  for (const [field, ref] of Object.entries(refs) as [F, string][]) {
    const byName = names.indexOf(normalizeHeader(ref));
    const index = byName >= 0 ? byName : columnIndex(ref.trim());
    if (index === undefined) missing.push(`${field} "${ref}"`);
    else columns[field] = index;
  }
  return { columns, missing };
}
