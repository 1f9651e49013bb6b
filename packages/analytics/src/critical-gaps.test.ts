import { LEVEL2_REQUIREMENTS } from '@cmmc/catalog';
import { openStore, type Store } from '@cmmc/store';
import { afterEach, describe, expect, it } from 'vitest';
import { criticalGapMatrix, criticalGaps } from './critical-gaps.js';
import { type AssessmentSpec, createSupplier, type ResultSpec } from './test-support/portfolio.js';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});
async function memoryStore(): Promise<Store> {
  const store = await openStore(':memory:');
  stores.push(store);
  return store;
}

const AS_OF = '2026-11-28';

function level2(notMet: Record<string, ResultSpec>): AssessmentSpec {
  const results: Record<string, ResultSpec> = Object.fromEntries(
    LEVEL2_REQUIREMENTS.map((r) => [r.nistId, { finding: 'MET' }]),
  );
  return { level: 2, assessmentDate: '2026-06-01', results: { ...results, ...notMet } };
}

describe('criticalGaps', () => {
  it('lists blocking NOT MET requirements, most valuable first, and leaves POA&M-able ones out', async () => {
    const store = await memoryStore();
    await createSupplier(store, {
      name: 'Acme',
      assessments: [
        level2({
          '3.1.3': { finding: 'NOT_MET' }, // 1 point: may go on a POA&M, not critical
          '3.1.20': { finding: 'NOT_MET' }, // 1 point, excluded by name
          '3.5.3': { finding: 'NOT_MET', partial: true }, // 3 (partial): still above 1
          '3.13.11': { finding: 'NOT_MET', partial: true }, // 3 (partial): the allowed exception
          '3.1.1': { finding: 'NOT_ASSESSED' }, // 5, unanswered counts as NOT MET
          '3.1.5': { finding: 'NOT_MET' }, // 3
        }),
      ],
    });
    const gaps = await criticalGaps(store, { asOf: AS_OF });
    expect(gaps.map((g) => [g.nistId, g.points, g.reason, g.finding])).toEqual([
      ['3.1.1', 5, 'VALUE_ABOVE_ONE_POINT', 'NOT_ASSESSED'],
      ['3.1.5', 3, 'VALUE_ABOVE_ONE_POINT', 'NOT_MET'],
      ['3.5.3', 3, 'VALUE_ABOVE_ONE_POINT', 'NOT_MET'],
      ['3.1.20', 1, 'EXCLUDED_BY_NAME', 'NOT_MET'],
    ]);
    expect(gaps[0]).toMatchObject({
      organizationName: 'Acme',
      cmmcId: 'AC.L2-3.1.1',
      family: 'AC',
    });
  });

  it('puts 3.12.4 first and 3.13.11 at 5 among the gaps', async () => {
    const store = await memoryStore();
    await createSupplier(store, {
      assessments: [
        level2({ '3.13.11': { finding: 'NOT_MET' }, '3.12.4': { finding: 'NOT_MET' } }),
      ],
    });
    const gaps = await criticalGaps(store, { asOf: AS_OF, level: 2 });
    expect(gaps.map((g) => [g.nistId, g.points, g.reason])).toEqual([
      ['3.12.4', null, 'SSP_MISSING'],
      ['3.13.11', 5, 'VALUE_ABOVE_ONE_POINT'],
    ]);
  });
});

describe('criticalGapMatrix', () => {
  it('counts failing suppliers per critical requirement and family, with a rate', async () => {
    const store = await memoryStore();
    // 4 suppliers: 3.5.3 fails at 2 (50 %), 3.13.11 partial at 1 (not blocking), 3.1.22 at 1 (25 %)
    await createSupplier(store, { assessments: [level2({ '3.5.3': { finding: 'NOT_MET' } })] });
    await createSupplier(store, {
      assessments: [
        level2({
          '3.5.3': { finding: 'NOT_MET', partial: true },
          '3.1.22': { finding: 'NOT_MET' },
        }),
      ],
    });
    await createSupplier(store, {
      assessments: [level2({ '3.13.11': { finding: 'NOT_MET', partial: true } })],
    });
    await createSupplier(store, { assessments: [level2({})] });
    const matrix = await criticalGapMatrix(store, { asOf: AS_OF, level: 2 });
    const row = (id: string) => matrix.requirements.find((r) => r.nistId === id);
    expect(row('3.5.3')).toMatchObject({ suppliersFailing: 2, suppliersAssessed: 4, rate: 0.5 });
    expect(row('3.1.22')).toMatchObject({ suppliersFailing: 1, rate: 0.25, excludedByName: true });
    expect(row('3.13.11')).toMatchObject({ suppliersFailing: 0, rate: 0 });
    expect(matrix.requirements[0]?.nistId).toBe('3.5.3');
    // 44 five-point + 14 three-point + 3.12.4 + 5 excluded 1-pointers = 64 critical Level 2 requirements
    expect(matrix.requirements).toHaveLength(64);
    const ia = matrix.families.find((f) => f.family === 'IA');
    expect(ia).toMatchObject({
      failingFindings: 2,
      suppliersFailing: 2,
      suppliersAssessed: 4,
      rate: 0.5,
    });
    const ac = matrix.families.find((f) => f.family === 'AC');
    expect(ac).toMatchObject({ failingFindings: 1, suppliersFailing: 1, rate: 0.25 });
  });
});
