/**
 * Randomized comparison of the SQL with the reference `decideStatus`: random requirement findings (including rows
 * left out), partial credit, POA&M coverage and closures. A failure prints the smallest case where the SQL and the
 * reference disagree. One store is reused across runs (each run is a new organization) to keep the suite fast.
 */
import {
  type AssessmentInput,
  decideStatus,
  type Finding,
  LEVEL2_MAX_SCORE,
  LEVEL2_MIN_SCORE,
  LEVEL2_REQUIREMENTS,
  type PoamEntry,
  type RequirementOutcome,
} from '@cmmc/catalog';
import { openStore, type Store } from '@cmmc/store';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { supplierScores } from './supplier-scores.js';
import { assessmentFromInput, createSupplier } from './test-support/portfolio.js';

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
  });

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
  });
});
