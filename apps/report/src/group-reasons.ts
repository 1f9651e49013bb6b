/**
 * Reasons grouped for reading: analytics gives one reason per requirement (eleven NOT MET requirements give eleven
 * sentences that differ only in the id); a reader wants one line per reason code listing the requirements it names.
 */
import type { RequirementId, StatusReason } from './view-models.js';

/** What a reason of each requirement-level code says about all of its requirements. */
const GROUP_PHRASES: Record<string, (count: number) => string> = {
  VALUE_ABOVE_ONE_POINT: (n) =>
    `${n} requirements NOT MET are worth more than 1 point, so they may not be on a POA&M`,
  EXCLUDED_BY_NAME: (n) => `${n} requirements NOT MET may never be on a POA&M (excluded by name)`,
  NOT_ON_POAM: (n) =>
    `${n} requirements NOT MET have no POA&M item; every NOT MET requirement must be on the POA&M`,
  POAM_NOT_ALLOWED: (n) =>
    `${n} requirements NOT MET, and Level 1 allows no POA&M: every requirement must be met`,
};

/** The trailing "(32 CFR …)" citation of a message, nested parentheses included; null without one. */
function citationOf(message: string): string | null {
  const match = /\(([^()]*32 CFR (?:[^()]|\([^()]*\))*)\)$/.exec(message);
  if (!match?.[1]) return null;
  const text = match[1];
  const at = text.indexOf('32 CFR');
  return text.slice(at);
}

export interface UngroupedReason {
  code: string;
  requirement: string | null;
  message: string;
}

/**
 * One line per reason code, in the order the codes first appear. A code given for one requirement keeps its own
 * sentence; a code given for several is summarised once, citing the rule of its first message, and lists them.
 */
export function groupReasons(reasons: readonly UngroupedReason[]): StatusReason[] {
  const groups = new Map<string, UngroupedReason[]>();
  for (const reason of reasons) {
    const list = groups.get(reason.code);
    if (list) list.push(reason);
    else groups.set(reason.code, [reason]);
  }
  return [...groups.entries()].map(([code, list]) => {
    const requirements = list
      .map((r) => r.requirement)
      .filter((id): id is string => id !== null) as RequirementId[];
    const first = list[0] as UngroupedReason;
    if (list.length === 1) return { code, requirements, message: first.message };
    const phrase = GROUP_PHRASES[code];
    const citation = citationOf(first.message);
    const message = phrase
      ? `${phrase(list.length)}${citation ? ` (${citation})` : ''}`
      : `${first.message} (and ${list.length - 1} more like it)`;
    return { code, requirements, message };
  });
}

/** A table cell's words for the requirements of a reason code, shorter than the scorecard's sentence. */
const SHORT_PHRASES: Record<string, string> = {
  VALUE_ABOVE_ONE_POINT: 'NOT MET worth more than 1 point',
  EXCLUDED_BY_NAME: 'NOT MET never allowed on a POA&M',
  NOT_ON_POAM: 'NOT MET missing from the POA&M',
  POAM_NOT_ALLOWED: 'NOT MET, and Level 1 allows no POA&M',
  SSP_MISSING: 'no system security plan (3.12.4 NOT MET): no score',
};

/** A message without its trailing "(32 CFR …)" citation: the cell is for reading, the scorecard cites. */
function withoutCitation(message: string): string {
  return message
    .replace(/\s*\([^()]*32 CFR (?:[^()]|\([^()]*\))*\)$/, '')
    .replace(/, 80 % of \d+$/, '');
}

/**
 * One short clause per reason code, for a table cell: "score 71 is below 88; 4 NOT MET worth more than 1 point:
 * 3.1.1, 3.1.2, 3.5.3, +1 more". Each code names at most `maxIds` requirements.
 */
export function summarizeGroupedReasons(reasons: readonly StatusReason[], maxIds = 3): string {
  return reasons
    .map((r) => {
      const phrase = SHORT_PHRASES[r.code];
      if (r.code === 'SSP_MISSING' && phrase) return phrase;
      if (!phrase || r.requirements.length === 0) return withoutCitation(r.message);
      const shown = r.requirements.slice(0, maxIds).join(', ');
      const more = r.requirements.length - maxIds;
      return `${r.requirements.length} ${phrase}: ${shown}${more > 0 ? `, +${more} more` : ''}`;
    })
    .join('; ');
}
