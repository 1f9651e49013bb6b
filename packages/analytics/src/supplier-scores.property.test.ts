/**
 * Randomized comparison of the SQL with the reference `decideStatus`: random requirement findings (including rows
 * left out), partial credit, POA&M coverage and closures. A failure prints the smallest case where the SQL and the
 * reference disagree. One store is reused across runs (each run is a new organization) to keep the suite fast.
 */
import {
  type AssessmentInput,
  type AssessmentRecord,
  decideEligibility,
  decideStatus,
  decideStatuses,
  type Finding,
  LEVEL2_MAX_SCORE,
  LEVEL2_MIN_SCORE,
  LEVEL2_REQUIREMENTS,
  LEVEL3_REQUIREMENTS,
  type PoamEntry,
  type PoamFile,
  REQUIRED_STATUSES,
  type RequirementOutcome,
} from '@cmmc/catalog';
import { openStore, type Store } from '@cmmc/store';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { supplierEligibility } from './supplier-eligibility.js';
import { supplierScores } from './supplier-scores.js';
import {
  type AssessmentSpec,
  assessmentFromInput,
  createSupplier,
  type PoamSpec,
} from './test-support/portfolio.js';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

const ids = LEVEL2_REQUIREMENTS.map((r) => r.nistId);

type Slot = { finding: Finding | 'MISSING'; partial: boolean; poam: 'none' | 'open' | 'closed' };

const slot: fc.Arbitrary<Slot> = fc.record({
  finding: fc.oneof(
    { weight: 30, arbitrary: fc.constant<Finding | 'MISSING'>('MET') },
    { weight: 2, arbitrary: fc.constant<Finding | 'MISSING'>('NOT_MET') },
    { weight: 2, arbitrary: fc.constant<Finding | 'MISSING'>('NOT_APPLICABLE') },
    { weight: 1, arbitrary: fc.constant<Finding | 'MISSING'>('NOT_ASSESSED') },
    { weight: 1, arbitrary: fc.constant<Finding | 'MISSING'>('MISSING') },
  ),
  partial: fc.boolean(),
  poam: fc.constantFrom('none', 'open', 'open', 'closed'),
});

const scenario = fc.record({
  slots: fc.array(slot, { minLength: ids.length, maxLength: ids.length }),
  // the SSP is usually met, so that most cases have a score
  sspMet: fc.oneof(
    { weight: 4, arbitrary: fc.constant(true) },
    { weight: 1, arbitrary: fc.constant(false) },
  ),
  asOfOffset: fc.constantFrom(0, 90, 180, 181, 400, 1200),
  closedOffset: fc.constantFrom(10, 179, 180, 181),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function toInput(s: Scenario): AssessmentInput {
  const statusDate = '2026-01-01';
  const findings = new Map<string, RequirementOutcome>();
  const poam: PoamEntry[] = [];
  s.slots.forEach((slot, i) => {
    const nistId = ids[i] as string;
    let finding = slot.finding;
    if (nistId === '3.12.4') finding = s.sspMet ? 'MET' : finding;
    if (finding !== 'MISSING') findings.set(nistId, { finding, partial: slot.partial });
    if (slot.poam !== 'none') {
      poam.push({
        nistId,
        closedDate: slot.poam === 'closed' ? addDays(statusDate, s.closedOffset) : null,
      });
    }
  });
  return { level: 2, findings, poam, statusDate, asOf: addDays(statusDate, s.asOfOffset) };
}

/** A deterministic permutation of 0..n-1 from a seed (mulberry32 + Fisher-Yates). */
function shuffled(seed: number): (n: number) => number[] {
  return (n) => {
    let t = seed;
    const random = () => {
      t = (t + 0x6d2b79f5) | 0;
      let r = Math.imul(t ^ (t >>> 15), 1 | t);
      r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
      return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
    };
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    return order;
  };
}

describe('supplierScores against decideStatus, randomized', () => {
  it('gives the reference score, status and reasons, within -203..110', async () => {
    const store = await openStore(':memory:');
    stores.push(store);
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const input = toInput(s);
        const reference = decideStatus(input);
        const { organizationId } = await createSupplier(store, {
          assessments: [assessmentFromInput(input)],
        });
        const [row] = await supplierScores(store, {
          asOf: input.asOf,
          organization: organizationId,
        });
        expect(row).toBeDefined();
        expect({
          score: row?.score,
          status: row?.status,
          reasons: row?.reasons,
          closeoutDeadline: row?.closeoutDeadline,
          statusExpiresOn: row?.statusExpiresOn,
          notMet: row?.notMet,
        }).toEqual({
          score: reference.score,
          status: reference.status,
          reasons: reference.reasons,
          closeoutDeadline: reference.closeoutDeadline,
          statusExpiresOn: reference.statusExpiresOn,
          notMet: reference.notMet,
        });
        if (row?.score !== null && row?.score !== undefined) {
          expect(row.score).toBeGreaterThanOrEqual(LEVEL2_MIN_SCORE);
          expect(row.score).toBeLessThanOrEqual(LEVEL2_MAX_SCORE);
        }
      }),
      { numRuns: 50 },
    );
  }, 120_000);

  it('gives the same answer whatever order the rows were loaded in', async () => {
    const store = await openStore(':memory:');
    stores.push(store);
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const input = toInput(s);
        const a = await createSupplier(store, { assessments: [assessmentFromInput(input)] });
        const b = await createSupplier(store, {
          assessments: [assessmentFromInput(input, { order: shuffled(s.seed) })],
        });
        const [first] = await supplierScores(store, {
          asOf: input.asOf,
          organization: a.organizationId,
        });
        const [second] = await supplierScores(store, {
          asOf: input.asOf,
          organization: b.organizationId,
        });
        const strip = (r: typeof first) => ({
          ...r,
          organizationId: 0,
          organizationName: '',
          cage: '',
          assessmentId: 0,
        });
        expect(strip(second)).toEqual(strip(first));
      }),
      { numRuns: 50 },
    );
  }, 120_000);
});

// Whole organizations: several assessments of random kinds and dates (some marked as closeouts, some closing out by
// their findings alone), POA&M items in the assessment's own file or in POA&M files of their own with a date, Level 3
// assessments, undated ones; compared row for row with decideStatuses, and eligibility with decideEligibility.
// Findings vary over a few 1-point requirements so that Conditional statuses and closeouts are common.
const few = ['3.1.3', '3.1.4', '3.1.6', '3.1.7'] as const;
const level3Few = LEVEL3_REQUIREMENTS.filter((r) => !r.neverOnPoam)
  .slice(0, 2)
  .map((r) => r.nistId);

const assessmentArb = fc.record({
  level: fc.constantFrom(2, 2, 2, 3) as fc.Arbitrary<2 | 3>,
  type: fc.constantFrom('self', 'c3pao', 'c3pao', 'self', 'dibcac') as fc.Arbitrary<
    'self' | 'c3pao' | 'dibcac'
  >,
  dayOffset: fc.oneof(
    { weight: 9, arbitrary: fc.integer({ min: 0, max: 300 }) },
    { weight: 1, arbitrary: fc.constant(null) },
  ),
  statusOffset: fc.constantFrom(null, null, 0, 5),
  purpose: fc.constantFrom(null, null, null, 'closeout') as fc.Arbitrary<'closeout' | null>,
  // per varying requirement: MET, NOT_MET, or left out (only-listed closeout files)
  findings: fc.array(fc.constantFrom('MET', 'MET', 'MET', 'NOT_MET', 'NOT_MET', 'MISSING'), {
    minLength: 4,
    maxLength: 4,
  }),
  // a file listing only the varying requirements, as a closeout assessment may
  partialFile: fc.constantFrom(false, false, false, true),
  poam: fc.array(fc.constantFrom('none', 'open', 'open', 'closed', 'closed'), {
    minLength: 4,
    maxLength: 4,
  }),
  closedOffset: fc.integer({ min: 0, max: 200 }),
});

const organizationArb = fc.record({
  assessments: fc.array(assessmentArb, { minLength: 1, maxLength: 4 }),
  poamFiles: fc.array(
    fc.record({
      level: fc.constantFrom(2, 3) as fc.Arbitrary<2 | 3>,
      dayOffset: fc.oneof(
        { weight: 5, arbitrary: fc.integer({ min: 0, max: 500 }) },
        { weight: 1, arbitrary: fc.constant(null) },
      ),
      which: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      closedOffset: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 300 })),
    }),
    { maxLength: 2 },
  ),
  asOfOffset: fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 500 }) },
    { weight: 1, arbitrary: fc.integer({ min: 500, max: 1500 }) },
  ),
  affirmationOffset: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 700 })),
  required: fc.constantFrom(...REQUIRED_STATUSES),
  // a later assessment of the first one's kind, so that closeouts (170.21(b)) are common
  followUp: fc.option(
    fc.record({
      gap: fc.integer({ min: -5, max: 220 }),
      fixAll: fc.boolean(),
      partial: fc.boolean(),
      purpose: fc.constantFrom(null, 'closeout') as fc.Arbitrary<'closeout' | null>,
      extraNotMet: fc.constantFrom(false, false, true),
    }),
    { freq: 2 },
  ),
});

type OrganizationScenario = typeof organizationArb extends fc.Arbitrary<infer T> ? T : never;

const START = '2025-01-01';

function buildOrganization(o: OrganizationScenario) {
  const records: AssessmentRecord[] = [];
  const specs: AssessmentSpec[] = [];
  o.assessments.forEach((a, index) => {
    const ids = a.level === 3 ? LEVEL3_REQUIREMENTS.map((r) => r.nistId) : ids2;
    const varying: readonly string[] = a.level === 3 ? level3Few : few;
    const findings = new Map<string, RequirementOutcome>();
    if (!a.partialFile) for (const id of ids) findings.set(id, { finding: 'MET' });
    a.findings.forEach((f, i) => {
      const id = varying[i % varying.length] as string;
      if (f === 'MISSING') findings.delete(id);
      else findings.set(id, { finding: f as Finding });
    });
    const date = a.dayOffset === null ? null : addDays(START, a.dayOffset);
    const statusDate =
      date === null || a.statusOffset === null ? null : addDays(date, a.statusOffset);
    const poam: PoamEntry[] = [];
    a.poam.forEach((p, i) => {
      if (p === 'none' || i >= varying.length) return;
      poam.push({
        nistId: varying[i] as string,
        closedDate: p === 'closed' ? addDays(date ?? START, a.closedOffset) : null,
      });
    });
    records.push({
      id: index + 1,
      level: a.level,
      type: a.level === 3 ? 'dibcac' : a.type,
      assessmentDate: date,
      statusDate,
      purpose: a.purpose,
      findings,
      poam,
    });
    specs.push({
      level: a.level,
      type: a.level === 3 ? 'dibcac' : a.type,
      assessmentDate: date,
      statusDate,
      purpose: a.purpose,
      results: new Map([...findings].map(([id, f]) => [id, { finding: f.finding }])),
      poam: poam.map((p) => ({ nistId: p.nistId, closedDate: p.closedDate })),
    });
  });
  const base = records[0];
  if (o.followUp && base && base.assessmentDate !== null) {
    const f = o.followUp;
    const varying: readonly string[] = base.level === 3 ? level3Few : few;
    const findings = new Map<string, RequirementOutcome>();
    if (!f.partial) {
      const all = base.level === 3 ? LEVEL3_REQUIREMENTS.map((r) => r.nistId) : ids2;
      for (const id of all) findings.set(id, { finding: 'MET' });
    }
    varying.forEach((id, i) => {
      const before = base.findings.get(id)?.finding;
      const stays = !f.fixAll && i === 0 && before !== 'MET';
      findings.set(id, { finding: stays ? 'NOT_MET' : 'MET' });
    });
    if (f.extraNotMet) findings.set(base.level === 3 ? '3.4.1e' : '3.1.22', { finding: 'NOT_MET' });
    const date = addDays(base.assessmentDate, f.gap);
    records.push({
      id: records.length + 1,
      level: base.level,
      type: base.type,
      assessmentDate: date,
      purpose: f.purpose,
      findings,
    });
    specs.push({
      level: base.level,
      type: base.type,
      assessmentDate: date,
      statusDate: null,
      purpose: f.purpose,
      results: new Map([...findings].map(([id, x]) => [id, { finding: x.finding }])),
    });
  }
  const poamFiles: PoamFile[] = [];
  const unlinked: PoamSpec[] = [];
  for (const f of o.poamFiles) {
    const varying: readonly string[] = f.level === 3 ? level3Few : few;
    const date = f.dayOffset === null ? null : addDays(START, f.dayOffset);
    const items = f.which.flatMap((on, i) =>
      on && i < varying.length
        ? [
            {
              nistId: varying[i] as string,
              closedDate: f.closedOffset === null ? null : addDays(START, f.closedOffset),
            },
          ]
        : [],
    );
    poamFiles.push({ level: f.level, date, items });
    // each POA&M file gets its own source file in createSupplier; only its first item is given the date, the others
    // share it through the file (poam_items.poam_date is written per item by ingest, the same for all of a file)
    for (const item of items) {
      unlinked.push({ ...item, unlinked: true, level: f.level, poamDate: date });
    }
  }
  return { records, specs, poamFiles, unlinked };
}

const ids2 = LEVEL2_REQUIREMENTS.map((r) => r.nistId);

describe('supplierScores against decideStatuses, whole organizations, randomized', () => {
  it('gives the reference rows (kind, status, score, reasons, dates) and eligibility', async () => {
    const store = await openStore(':memory:');
    stores.push(store);
    await fc.assert(
      fc.asyncProperty(organizationArb, async (o) => {
        const { records, specs, poamFiles, unlinked } = buildOrganization(o);
        // unlinked items ride on the first assessment's spec but are filed as files of their own
        const first = specs[0] as AssessmentSpec;
        specs[0] = { ...first, poam: [...(first.poam ?? []), ...unlinked] };
        const asOf = addDays(START, o.asOfOffset);
        const affirmation =
          o.affirmationOffset === null ? null : addDays(START, o.affirmationOffset);
        const withAffirmation = specs.map((sp) => ({ ...sp, affirmationDate: affirmation }));
        const { organizationId, assessmentIds } = await createSupplier(store, {
          assessments: withAffirmation,
        });
        const idOf = new Map(records.map((r, i) => [r.id, assessmentIds[i] as number]));
        const reference = decideStatuses({ assessments: records, poamFiles, asOf });
        const rows = await supplierScores(store, { asOf, organization: organizationId });
        const pick = (r: {
          statusKind?: string;
          kind?: string;
          status: string;
          statusLabel: string | null;
          score: number | null;
          reasons: { code: string; requirement: string | null; message: string }[];
          closeoutDeadline: string | null;
          statusExpiresOn: string | null;
          closedOutOn: string | null;
          notMet: string[];
          statusDate: string | null;
        }) => ({
          kind: r.statusKind ?? r.kind,
          status: r.status,
          statusLabel: r.statusLabel,
          score: r.score,
          reasons: r.reasons.map((x) => ({
            code: x.code,
            requirement: x.requirement,
            message: x.message,
          })),
          closeoutDeadline: r.closeoutDeadline,
          statusExpiresOn: r.statusExpiresOn,
          closedOutOn: r.closedOutOn,
          notMet: r.notMet,
          statusDate: r.statusDate,
        });
        const sortKey = (r: {
          level: number;
          kind?: string;
          statusKind?: string;
          statusDate: string | null;
          assessmentId: number;
        }) =>
          `${r.level}|${r.statusDate === null ? 1 : 0}|${r.kind ?? r.statusKind}|${String(r.assessmentId).padStart(6, '0')}`;
        const expected = reference
          .map((r) => ({ ...r, assessmentId: idOf.get(r.assessmentId) as number }))
          .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
        const actual = [...rows].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
        expect(actual.map((r) => ({ ...pick(r), assessmentId: r.assessmentId }))).toEqual(
          expected.map((r) => ({ ...pick(r), assessmentId: r.assessmentId })),
        );
        const lastAffirmedOn = affirmation !== null && affirmation <= asOf ? affirmation : null;
        const levels = new Set(
          records.filter((r) => r.assessmentDate !== null).map((r) => r.level),
        );
        const eligibility = decideEligibility({
          statuses: reference,
          lastAffirmedOn: Object.fromEntries([...levels].map((l) => [l, lastAffirmedOn])),
          required: o.required,
          asOf,
        });
        const [sqlEligibility] = await supplierEligibility(store, {
          asOf,
          required: o.required,
          organization: organizationId,
        });
        expect({
          eligible: sqlEligibility?.eligible,
          statusKind: sqlEligibility?.statusKind,
          statusLabel: sqlEligibility?.statusLabel,
          statusExpiresOn: sqlEligibility?.statusExpiresOn,
          closeoutDeadline: sqlEligibility?.closeoutDeadline,
          affirmationCurrent: sqlEligibility?.affirmationCurrent,
          reasons: sqlEligibility?.reasons,
        }).toEqual({
          eligible: eligibility.eligible,
          statusKind: eligibility.statusKind,
          statusLabel: eligibility.statusLabel,
          statusExpiresOn: eligibility.statusExpiresOn,
          closeoutDeadline: eligibility.closeoutDeadline,
          affirmationCurrent: eligibility.affirmationCurrent,
          reasons: eligibility.reasons,
        });
      }),
      { numRuns: 80 },
    );
  }, 300_000);
});
