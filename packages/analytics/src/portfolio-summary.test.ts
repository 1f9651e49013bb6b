import { LEVEL2_REQUIREMENTS } from '@cmmc/catalog';
import { openStore, type Store } from '@cmmc/store';
import { afterEach, describe, expect, it } from 'vitest';
import { portfolioSummary } from './portfolio-summary.js';
import { type AssessmentSpec, createSupplier } from './test-support/portfolio.js';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

const onePointers = LEVEL2_REQUIREMENTS.filter((r) => r.poamEligibility === 'yes').map(
  (r) => r.nistId,
);

function level2(date: string, notMet: string[], poam: string[] = []): AssessmentSpec {
  return {
    level: 2,
    assessmentDate: date,
    results: Object.fromEntries(
      LEVEL2_REQUIREMENTS.map((r) => [
        r.nistId,
        { finding: notMet.includes(r.nistId) ? ('NOT_MET' as const) : ('MET' as const) },
      ]),
    ),
    poam: poam.map((nistId) => ({ nistId, scheduledDate: '2026-11-01' })),
  };
}

describe('portfolioSummary', () => {
  it('counts statuses, distributes scores, ranks failures and compares with the last assessment', async () => {
    const store = await openStore(':memory:');
    stores.push(store);
    // A: 110 now, 105 before (3.1.1 = 5): +5, FINAL
    await createSupplier(store, {
      name: 'A',
      assessments: [level2('2025-06-01', ['3.1.1']), level2('2026-06-01', [])],
    });
    // B: 110 - 2 = 108, both on the POA&M, scheduled 2026-11-01 (overdue): CONDITIONAL
    await createSupplier(store, {
      name: 'B',
      assessments: [level2('2026-06-01', onePointers.slice(0, 2), onePointers.slice(0, 2))],
    });
    // C: 110 - 5 - 5 = 100, 3.1.1 and 3.1.2 not POA&M-able: NO_STATUS
    await createSupplier(store, {
      name: 'C',
      assessments: [level2('2026-06-01', ['3.1.1', '3.1.2'])],
    });
    // D: SSP missing (and 3.1.1 NOT MET), no score
    await createSupplier(store, {
      name: 'D',
      assessments: [level2('2026-06-01', ['3.12.4', '3.1.1'])],
    });
    const summary = await portfolioSummary(store, { asOf: '2026-11-28', mostFailedLimit: 2 });
    expect(summary.suppliers).toBe(4);
    expect(summary.statusByLevel).toEqual([
      { level: 2, total: 4, byStatus: { FINAL: 1, CONDITIONAL: 1, EXPIRED: 0, NO_STATUS: 2 } },
    ]);
    // scores 100, 108, 110: quartiles by linear interpolation: q1 = 104, median 108, q3 = 109
    expect(summary.level2Scores).toMatchObject({
      count: 3,
      noScore: 1,
      min: 100,
      q1: 104,
      median: 108,
      q3: 109,
      max: 110,
    });
    expect(summary.level2Scores.histogram.map((b) => [b.label, b.count])).toEqual([
      ['<0', 0],
      ['0-49', 0],
      ['50-87', 0],
      ['88-109', 2],
      ['110', 1],
    ]);
    // 3.1.1 fails at C and D (A's failure was in its earlier assessment): 2 of 4; then the tie at 1 of 4 goes to
    // 3.12.4, which has no value and costs the whole score
    expect(summary.mostFailed.map((f) => [f.nistId, f.suppliersFailing, f.rate])).toEqual([
      ['3.1.1', 2, 0.5],
      ['3.12.4', 1, 0.25],
    ]);
    expect(summary.level2Changes).toEqual({
      improved: 1,
      declined: 0,
      unchanged: 0,
      noComparison: 3,
      meanChange: 5,
    });
    expect(summary.poam).toEqual({
      openItems: 2,
      closedItems: 0,
      overdueItems: 2,
      milestonesOverdue: 0,
      suppliersWithOverdue: 1,
    });
    // B: 2026-06-01 + 180 = 2026-11-28, 0 days left
    expect(summary.expiringConditionals).toEqual({
      PAST: 0,
      WITHIN_30: 1,
      WITHIN_60: 0,
      WITHIN_90: 0,
    });
    // Figures: each supplier once, against Level 2 (Self). A (Final) and B (Conditional, deadline 2026-06-01 + 180 =
    // 2026-11-28, day 0: within 30) may be awarded work; C and D hold no status of the kind.
    expect(summary.figures).toMatchObject({
      suppliers: 4,
      statuses: 4,
      requirement: { defaultRequired: 'L2-self', suppliersWithOwnRequirement: 0 },
      eligible: { total: 2, final: 1, conditional: 1 },
      conditionalCloseout: { within30: 1, within60: 0, within90: 0, later: 0 },
      notEligible: {
        total: 2,
        byReason: [{ code: 'NO_STATUS_OF_KIND', suppliers: 2 }],
      },
      statusTotals: { FINAL: 1, CONDITIONAL: 1, EXPIRED: 0, NO_STATUS: 2 },
      level2Scores: { scored: 3, noScore: 1 },
    });
    expect(summary.figures.level2Scores.histogram.reduce((n, b) => n + b.count, 0)).toBe(3);
  });
});
