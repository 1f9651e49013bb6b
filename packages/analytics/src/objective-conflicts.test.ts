import { LEVEL2_REQUIREMENTS } from '@cmmc/catalog';
import { openStore, type Store } from '@cmmc/store';
import { afterEach, describe, expect, it } from 'vitest';
import { objectiveConflicts } from './objective-conflicts.js';
import { supplierScores } from './supplier-scores.js';
import { createSupplier, type ObjectiveSpec, type ResultSpec } from './test-support/portfolio.js';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

function objectivesOf(nistId: string): string[] {
  return LEVEL2_REQUIREMENTS.find((r) => r.nistId === nistId)?.objectiveIds ?? [];
}

describe('findings derived from objectives', () => {
  it('derives requirement findings from objectives and flags answers that contradict them', async () => {
    const store = await openStore(':memory:');
    stores.push(store);
    const results: Record<string, ResultSpec> = Object.fromEntries(
      LEVEL2_REQUIREMENTS.map((r) => [r.nistId, { finding: 'MET' }]),
    );
    const objectives: ObjectiveSpec[] = [];
    const all = (nistId: string, finding: ObjectiveSpec['finding']) => {
      for (const objectiveId of objectivesOf(nistId))
        objectives.push({ nistId, objectiveId, finding });
    };
    // 3.1.1 (5 points) says MET but objective [b] is NOT MET -> NOT MET, conflict
    all('3.1.1', 'MET');
    const b = objectives.find((o) => o.objectiveId === '3.1.1[b]');
    if (b) b.finding = 'NOT_MET';
    // 3.1.3 (1 point) says NOT MET but every objective is MET -> MET, conflict
    results['3.1.3'] = { finding: 'NOT_MET' };
    all('3.1.3', 'MET');
    // 3.1.16 says MET, every objective N/A -> NOT_APPLICABLE, no conflict
    all('3.1.16', 'NOT_APPLICABLE');
    // 3.1.2 (5 points) says MET, only its first objective answered (MET): the requirement-level MET stands, since
    // none of its objectives is NOT MET; the missing objectives are still listed (issue 15, point 5)
    objectives.push({ nistId: '3.1.2', objectiveId: '3.1.2[a]', finding: 'MET' });
    // 3.1.5 (3 points) says MET, only objective [a] answered and it is NOT MET -> NOT MET, conflict
    objectives.push({ nistId: '3.1.5', objectiveId: '3.1.5[a]', finding: 'NOT_MET' });
    // 3.1.4 has no requirement row, all objectives MET -> MET, no conflict
    delete results['3.1.4'];
    all('3.1.4', 'MET');
    const { organizationId } = await createSupplier(store, {
      assessments: [{ level: 2, results, objectives }],
    });
    const conflicts = await objectiveConflicts(store, { organization: organizationId });
    expect(
      conflicts.map((c) => [
        c.nistId,
        c.requirementFinding,
        c.objectiveFinding,
        c.objectivesNotMet,
      ]),
    ).toEqual([
      ['3.1.1', 'MET', 'NOT_MET', ['3.1.1[b]']],
      ['3.1.2', 'MET', 'NOT_ASSESSED', []],
      ['3.1.3', 'NOT_MET', 'MET', []],
      ['3.1.5', 'MET', 'NOT_MET', ['3.1.5[a]']],
    ]);
    expect(conflicts[1]?.objectivesMissing).toEqual(objectivesOf('3.1.2').slice(1));
    // 110 - 5 (3.1.1) - 3 (3.1.5) = 102; 3.1.2 MET by its own answer, 3.1.3 and 3.1.4 MET by their objectives
    const [score] = await supplierScores(store, { asOf: '2026-11-28' });
    expect([score?.score, score?.notMet, score?.notAssessedIds]).toEqual([
      102,
      ['3.1.1', '3.1.5'],
      [],
    ]);
  });
});
