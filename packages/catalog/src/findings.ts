import { memoizeText } from './text-memo.js';
import type { Finding } from './types.js';

/**
 * How a raw status word qualifies its finding. `partial` and `planned` still score NOT MET (a partial implementation
 * earns no credit, DoD Assessment Methodology §5(g)(ii)); `inherited`, `alternative`, `enduring-exception` and
 * `temporary-deficiency` count as MET (32 CFR 170.24(b); CMMC Assessment Guide L2 "Assessment Findings").
 */
export type FindingQualifier =
  | 'partial'
  | 'planned'
  | 'inherited'
  | 'alternative'
  | 'enduring-exception'
  | 'temporary-deficiency';

export type FindingResult =
  | { ok: true; raw: string; finding: Finding; qualifier: FindingQualifier | null }
  | { ok: false; raw: string; message: string };

type Entry = readonly [Finding, FindingQualifier | null];

const MET: Entry = ['MET', null];
const NOT_MET: Entry = ['NOT_MET', null];
const NOT_APPLICABLE: Entry = ['NOT_APPLICABLE', null];
const NOT_ASSESSED: Entry = ['NOT_ASSESSED', null];
const PARTIAL: Entry = ['NOT_MET', 'partial'];
const PLANNED: Entry = ['NOT_MET', 'planned'];

// Keys are lower case with `_` and `-` folded to spaces. Sources: packages/catalog/reference/file-formats.md §3.9.
const VOCABULARY: ReadonlyMap<string, Entry> = new Map<string, Entry>([
  // 32 CFR 170.24, CMMC Assessment Guide, Ascera
  ['met', MET],
  ['not met', NOT_MET],
  ['notmet', NOT_MET],
  ['not applicable', NOT_APPLICABLE],
  ['n/a', NOT_APPLICABLE],
  ['na', NOT_APPLICABLE],
  ['n.a', NOT_APPLICABLE],
  // NIST CUI SSP template, Hyperproof, OSCAL implementation-status
  ['implemented', MET],
  ['fully implemented', MET],
  ['planned', PLANNED],
  ['planned to be implemented', PLANNED],
  ['planned (on poa&m)', PLANNED],
  ['on poa&m', PLANNED],
  ['poa&m', PLANNED],
  ['in progress', PLANNED],
  ['partially implemented', PARTIAL],
  ['partial', PARTIAL],
  ['partially met', PARTIAL],
  ['not implemented', NOT_MET],
  ['alternative', ['MET', 'alternative']],
  ['alternative implementation', ['MET', 'alternative']],
  ['inherited', ['MET', 'inherited']],
  ['enduring exception', ['MET', 'enduring-exception']],
  ['temporary deficiency', ['MET', 'temporary-deficiency']],
  // CSET answers
  ['y', MET],
  ['yes', MET],
  ['n', NOT_MET],
  ['no', NOT_MET],
  ['a', ['MET', 'alternative']],
  ['alt', ['MET', 'alternative']],
  ['u', NOT_ASSESSED],
  ['unanswered', NOT_ASSESSED],
  // CISO Assistant compliance_result, InfoDefense-style gap sheets
  ['compliant', MET],
  ['fully compliant', MET],
  ['partially compliant', PARTIAL],
  ['non compliant', NOT_MET],
  ['noncompliant', NOT_MET],
  ['not compliant', NOT_MET],
  ['not assessed', NOT_ASSESSED],
  // NIST SP 800-171A / OSCAL findings, ComplyUp
  ['satisfied', MET],
  ['not satisfied', NOT_MET],
  ['other than satisfied', NOT_MET],
  ['passed', MET],
  ['pass', MET],
  ['failed', NOT_MET],
  ['fail', NOT_MET],
  ['unknown', NOT_ASSESSED],
  ['', NOT_ASSESSED],
]);

/** Memoised: see text-memo.ts. */
const foldStatus = memoizeText((raw: string): string =>
  raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[_\u2010-\u2015-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["']|["']$/g, '')
    .replace(/[.!]+$/, ''),
);

/**
 * A known status followed by a remark in brackets, "Inherited (landlord/MSP)", "Not Met (ticket 4711)": the status,
 * as long as the remark holds no status word of its own ("Met (partial)" stays refused: it could be either).
 */
const withRemark = memoizeText((raw: string): Entry | undefined => {
  const bracketed = /^([^()]+?)\s*\(([^()]*)\)$/.exec(foldStatus(raw));
  if (!bracketed) return undefined;
  const entry = VOCABULARY.get(bracketed[1] ?? '');
  const remark = bracketed[2] ?? '';
  const remarkWords = remark.split(/[^\p{L}&/]+/u).filter((word) => word !== '');
  if (!entry || VOCABULARY.has(remark) || remarkWords.some((word) => VOCABULARY.has(word))) {
    return undefined;
  }
  return entry;
});

/**
 * Maps a status word from a supplier's file to MET / NOT_MET / NOT_APPLICABLE / NOT_ASSESSED, keeping the raw value.
 * Unknown words are refused with a message listing what is accepted: a guess here would silently change a score.
 * An empty cell means the requirement was listed but not answered: NOT_ASSESSED.
 */
export function normalizeFinding(raw: string): FindingResult {
  const entry = VOCABULARY.get(foldStatus(raw)) ?? withRemark(raw);
  if (!entry) {
    return {
      ok: false,
      raw,
      message: `expected a status such as MET, NOT MET, N/A, Implemented, Planned, Partially Implemented, Y/N/NA, compliant or non_compliant, got "${raw}"`,
    };
  }
  return { ok: true, raw, finding: entry[0], qualifier: entry[1] };
}

/** Every status word `normalizeFinding` accepts, folded (lower case, `_`/`-` as spaces). */
export const KNOWN_STATUS_WORDS: readonly string[] = [...VOCABULARY.keys()].filter((k) => k !== '');
