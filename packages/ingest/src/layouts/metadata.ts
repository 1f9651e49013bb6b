/**
 * Label/value cells around the tables: "Company: Acme", "CAGE | 1ABC2", FedRAMP's label row with values below it
 * (CSP | System Name | Impact Level | POAM Date), "SPRS Score: 95". Only the rows above a table's header, and sheets
 * with no table at all (a cover sheet), are read, so a "Date" column header is never taken for a label.
 */

import { columnLetter } from '../errors.js';
import type { Cell, Sheet } from '../readers/sheet.js';
import { displayRow } from '../readers/sheet.js';
import { normalizeHeader } from './headers.js';

export type MetadataKey =
  | 'organization'
  | 'cage'
  | 'uei'
  | 'assessmentDate'
  | 'statusDate'
  | 'affirmationDate'
  | 'assessmentType'
  | 'level'
  | 'score'
  | 'systemName'
  | 'scope'
  | 'poamDate'
  | 'impactLevel'
  | 'assessmentPurpose';

/** How files and suppliers.csv name the date of the latest annual affirmation in SPRS (32 CFR 170.22). */
export const AFFIRMATION_DATE_LABELS = [
  'affirmation date',
  'date of affirmation',
  'affirmed on',
  'last affirmation',
  'last affirmation date',
  'latest affirmation',
  'annual affirmation',
  'annual affirmation date',
  'sprs affirmation date',
  'cmmc affirmation date',
] as const;

const LABELS: Record<MetadataKey, readonly string[]> = {
  organization: [
    'company',
    'company name',
    'organization',
    'organization name',
    'organisation',
    'organisation name',
    'supplier',
    'supplier name',
    'contractor',
    'contractor name',
    'vendor',
    'vendor name',
    'csp',
    'cloud service provider',
    'osc',
    'osc name',
    'organization seeking certification',
  ],
  cage: ['cage', 'cage code', 'cage codes', 'cage code'],
  uei: ['uei', 'sam uei', 'unique entity id', 'unique entity identifier'],
  assessmentDate: [
    'assessment date',
    'date of assessment',
    'date assessed',
    'assessed on',
    'assessment completed',
    'sprs assessment date',
    'date',
  ],
  statusDate: ['status date', 'cmmc status date', 'conditional status date'],
  affirmationDate: AFFIRMATION_DATE_LABELS,
  assessmentType: ['assessment type', 'type of assessment', 'assessment method'],
  level: ['level', 'cmmc level', 'target level', 'assessment level'],
  score: [
    'sprs score',
    'sprs',
    'score',
    'self-reported score',
    'self reported score',
    'summary score',
    'total score',
    'sprs summary score',
  ],
  systemName: ['system name', 'system', 'system name/title'],
  scope: ['scope', 'assessment scope'],
  poamDate: ['poam date', 'poam as of'],
  impactLevel: ['impact level'],
  // "Assessment Purpose: POA&M Closeout" marks a POA&M closeout assessment (32 CFR 170.21(b))
  assessmentPurpose: ['assessment purpose', 'purpose of assessment', 'purpose of the assessment'],
};

const LABEL_TO_KEY = new Map<string, MetadataKey>();
for (const [key, labels] of Object.entries(LABELS) as [MetadataKey, readonly string[]][]) {
  for (const label of labels) LABEL_TO_KEY.set(label, key);
}

export interface MetadataValue {
  cell: Cell;
  sheet: string | null;
  row: number;
  column: string;
}

export type FileMetadata = Partial<Record<MetadataKey, MetadataValue>>;

function labelKey(text: string): MetadataKey | undefined {
  return LABEL_TO_KEY.get(normalizeHeader(text).replace(/\s*#$/, ''));
}

/** Reads label/value pairs from rows [from, to) of a sheet into `into` (first value per key wins). */
export function readMetadata(sheet: Sheet, from: number, to: number, into: FileMetadata): void {
  for (let r = from; r < Math.min(to, sheet.rows.length); r++) {
    const row = sheet.rows[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (!cell || cell.text === '') continue;
      const at = (col: number, rowIndex: number, value: Cell): MetadataValue => ({
        cell: value,
        sheet: sheet.name,
        row: displayRow(sheet, rowIndex),
        column: columnLetter(col),
      });
      const inline = /^([^:]{1,40}):\s*(\S.*)$/.exec(cell.text);
      if (inline) {
        const key = labelKey(inline[1] ?? '');
        if (key && !into[key]) {
          into[key] = at(c, r, { text: (inline[2] ?? '').trim() });
          continue;
        }
      }
      const key = labelKey(cell.text);
      if (!key || into[key]) continue;
      let value: MetadataValue | undefined;
      for (let k = c + 1; k < Math.min(row.length, c + 4); k++) {
        const right = row[k];
        if (!right || right.text === '') continue;
        if (labelKey(right.text)) break;
        value = at(k, r, right);
        break;
      }
      if (!value) {
        const below = sheet.rows[r + 1]?.[c];
        if (below && below.text !== '' && !labelKey(below.text)) value = at(c, r + 1, below);
      }
      if (value) into[key] = value;
    }
  }
}
