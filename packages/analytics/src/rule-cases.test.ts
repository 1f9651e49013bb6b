/**
 * Hand-worked rule cases written by an analyst who had not seen this code (fixtures/rules/cases.json, format and
 * conventions in fixtures/rules/README.md). Every case is loaded into a fresh store through the test-support builder
 * and its statuses, labels, scores, dates, reasons and eligibility are compared with what the store's supplier_status
 * and supplier_eligibility macros answer. A key the case leaves out is not checked; `reasons` must all appear and
 * `reasonsAbsent` must not. Where our reading differs from a case, fixtures/rules/README.md records it with the
 * clause, and the expected answer in cases.json is left as the analyst wrote it.
 */
import { readFileSync } from 'node:fs';
import {
  type Finding,
  LEVEL1_REQUIREMENTS,
  LEVEL2_REQUIREMENTS,
  LEVEL3_REQUIREMENTS,
} from '@cmmc/catalog';
import { openStore } from '@cmmc/store';
import { describe, expect, it } from 'vitest';
import { supplierEligibility } from './supplier-eligibility.js';
import { type SupplierScore, supplierScores } from './supplier-scores.js';
import {
  type AssessmentSpec,
  createSupplier,
  type ObjectiveSpec,
  type PoamSpec,
  type ResultSpec,
} from './test-support/portfolio.js';

interface CasePoam {
  requirement: string;
  level?: 1 | 2 | 3;
  closedDate: string | null;
  poamDate?: string | null;
}

interface CaseAssessment {
  ref: string;
  level: 1 | 2 | 3;
  kind: 'self' | 'c3pao' | 'dibcac';
  date: string | null;
  statusDate?: string | null;
  purpose?: 'initial' | 'closeout';
  notMet?: string[];
  notApplicable?: string[];
  notAnswered?: string[];
  partialCredit?: Record<string, number>;
  objectives?: { id: string; finding: Finding }[];
  requirementAnswers?: Record<string, Finding>;
  poam?: CasePoam[];
}

interface CaseSupplier {
  name: string;
  cage?: string | null;
  requiredStatus?: string | null;
  affirmations?: string[];
  poam?: CasePoam[];
  assessments: CaseAssessment[];
}

interface ExpectedStatus {
  supplier: string;
  level: 1 | 2 | 3;
  kind: 'self' | 'c3pao' | 'dibcac';
  status?: string;
  statusOneOf?: string[];
  statusLabel?: string | null;
  score?: number | null;
  statusDate?: string | null;
  closeoutDeadline?: string | null;
  expiresOn?: string | null;
  closedOutOn?: string | null;
  reasons?: string[];
  reasonsAbsent?: string[];
}

interface ExpectedEligibility {
  supplier: string;
  required: string;
  eligible: boolean;
  reasons?: string[];
  reasonsAbsent?: string[];
}

interface RuleCase {
  id: string;
  title: string;
  clause: string;
  asOf: string;
  statusesExhaustive?: boolean;
  suppliers: CaseSupplier[];
  expected: { statuses?: ExpectedStatus[]; eligibility?: ExpectedEligibility[] };
}

const file = new URL('../../../fixtures/rules/cases.json', import.meta.url);
const { cases } = JSON.parse(readFileSync(file, 'utf8')) as { cases: RuleCase[] };

/**
 * The analyst's names for codes we name otherwise (fixtures/rules/README.md, "Names"): the same rule, another word.
 */
const CODE_ALIASES: Record<string, string> = {
  LEVEL2_C3PAO_PREREQUISITE: 'LEVEL3_WITHOUT_FINAL_LEVEL2',
};
const ourCode = (code: string) => CODE_ALIASES[code] ?? code;

/** Level 1 ids are the FAR-based CMMC ids, Level 3 the CMMC ids; our rows are keyed by NIST id. */
function nistIds(level: 1 | 2 | 3, id: string): string[] {
  if (level === 1) {
    const r = LEVEL1_REQUIREMENTS.find((x) => x.cmmcId.toLowerCase() === id.toLowerCase());
    return r ? r.nistIds : [id];
  }
  if (level === 3) {
    const r = LEVEL3_REQUIREMENTS.find((x) => x.cmmcId.toLowerCase() === id.toLowerCase());
    return [r ? r.nistId : id];
  }
  return [id];
}

function catalogIds(level: 1 | 2 | 3): string[] {
  if (level === 1) return LEVEL1_REQUIREMENTS.flatMap((r) => r.nistIds);
  if (level === 3) return LEVEL3_REQUIREMENTS.map((r) => r.nistId);
  return LEVEL2_REQUIREMENTS.map((r) => r.nistId);
}

function toSpec(a: CaseAssessment, affirmedOn: string | null): AssessmentSpec {
  const results = new Map<string, ResultSpec>(
    catalogIds(a.level).map((id) => [id, { finding: 'MET' as Finding }]),
  );
  const each = (ids: string[] | undefined, f: (nistId: string, raw: string) => void) => {
    for (const raw of ids ?? []) for (const nistId of nistIds(a.level, raw)) f(nistId, raw);
  };
  each(a.notMet, (id) => results.set(id, { finding: 'NOT_MET' }));
  each(a.notApplicable, (id) => results.set(id, { finding: 'NOT_APPLICABLE' }));
  each(a.notAnswered, (id) => results.delete(id));
  for (const [raw, points] of Object.entries(a.partialCredit ?? {})) {
    for (const id of nistIds(a.level, raw)) {
      const r = results.get(id);
      if (r) results.set(id, { ...r, partial: points === 3 });
    }
  }
  for (const [raw, finding] of Object.entries(a.requirementAnswers ?? {})) {
    for (const id of nistIds(a.level, raw)) results.set(id, { finding });
  }
  const objectives: ObjectiveSpec[] = (a.objectives ?? []).map((o) => ({
    nistId: o.id.replace(/\[.*$/, ''),
    objectiveId: o.id,
    finding: o.finding,
  }));
  const poam: PoamSpec[] = (a.poam ?? []).flatMap((p) =>
    nistIds(a.level, p.requirement).map((nistId) => ({ nistId, closedDate: p.closedDate })),
  );
  return {
    level: a.level,
    type: a.kind,
    assessmentDate: a.date,
    statusDate: a.statusDate ?? null,
    purpose: a.purpose === 'closeout' ? 'closeout' : null,
    affirmationDate: affirmedOn,
    results,
    objectives,
    poam,
  };
}

const KIND_OF: Record<string, [number, string]> = {
  'L1-self': [1, 'self'],
  'L2-self': [2, 'self'],
  'L2-c3pao': [2, 'c3pao'],
  'L3-dibcac': [3, 'dibcac'],
};

async function runCase(c: RuleCase) {
  const store = await openStore(':memory:');
  try {
    const names = new Map<number, string>();
    for (const s of c.suppliers) {
      // our store keeps the latest affirmation on record; as of the case's day only the latest one on or before it
      // counts, whichever assessment row carries it (32 CFR 170.22)
      const affirmedOn =
        [...(s.affirmations ?? [])]
          .filter((d) => d <= c.asOf)
          .sort()
          .at(-1) ?? null;
      const specs = s.assessments.map((a) => toSpec(a, affirmedOn));
      const loose: PoamSpec[] = (s.poam ?? []).flatMap((p) =>
        nistIds(p.level ?? 2, p.requirement).map((nistId) => ({
          nistId,
          closedDate: p.closedDate,
          level: p.level ?? 2,
          unlinked: true,
          poamDate: p.poamDate ?? null,
        })),
      );
      const first = specs[0];
      if (first && loose.length > 0)
        specs[0] = { ...first, poam: [...(first.poam ?? []), ...loose] };
      const { organizationId } = await createSupplier(store, {
        name: s.name,
        cage: s.cage ?? null,
        requiredStatus: s.requiredStatus ?? null,
        assessments: specs,
      });
      names.set(organizationId, s.name);
    }
    const statuses = await supplierScores(store, { asOf: c.asOf });
    const eligibility = await supplierEligibility(store, { asOf: c.asOf });
    return { statuses, eligibility };
  } finally {
    store.close();
  }
}

function rowFor(rows: SupplierScore[], e: ExpectedStatus): SupplierScore | undefined {
  const matching = rows.filter((r) => {
    const [level, kind] = KIND_OF[r.statusKind] ?? [0, ''];
    return r.organizationName === e.supplier && level === e.level && kind === e.kind;
  });
  // an undated assessment is its own row; the case expects it when it expects statusDate null
  if (e.statusDate === null) return matching.find((r) => r.assessmentDate === null);
  return matching.find((r) => r.assessmentDate !== null) ?? matching[0];
}

describe('hand-worked rule cases (fixtures/rules/cases.json)', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const { statuses, eligibility } = await runCase(c);
    for (const e of c.expected.statuses ?? []) {
      const row = rowFor(statuses, e);
      const where = `${e.supplier} level ${e.level} ${e.kind}`;
      expect(row, `${where}: no row`).toBeDefined();
      if (!row) continue;
      if (e.status !== undefined) expect(row.status, `${where}: status`).toBe(e.status);
      if (e.statusOneOf) expect(e.statusOneOf, `${where}: status`).toContain(row.status);
      if (e.statusLabel !== undefined)
        expect(row.statusLabel, `${where}: statusLabel`).toBe(e.statusLabel);
      if (e.score !== undefined) expect(row.score, `${where}: score`).toBe(e.score);
      if (e.statusDate !== undefined)
        expect(row.statusDate, `${where}: statusDate`).toBe(e.statusDate);
      if (e.closeoutDeadline !== undefined)
        expect(row.closeoutDeadline, `${where}: closeoutDeadline`).toBe(e.closeoutDeadline);
      if (e.expiresOn !== undefined)
        expect(row.statusExpiresOn, `${where}: expiresOn`).toBe(e.expiresOn);
      if (e.closedOutOn !== undefined)
        expect(row.closedOutOn, `${where}: closedOutOn`).toBe(e.closedOutOn);
      const codes = row.reasons.map((r) => r.code as string);
      for (const code of e.reasons ?? [])
        expect(codes, `${where}: reasons`).toContain(ourCode(code));
      for (const code of e.reasonsAbsent ?? [])
        expect(codes, `${where}: reasons absent`).not.toContain(ourCode(code));
    }
    if (c.statusesExhaustive !== false) {
      const named = new Set((c.expected.statuses ?? []).map((e) => e.supplier));
      const expectedKeys = (c.expected.statuses ?? []).map(
        (e) => `${e.supplier}|${e.level}|${e.kind}`,
      );
      const actualKeys = statuses
        .filter((r) => named.has(r.organizationName))
        .map((r) => {
          const [level, kind] = KIND_OF[r.statusKind] ?? [0, ''];
          return `${r.organizationName}|${level}|${kind}`;
        });
      expect(actualKeys.sort(), 'one row per supplier, level and kind').toEqual(
        expectedKeys.sort(),
      );
    }
    for (const e of c.expected.eligibility ?? []) {
      const row = eligibility.find((r) => r.organizationName === e.supplier);
      const where = `${e.supplier} eligibility`;
      expect(row, `${where}: no row`).toBeDefined();
      if (!row) continue;
      expect(row.required, `${where}: required`).toBe(e.required);
      expect(row.eligible, `${where}: eligible`).toBe(e.eligible);
      const codes = row.reasons.map((r) => r.code as string);
      for (const code of e.reasons ?? [])
        expect(codes, `${where}: reasons`).toContain(ourCode(code));
      for (const code of e.reasonsAbsent ?? [])
        expect(codes, `${where}: reasons absent`).not.toContain(ourCode(code));
    }
  });
});
