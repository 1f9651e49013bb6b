/**
 * `suppliers.csv` beside the files: which supplier each file or folder belongs to. Columns (any order, aliases
 * allowed): name, CAGE, file or folder; optionally level, assessment type, UEI, assessment date, status date,
 * affirmation date, assessment purpose (closeout) and required status (the CMMC status a contract requires of the
 * supplier: L1, L2-self, L2-c3pao or L3, read by `cmmc eligibility`).
 */

import { posix, sep } from 'node:path';
import { type CmmcLevel, parseRequiredStatus, type RequiredStatus } from '@cmmc/catalog';
import { columnLetter, formatLocation, IngestError } from './errors.js';
import { matchColumns } from './layouts/headers.js';
import { AFFIRMATION_DATE_LABELS } from './layouts/metadata.js';
import { type RejectedRow, rawValuesOf } from './layouts/parsed.js';
import {
  type AssessmentType,
  parseAssessmentPurpose,
  parseAssessmentType,
  parseLevel,
} from './load/facts.js';
import { normalizeCage } from './load/organization.js';
import { readCsv } from './readers/read-csv.js';
import { cellAt, displayRow, isBlankRow } from './readers/sheet.js';
import { type DateOrder, inferDateOrder, parseDateCell } from './values/parse-date.js';

export const MANIFEST_NAME = 'suppliers.csv';

export interface ManifestEntry {
  /** The file or folder, relative to the manifest's folder, with `/` separators and no trailing slash. */
  path: string;
  name: string | null;
  cage: string | null;
  uei: string | null;
  level: CmmcLevel | null;
  assessmentType: AssessmentType | null;
  assessmentDate: string | null;
  statusDate: string | null;
  /** The supplier's latest annual affirmation in SPRS (32 CFR 170.22). */
  affirmationDate: string | null;
  /** 'closeout' when the row marks the file as a POA&M closeout assessment (32 CFR 170.21(b)). */
  assessmentPurpose: 'closeout' | null;
  /** The CMMC status a contract requires of the supplier; null when the column is empty or absent. */
  requiredStatus: RequiredStatus | null;
  /** Where the entry is, for messages: `suppliers.csv › row 3`. */
  row: number;
}

const MANIFEST_ALIASES = {
  name: [
    'name',
    'supplier',
    'supplier name',
    'organization',
    'organization name',
    'company',
    'company name',
  ],
  cage: ['cage', 'cage code'],
  uei: ['uei', 'sam uei'],
  path: ['file', 'folder', 'path', 'file or folder', 'files', 'directory'],
  level: ['level', 'cmmc level'],
  type: ['assessment type', 'type'],
  assessmentDate: ['assessment date', 'date'],
  statusDate: ['status date', 'cmmc status date'],
  affirmationDate: AFFIRMATION_DATE_LABELS,
  purpose: ['assessment purpose', 'purpose'],
  requiredStatus: ['required status', 'required cmmc status', 'required level', 'requires'],
} as const;

/** A suppliers.csv row that could not be used: skipped, with its place and reason; the other rows apply. */
export type ManifestProblem = RejectedRow;

/**
 * Reads suppliers.csv. A file without a usable header row is refused (MANIFEST_INVALID); a bad row (an unreadable
 * date, a CAGE that is not one) is skipped and reported with its line and column, never the whole manifest.
 */
export function readManifest(
  bytes: Buffer,
  file: string,
  dateOrder?: DateOrder,
  problems: ManifestProblem[] = [],
): ManifestEntry[] {
  const document = readCsv(bytes, file);
  const sheet = document.sheets[0];
  if (!sheet) return [];
  const headerIndex = sheet.rows.findIndex((row) => {
    const c = matchColumns(row, MANIFEST_ALIASES);
    return c.path !== undefined && (c.name !== undefined || c.cage !== undefined);
  });
  if (headerIndex < 0) {
    throw new IngestError(
      'MANIFEST_INVALID',
      { file },
      'suppliers.csv needs a header row with a "file" (or "folder") column and a "name" or "CAGE" column',
    );
  }
  const columns = matchColumns(sheet.rows[headerIndex] ?? [], MANIFEST_ALIASES);
  // The manifest is the user's own file: its dates that read both ways follow the order its other dates prove.
  const order = dateOrder ?? inferDateOrder(document.sheets).proven?.order;
  const entries: ManifestEntry[] = [];
  for (let r = headerIndex + 1; r < sheet.rows.length; r++) {
    if (isBlankRow(sheet.rows[r])) continue;
    const text = (c: number | undefined) => (c === undefined ? '' : cellAt(sheet, r, c).text);
    const row = displayRow(sheet, r);
    const path = text(columns.path).split(sep).join('/').replace(/^\.\//, '').replace(/\/+$/, '');
    if (path === '') continue;
    const header = sheet.rows[headerIndex] ?? [];
    let problem: ManifestProblem | null = null;
    const refuse = (c: number, detail: string) => {
      const column = columnLetter(c);
      const heading = header[c]?.text || undefined;
      problem ??= {
        sheet: null,
        row,
        column,
        header: heading ?? null,
        reason: 'MANIFEST_INVALID',
        message: `${formatLocation({ file, row, column, ...(heading ? { header: heading } : {}) })}: ${detail}; the row is skipped, the other rows apply`,
        rawValues: rawValuesOf(header, sheet.rows[r] ?? []),
      };
    };
    const date = (c: number | undefined) => {
      if (c === undefined) return null;
      const parsed = parseDateCell(cellAt(sheet, r, c), order);
      if (parsed && !parsed.ok) {
        refuse(c, parsed.message);
        return null;
      }
      return parsed?.iso ?? null;
    };
    const rawCage = text(columns.cage);
    const cage = normalizeCage(rawCage);
    if (rawCage !== '' && cage === null && columns.cage !== undefined) {
      refuse(columns.cage, `"${rawCage}" is not a CAGE code (five letters or digits)`);
    }
    const assessmentDate = date(columns.assessmentDate);
    const statusDate = date(columns.statusDate);
    const affirmationDate = date(columns.affirmationDate);
    const rawRequired = text(columns.requiredStatus);
    const requiredStatus = parseRequiredStatus(rawRequired);
    if (rawRequired !== '' && requiredStatus === null && columns.requiredStatus !== undefined) {
      refuse(
        columns.requiredStatus,
        `required status "${rawRequired}" is not one of L1, L2-self, L2-c3pao, L3`,
      );
    }
    if (problem) {
      problems.push(problem);
      continue;
    }
    entries.push({
      path: posix.normalize(path),
      name: text(columns.name) || null,
      cage,
      uei: text(columns.uei) || null,
      level: parseLevel(text(columns.level)),
      assessmentType: parseAssessmentType(text(columns.type)),
      assessmentDate,
      statusDate,
      affirmationDate,
      assessmentPurpose: parseAssessmentPurpose(text(columns.purpose)),
      requiredStatus,
      row,
    });
  }
  return entries;
}

/** The entry for a file: its own path, or the deepest folder entry that contains it. */
export function manifestEntryFor(
  entries: readonly ManifestEntry[],
  relativePath: string,
): ManifestEntry | undefined {
  return manifestLookup(entries)(relativePath);
}

/**
 * `manifestEntryFor` over one manifest for many files: the entries are indexed by path once, and each file looks up
 * only its own path, the folders above it and `.`, instead of testing every entry (1,000 files against 1,000 entries
 * was a million string tests and template strings). The same entry wins: the longest matching path, and of two of
 * the same length (`.` and a one-letter folder) the one listed first.
 */
export function manifestLookup(
  entries: readonly ManifestEntry[],
): (relativePath: string) => ManifestEntry | undefined {
  const byPath = new Map<string, { entry: ManifestEntry; order: number }>();
  entries.forEach((entry, order) => {
    if (!byPath.has(entry.path)) byPath.set(entry.path, { entry, order });
  });
  return (relativePath) => {
    const target = relativePath.split(sep).join('/');
    let best: { entry: ManifestEntry; order: number } | undefined;
    const consider = (path: string) => {
      const found = byPath.get(path);
      if (!found) return;
      if (
        !best ||
        found.entry.path.length > best.entry.path.length ||
        (found.entry.path.length === best.entry.path.length && found.order < best.order)
      ) {
        best = found;
      }
    };
    consider(target);
    consider('.');
    // Every folder above the file (`target` starts with `${folder}/`).
    for (let i = target.indexOf('/'); i >= 0; i = target.indexOf('/', i + 1)) {
      consider(target.slice(0, i));
    }
    return best?.entry;
  };
}
