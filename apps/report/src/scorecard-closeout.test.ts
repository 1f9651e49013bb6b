/**
 * Scorecards follow the status model (32 CFR 170.21(b)): after a closeout assessment the status is Final, the
 * scorecard says "Closed out on D" and shows no deadline, and its points lost are the closeout assessment's (0); a
 * Conditional one shows its deadline. Built from a store through the analytics queries, as `cmmc report` does.
 */
import { LEVEL2_REQUIREMENTS } from '@cmmc/catalog';
import { openStore, type Store } from '@cmmc/store';
import { afterEach, expect, test } from 'vitest';
// The analytics package's own test fixture builder: rows as ingest writes them.
import {
  type AssessmentSpec,
  createSupplier,
} from '../../../packages/analytics/src/test-support/portfolio.js';
import { buildSupplierModels } from './build-models.js';
import { renderSupplierHtml, scorecardFigures } from './render-html.js';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

/** Level 2 C3PAO assessment: every requirement MET except `notMet`, each of those on the POA&M. */
function c3pao(date: string, notMet: string[], purpose: 'closeout' | null = null): AssessmentSpec {
  return {
    level: 2,
    type: 'c3pao',
    assessmentDate: date,
    purpose,
    results: Object.fromEntries(
      LEVEL2_REQUIREMENTS.map((r) => [
        r.nistId,
        { finding: notMet.includes(r.nistId) ? ('NOT_MET' as const) : ('MET' as const) },
      ]),
    ),
    poam: notMet.map((nistId) => ({ nistId, scheduledDate: '2026-08-01' })),
  };
}

test('a closed-out Final scorecard and a Conditional one', async () => {
  const store = await openStore(':memory:');
  stores.push(store);
  // Closed: Conditional 2026-03-01 with 3.1.10 and 3.3.8 NOT MET (1 point each: 108), closeout assessment on day 150
  // (2026-07-29) finds both MET: Final, closed out on 2026-07-29, score 110, nothing lost.
  await createSupplier(store, {
    name: 'Closed Out Co',
    cage: '1CLSD',
    assessments: [c3pao('2026-03-01', ['3.1.10', '3.3.8']), c3pao('2026-07-29', [], 'closeout')],
  });
  // Pending: Conditional 2026-07-01, same two items open: deadline 2026-07-01 + 180 = 2026-12-28, 30 days after 11-28.
  await createSupplier(store, {
    name: 'Pending Co',
    cage: '2PEND',
    assessments: [c3pao('2026-07-01', ['3.1.10', '3.3.8'])],
  });
  const reports = await buildSupplierModels(store, { asOf: '2026-11-28' });
  const closed = reports.find((r) => r.model.organizationName === 'Closed Out Co')?.model;
  const pending = reports.find((r) => r.model.organizationName === 'Pending Co')?.model;
  if (!closed || !pending) throw new Error('both scorecards are built');

  expect(scorecardFigures(closed)).toMatchObject({
    status: 'FINAL',
    sprsScore: 110,
    pointsLost: 0,
    closeoutDeadline: null,
    daysToDeadline: null,
    closedOutOn: '2026-07-29',
  });
  const closedHtml = renderSupplierHtml(closed).replace(/\s+/g, ' ');
  expect(closedHtml).toContain('Closed out on 29 Jul 2026');
  expect(closedHtml).not.toContain('POA&amp;M closeout deadline');
  expect(closedHtml.replace(/<[^>]+>/g, ' ')).not.toMatch(/days overdue|days ago/);

  expect(scorecardFigures(pending)).toMatchObject({
    status: 'CONDITIONAL',
    sprsScore: 108,
    pointsLost: 2,
    closeoutDeadline: '2026-12-28',
    daysToDeadline: 30,
    closedOutOn: null,
  });
  const pendingHtml = renderSupplierHtml(pending).replace(/\s+/g, ' ');
  expect(pendingHtml).toContain('28 Dec 2026');
  expect(pendingHtml).toContain('in 30 days; then the status expires');
});
