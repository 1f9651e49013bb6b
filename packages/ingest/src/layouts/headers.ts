/**
 * Header aliases, matched after folding case, punctuation and parenthesised notes ("Resources Required ($)" is
 * "resources required", "compliance_result" is "compliance result", "POA&M ID" is "poam id"). Layouts are found by
 * which of these headers a row holds, wherever that row is: title blocks and metadata often sit above it.
 * Sources for the aliases: packages/catalog/reference/file-formats.md §3.1, §3.4, §3.5, §3.9.
 */

import { memoizeText } from '@cmmc/catalog';
import type { Cell } from '../readers/sheet.js';

export const normalizeHeader = memoizeText((text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    // Word and Excel turn ' into ’ as you type: "Date de l’évaluation", "Assessor’s notes".
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/poa\s*&\s*m/g, 'poam')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[_\s]+/g, ' ')
    .replace(/[:*?.]+/g, '')
    .replace(/\s+/g, ' ')
    .trim(),
);

export const ASSESSMENT_ALIASES = {
  id: [
    'requirement id',
    'requirement number',
    'requirement #',
    'req id',
    'req #',
    'nist id',
    'nist sp 800-171 id',
    'nist 800-171 id',
    '800-171 id',
    'cmmc id',
    'practice id',
    'practice number',
    'control id',
    'control number',
    'control #',
    'ref id',
    'identifier',
    'requirement',
    'practice',
    'control',
    'security requirement id',
    'cmmc practice',
    'id',
    '#',
  ],
  urn: ['urn'],
  status: [
    'status',
    'implementation status',
    'compliance result',
    'assessment result',
    'assessment finding',
    'assessment status',
    'compliance status',
    'result',
    'finding',
    'determination',
    'response',
    'answer',
    'met/not met',
    'met / not met',
    'implemented',
  ],
  points: [
    'points',
    'value',
    'deduction',
    'points deducted',
    'point value',
    'sprs points',
    'sprs value',
    'sprs deduction',
  ],
  partialCredit: ['partial credit', 'partial'],
  onPoam: ['on poam', 'in poam', 'poam', 'poam item'],
  comments: [
    'comments',
    'comment',
    'notes',
    'note',
    'observations',
    'remarks',
    'implementation description',
    'implementation statement',
    'implementation details',
    'annotation',
    'assessor notes',
    'explanation',
    'rationale',
    'justification',
  ],
  date: [
    'date assessed',
    'assessment date',
    'assessed on',
    'last assessed',
    'date of assessment',
    'date',
  ],
  objective: ['objective', 'objective id', 'assessment objective', 'determination statement'],
  assessable: ['assessable'],
} as const;

export const POAM_ALIASES = {
  poamId: ['poam id', 'poam item id', 'poam #', 'poam number', 'alert id', 'item id', 'item #'],
  requirement: [
    'requirement',
    'requirement id',
    'nist id',
    'nist sp 800-171 id',
    '800-171 requirement',
    'practice',
    'practice id',
    'cmmc practice',
    'control title',
    'security requirement',
  ],
  controls: [
    'controls',
    'controls affected',
    'control',
    'control id',
    'security control number',
    'affected controls',
  ],
  weakness: [
    'weakness name',
    'weakness',
    'weakness title',
    'control vulnerability description',
    'deficiency',
    'finding',
    'gap',
  ],
  weaknessDescription: ['weakness description', 'description', 'gap description'],
  weaknessSource: ['weakness source identifier'],
  owner: ['point of contact', 'owner', 'poc', 'responsible party', 'assigned to', 'office/org'],
  resources: ['resources required', 'resource estimate', 'resources', 'cost'],
  remediation: [
    'overall remediation plan',
    'remediation plan',
    'remediation',
    'corrective action',
    'planned remediation',
    'mitigation plan',
    'plan of action',
  ],
  detectionDate: [
    'original detection date',
    'detection date',
    'date identified',
    'identified date',
  ],
  scheduled: [
    'scheduled completion date',
    'agency scheduled completion date',
    'scheduled completion',
    'planned completion date',
    'target completion date',
    'estimated completion date',
    'target date',
    'due date',
  ],
  milestones: [
    'planned milestones',
    'milestones',
    'milestones with interim completion dates',
    'milestone with completion dates',
    'milestone',
  ],
  statusDate: ['status date'],
  status: ['status', 'item status', 'poam status'],
  closedDate: [
    'closed date',
    'date closed',
    'actual completion date',
    'completion date',
    'date completed',
    'completed date',
  ],
  originalRisk: ['original risk rating', 'risk rating', 'severity', 'risk level', 'risk'],
  adjustedRisk: ['adjusted risk rating'],
  vendorDependency: ['vendor dependency'],
  comments: ['comments', 'comment', 'notes', 'remarks', 'justification'],
} as const;

export type AssessmentField = keyof typeof ASSESSMENT_ALIASES;
export type PoamField = keyof typeof POAM_ALIASES;
export type ColumnMap<F extends string> = Partial<Record<F, number>>;

const aliasSets = new WeakMap<object, ReadonlySet<string>>();

/** Every alias of every field of an alias table, as a set (made once per table). */
function aliasSetOf(aliases: Record<string, readonly string[]>): ReadonlySet<string> {
  let set = aliasSets.get(aliases);
  if (!set) {
    set = new Set(Object.values(aliases).flat());
    aliasSets.set(aliases, set);
  }
  return set;
}

/** Which column holds each field: aliases in priority order, each column used for one field only. */
export function matchColumns<F extends string>(
  row: readonly Cell[],
  aliases: Record<F, readonly string[]>,
): ColumnMap<F> {
  const headers = row.map((c) => normalizeHeader(c.text));
  // Most rows a layout looks at (titles, data, notes) name no field at all: one set lookup per cell settles those,
  // instead of a scan of the row for every alias of every field.
  const known = aliasSetOf(aliases);
  if (!headers.some((h) => known.has(h))) return {};
  const claimed = new Set<number>();
  const map: ColumnMap<F> = {};
  for (const field of Object.keys(aliases) as F[]) {
    for (const alias of aliases[field]) {
      const index = headers.findIndex((h, i) => h === alias && !claimed.has(i));
      if (index >= 0) {
        map[field] = index;
        claimed.add(index);
        break;
      }
    }
  }
  return map;
}

/** Every column whose header is one of `aliases`. */
export function columnsMatching(row: readonly Cell[], aliases: readonly string[]): number[] {
  const out: number[] = [];
  row.forEach((c, i) => {
    if ((aliases as readonly string[]).includes(normalizeHeader(c.text))) out.push(i);
  });
  return out;
}
