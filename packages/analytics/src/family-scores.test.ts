import { LEVEL2_REQUIREMENTS } from '@cmmc/catalog';
import { openStore, type Store } from '@cmmc/store';
import { afterEach, describe, expect, it } from 'vitest';
import { familyScores } from './family-scores.js';
import { supplierScores } from './supplier-scores.js';
import { createSupplier, type ResultSpec } from './test-support/portfolio.js';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

describe('familyScores', () => {
  it('splits the points lost by family, and they add up to 110 - score', async () => {
    const store = await openStore(':memory:');
    stores.push(store);
    const results: Record<string, ResultSpec> = Object.fromEntries(
      LEVEL2_REQUIREMENTS.map((r) => [r.nistId, { finding: 'MET' }]),
    );
    Object.assign(results, {
      '3.1.1': { finding: 'NOT_MET' }, // AC 5
      '3.1.3': { finding: 'NOT_MET' }, // AC 1
      '3.5.3': { finding: 'NOT_MET', partial: true }, // IA 3
      '3.13.5': { finding: 'NOT_APPLICABLE' },
    });
    delete results['3.14.1']; // SI 5, not assessed
    await createSupplier(store, { assessments: [{ level: 2, results }] });
    const families = await familyScores(store, { asOf: '2026-11-28' });
    const ac = families.find((f) => f.family === 'AC');
    const ia = families.find((f) => f.family === 'IA');
    const si = families.find((f) => f.family === 'SI');
    const sc = families.find((f) => f.family === 'SC');
    expect(ac).toMatchObject({
      requirements: 22,
      notMet: 2,
      pointsLost: 6,
      notMetIds: ['3.1.1', '3.1.3'],
    });
    expect(ia).toMatchObject({ requirements: 11, notMet: 1, pointsLost: 3 });
    expect(si).toMatchObject({ requirements: 7, notMet: 1, notAssessed: 1, pointsLost: 5 });
    expect(sc).toMatchObject({ notApplicable: 1, pointsLost: 0 });
    expect(families).toHaveLength(14);
    // 110 - (5 + 1 + 3 + 5) = 96
    const [score] = await supplierScores(store, { asOf: '2026-11-28' });
    const lost = families.reduce((sum, f) => sum + (f.pointsLost ?? 0), 0);
    expect([score?.score, 110 - lost]).toEqual([96, 96]);
    expect(families.reduce((sum, f) => sum + (f.pointsPossible ?? 0), 0)).toBe(313);
  });
});
