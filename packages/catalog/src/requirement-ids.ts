import { LEVEL1_REQUIREMENTS } from './data/level1-requirements.js';
import { LEVEL2_REQUIREMENTS } from './data/level2-requirements.js';
import { LEVEL3_REQUIREMENTS } from './data/level3-requirements.js';
import { memoizeText } from './text-memo.js';

/**
 * What an id spelling found in a supplier's file means. Anything that is not one of our catalogs is answered
 * with a reason (`rev3`, `cmmc1`, `unknown`) instead of a guess, so the ingester can reject the row with it.
 */
export type RequirementIdResult =
  | {
      kind: 'level2';
      raw: string;
      nistId: string;
      cmmcId: string;
      /** The 800-171A objective letter when the id names one (`3.1.1[a]` → `a`). */
      objective: string | null;
    }
  | { kind: 'level1'; raw: string; cmmcId: string; nistIds: string[]; objective: string | null }
  | { kind: 'level3'; raw: string; nistId: string; cmmcId: string; objective: string | null }
  | { kind: 'rev3' | 'cmmc1' | 'unknown'; raw: string; message: string };

const level2ByNistId = new Map(LEVEL2_REQUIREMENTS.map((r) => [r.nistId, r]));
const level1ByCmmcId = new Map(LEVEL1_REQUIREMENTS.map((r) => [r.cmmcId.toUpperCase(), r]));
const level1ByClause = new Map(
  LEVEL1_REQUIREMENTS.map((r) => [r.cmmcId.replace(/^[A-Z]{2}\.L1-/, '').toLowerCase(), r]),
);
const level3ByNistId = new Map(LEVEL3_REQUIREMENTS.map((r) => [r.nistId, r]));

// Prose that precedes an id in real sheets: "NIST SP 800-171 Rev 2 3.1.1", "FAR Clause 52.204-21 b.1.i", "Req. 3.1.1".
const LEADING_PROSE =
  /^(?:(?:nist\s*)?(?:sp\s*)?800-171\s*(?:(?:rev\.?|r)\s*2)?|far(?:\s*clause)?\s*52\.204-21|(?:security\s+)?requirement|req\.?|control|practice)\s*[:#]?\s*/i;

const OBJECTIVE_SUFFIX = /\s*(?:\[([a-z]{1,2})\]|\(([a-z]{1,2})\))$/i;

/** Unicode dashes and non-breaking spaces that Word and Excel put into ids (memoised: see text-memo.ts). */
const cleanSpelling = memoizeText((raw: string): string =>
  raw
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*([.-])\s*/g, '$1')
    .replace(/\.+$/, ''),
);

/**
 * Maps every id spelling of `packages/catalog/reference/rules.md` to one catalog key: `3.1.1`, `AC.L2-3.1.1`, `ac.l2-3.1.1`,
 * the regulation misprints `IA-L2-3.5.1` and `AC.L2- 3.1.19`, `AC.3.1.1`, Level 1 `AC.L1-b.1.i` (and the older
 * `AC.L1-3.1.1`, which names the NIST requirement), Level 3 `IR.L3-3.6.1e` / `3.6.1E`, objectives `3.1.1[a]`, and a
 * trailing title after the id ("AC.L2-3.1.1 Authorized Access Control"). Rev 3 ids (`03.01.01`) and CMMC 1.0 ids
 * (`AC.1.001`) are recognised and refused with a reason: they belong to other catalogs and are never guessed.
 */
export function normalizeRequirementId(raw: string): RequirementIdResult {
  const cleaned = cleanSpelling(raw).replace(LEADING_PROSE, '');
  // An id followed by its title in the same cell: keep the first token only.
  const token = (
    cleaned.match(/^[^\s:]+(?:\s*(?:\[[a-z]{1,2}\]|\([a-z]{1,2}\)))?/i)?.[0] ?? ''
  ).trim();
  const objectiveMatch = token.match(OBJECTIVE_SUFFIX);
  const objective = (objectiveMatch?.[1] ?? objectiveMatch?.[2] ?? null)?.toLowerCase() ?? null;
  const id = token.replace(OBJECTIVE_SUFFIX, '');

  if (id === '') return { kind: 'unknown', raw, message: 'no requirement id' };

  if (/^(?:SP_800_171_)?03\.\d{2}\.\d{2}$/i.test(id) || /^3\.(?:0\d\.\d{2}|\d{2}\.0\d)$/.test(id)) {
    return {
      kind: 'rev3',
      raw,
      message: `"${raw}" is a NIST SP 800-171 Rev 3 id; CMMC assesses Rev 2 (DoD class deviation 2024-O0013), so it cannot be scored`,
    };
  }

  const cmmc1 = id.match(/^([A-Z]{2})\.([1-5])\.(\d{3})$/i);
  if (cmmc1) {
    return {
      kind: 'cmmc1',
      raw,
      message: `"${raw}" is a CMMC 1.0 practice id; map it to a CMMC 2.0 / NIST SP 800-171 Rev 2 id first`,
    };
  }

  const level1Far =
    id.match(/^(?:([A-Z]{2})[.-]?L1-)?b\.1\.([ivx]+)$/i) ?? id.match(/^\(b\)\(1\)\(([ivx]+)\)$/i);
  if (level1Far) {
    const clause = `b.1.${(level1Far[2] ?? level1Far[1] ?? '').toLowerCase()}`;
    const requirement = level1ByClause.get(clause);
    if (
      requirement &&
      (!level1Far[2] || !level1Far[1] || requirement.cmmcId.startsWith(level1Far[1].toUpperCase()))
    ) {
      return {
        kind: 'level1',
        raw,
        cmmcId: requirement.cmmcId,
        nistIds: requirement.nistIds,
        objective,
      };
    }
    const known = level1ByCmmcId.get(id.toUpperCase());
    if (known)
      return { kind: 'level1', raw, cmmcId: known.cmmcId, nistIds: known.nistIds, objective };
    return {
      kind: 'unknown',
      raw,
      message: `"${raw}" is not one of the 15 CMMC Level 1 requirements`,
    };
  }

  const enhanced = id.match(/^(?:([A-Z]{2})[.-]?L3-)?3\.(\d{1,2})\.(\d{1,2})e$/i);
  if (enhanced) {
    const nistId = `3.${Number(enhanced[2])}.${Number(enhanced[3])}e`;
    const requirement = level3ByNistId.get(nistId);
    if (!requirement) {
      return {
        kind: 'unknown',
        raw,
        message: `"${raw}" is not one of the 24 CMMC Level 3 requirements`,
      };
    }
    if (enhanced[1] && enhanced[1].toUpperCase() !== requirement.family) {
      return familyMismatch(raw, enhanced[1], requirement.cmmcId);
    }
    return { kind: 'level3', raw, nistId, cmmcId: requirement.cmmcId, objective };
  }

  const nist = id.match(/^(?:([A-Z]{2})(?:[.-]?L([12]))?[.-])?3\.(\d{1,2})\.(\d{1,2})$/i);
  if (nist) {
    const nistId = `3.${Number(nist[3])}.${Number(nist[4])}`;
    const requirement = level2ByNistId.get(nistId);
    if (!requirement) {
      return {
        kind: 'unknown',
        raw,
        message: `"${raw}" is not one of the 110 NIST SP 800-171 Rev 2 requirements`,
      };
    }
    if (nist[1] && nist[1].toUpperCase() !== requirement.family) {
      return familyMismatch(raw, nist[1], requirement.cmmcId);
    }
    return { kind: 'level2', raw, nistId, cmmcId: requirement.cmmcId, objective };
  }

  return { kind: 'unknown', raw, message: `"${raw}" is not a requirement id this catalog knows` };
}

function familyMismatch(raw: string, family: string, cmmcId: string): RequirementIdResult {
  return {
    kind: 'unknown',
    raw,
    message: `"${raw}" names family ${family.toUpperCase()} but the requirement is ${cmmcId}; fix the id rather than guess`,
  };
}
