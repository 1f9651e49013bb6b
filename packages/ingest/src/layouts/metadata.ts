/**
 * Label/value cells around the tables: "Company: Acme", "CAGE | 1ABC2", FedRAMP's label row with values below it
 * (CSP | System Name | Impact Level | POAM Date), "SPRS Score: 95". Only the rows above a table's header, and sheets
 * with no table at all (a cover sheet), are read, so a "Date" column header is never taken for a label.
 */

import { columnLetter } from '../errors.js';
import type { Cell, Sheet } from '../readers/sheet.js';
import { displayRow, makeCell } from '../readers/sheet.js';
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
  /** A company named only in a title ("Acme Corp. – CMMC Gap Assessment"): used when no label names one. */
  | 'titleOrganization'
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
    'facility name',
    'osc legal name',
    'legal name',
    'unternehmen',
    'firma',
    'entreprise',
    'empresa',
    'société',
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
    'responsible organization',
  ],
  cage: [
    'cage',
    'cage code',
    'cage codes',
    'cage-code',
    'cage-nummer',
    'code cage',
    'código cage',
    // NATO CAGE codes of suppliers outside the US (the same five characters, SAM lists them as CAGE)
    'ncage',
    'ncage code',
    'ncage / cage',
    'ncage/cage',
    'cage / ncage',
    'cage/ncage',
    'code cage / ncage',
    'code cage/ncage',
  ],
  uei: ['uei', 'sam uei', 'unique entity id', 'unique entity identifier'],
  assessmentDate: [
    'assessed',
    'site visit',
    'site visit date',
    'date of site visit',
    'assessment performed',
    'assessment completed on',
    'prüfdatum',
    'bewertungsdatum',
    'datum der bewertung',
    "date d'évaluation",
    "date de l'évaluation",
    "date de l'auto-évaluation",
    'fecha de evaluación',
    'assessment date',
    'date of assessment',
    'date assessed',
    'assessed on',
    'assessment completed',
    'sprs assessment date',
    'self-assessment date',
    'self assessment date',
    'date of self-assessment',
    'date of self assessment',
    'date of last self-assessment',
    'date of last self assessment',
    'date completed',
    'assessment completion date',
    'date',
  ],
  statusDate: ['status date', 'cmmc status date', 'conditional status date'],
  affirmationDate: AFFIRMATION_DATE_LABELS,
  assessmentType: [
    'type',
    'bewertungsart',
    "type d'évaluation",
    'tipo de evaluación',
    'assessment type',
    'type of assessment',
    'assessment method',
  ],
  level: [
    'cmmc-stufe',
    'stufe',
    'niveau',
    'nivel',
    'level',
    'cmmc level',
    'target level',
    'assessment level',
  ],
  score: [
    'estimated sprs',
    'estimated sprs score',
    'sprs-punktzahl',
    'punktzahl',
    'calculated sprs score',
    'calculated sprs',
    'total sprs score',
    'total sprs',
    'sprs total',
    'sprs total score',
    'current sprs score',
    'sprs score',
    'score sprs',
    'sprs',
    'score',
    'self-reported score',
    'self reported score',
    'assessment score',
    'self-reported sprs',
    'self reported sprs',
    'self-reported sprs score',
    'self reported sprs score',
    'summary score',
    'total score',
    'sprs summary score',
  ],
  systemName: ['system name', 'system', 'system name/title'],
  scope: ['scope', 'assessment scope'],
  poamDate: ['poam date', 'poam as of'],
  impactLevel: ['impact level'],
  titleOrganization: [],
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
  const label = normalizeHeader(text).replace(/\s*#$/, '');
  // SSPs written on NIST's template number their fields ("1.2 Responsible Organization", "1.2.1 Information
  // Owner"); normalizeHeader has already dropped the dots, so the section number is a leading run of digits.
  const known = LABEL_TO_KEY.get(label) ?? LABEL_TO_KEY.get(label.replace(/^\d+\s+(?=\D)/, ''));
  if (known !== undefined || !label.includes('/')) return known;
  // Bilingual forms name a field in both languages ("Entreprise / Company"): the label is known when every part
  // names the same field. "SSP Version / Date" names two things, and is not taken for a date.
  let key: MetadataKey | undefined;
  for (const part of label.split('/')) {
    const partKey = LABEL_TO_KEY.get(part.trim());
    if (partKey === undefined || (key !== undefined && key !== partKey)) return undefined;
    key = partKey;
  }
  return key;
}

/** True when `text` is a metadata label ("Company", "CAGE Code:", "Assessment Date"). */
/** The metadata key a label names ("Company Name:" → organization), if any. */
export function metadataKeyOf(text: string): MetadataKey | undefined {
  return labelKey(text.replace(/:\s*$/, ''));
}

export function isMetadataLabel(text: string): boolean {
  return labelKey(text.replace(/:\s*$/, '')) !== undefined;
}

/**
 * Label/value pairs written inside one cell: "Company: Acme", "SPRS = 97", and several of them separated by `|`
 * or `;` ("Site visit: 07/23/2026 | CAGE 2TWF8"), where a known label may also be followed by its value after a
 * space.
 */
function inlinePairs(text: string): [MetadataKey, string][] {
  const out: [MetadataKey, string][] = [];
  const segments = text.split(/\s+[|;]\s+|\s*\|\s*/).filter((s) => s.trim() !== '');
  for (const segment of segments) {
    const marked = /^([^:=]{1,40}?)\s*[:=]\s*(\S.*)$/.exec(segment.trim());
    if (marked) {
      const key = labelKey(marked[1] ?? '');
      if (key) out.push([key, (marked[2] ?? '').trim()]);
      continue;
    }
    if (segments.length < 2) continue;
    const words = segment.trim().split(/\s+/);
    for (let n = Math.min(4, words.length - 1); n >= 1; n--) {
      const key = labelKey(words.slice(0, n).join(' '));
      if (key) {
        out.push([key, words.slice(n).join(' ')]);
        break;
      }
    }
  }
  return out;
}

/**
 * Where a label's value is the name of one of the workbook's sheets, the row is a table of contents ("Company |
 * Assessment - Company" in the index sheet Apple Numbers writes first, fixtures/foreign-writers), not a value: it goes
 * to `contents`, used only for what no other label gives (parseDocument).
 */
export interface TableOfContents {
  /** The workbook's sheet names, trimmed and in lower case. */
  sheetNames: ReadonlySet<string>;
  contents: FileMetadata;
}

/** Reads label/value pairs from rows [from, to) of a sheet into `into` (first value per key wins). */
export function readMetadata(
  sheet: Sheet,
  from: number,
  to: number,
  into: FileMetadata,
  toc?: TableOfContents,
): void {
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
      // "Site visit: 07/23/2026 | Consultant: … | CAGE 2TWF8", "SPRS = 97": label/value pairs inside one cell.
      const pairs = inlinePairs(cell.text);
      let inlined = false;
      for (const [key, value] of pairs) {
        inlined = true;
        if (!into[key]) into[key] = at(c, r, makeCell(value));
      }
      if (inlined) continue;
      const key = labelKey(cell.text);
      if (!key || into[key]) continue;
      let value: MetadataValue | undefined;
      for (let k = c + 1; k < Math.min(row.length, c + 9); k++) {
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
      if (!value) continue;
      if (toc?.sheetNames.has(value.cell.text.trim().toLowerCase())) toc.contents[key] ??= value;
      else into[key] = value;
    }
  }
}

const COMPANY_SUFFIX =
  /\b(?:inc|incorporated|llc|l\.l\.c|corp|corporation|co|company|ltd|limited|gmbh|ag|plc|llp|lp|s\.a|sas|srl|bv|oy|ab)\.?$/i;
const DOCUMENT_WORDS =
  /\b(?:cmmc|nist|800-171|sprs|dfars|assessment|questionnaire|tracker|ssp|system security plan|poa&?m|plan of action|compliance|gap|worksheet|scorecard|results?|status|matrix|appendix)\b/i;

/**
 * A company named by a sheet's title instead of a label: "Tidewater Fasteners Co. – CMMC L2 Gap Assessment",
 * "Northwind Electronics Corp. — NIST SP 800-171 Supplier Questionnaire", or a title that is just the name with a
 * company suffix ("Lakeshore Optics, Inc."). Only rows of one distinct text (a merged title) above `to` are read.
 */
export function readTitleOrganization(sheet: Sheet, to: number, into: FileMetadata): void {
  if (into.titleOrganization) return;
  for (let r = 0; r < Math.min(to, sheet.rows.length, 10); r++) {
    const row = sheet.rows[r] ?? [];
    const texts = [...new Set(row.map((c) => c.text).filter((t) => t !== ''))];
    if (texts.length !== 1) continue;
    const text = texts[0] as string;
    const column = row.findIndex((c) => c.text === text);
    const dashed = /^(.{2,80}?)\s+[–—-]\s+(.+)$/.exec(text);
    let name: string | null = null;
    if (dashed && DOCUMENT_WORDS.test(dashed[2] ?? '') && !DOCUMENT_WORDS.test(dashed[1] ?? '')) {
      name = (dashed[1] ?? '').trim();
    } else if (COMPANY_SUFFIX.test(text) && !DOCUMENT_WORDS.test(text) && text.length <= 80) {
      name = text;
    }
    if (name) {
      into.titleOrganization = {
        cell: makeCell(name),
        sheet: sheet.name,
        row: displayRow(sheet, r),
        column: columnLetter(column),
      };
      return;
    }
  }
}
