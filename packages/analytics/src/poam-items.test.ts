import { LEVEL2_REQUIREMENTS } from '@cmmc/catalog';
import { openStore, type Store } from '@cmmc/store';
import { afterEach, describe, expect, it } from 'vitest';
import { expiringConditionals } from './expiring-conditionals.js';
import { poamItems, scorecardPoamItems } from './poam-items.js';
import { supplierPoamSummaries } from './supplier-poam-summaries.js';
import { type AssessmentSpec, createSupplier, type PoamSpec } from './test-support/portfolio.js';

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

/** A Level 2 assessment with `notMet` 1-pointers NOT MET and the given POA&M items. */
function conditional(statusDate: string, notMet: string[], poam: PoamSpec[]): AssessmentSpec {
  const results = Object.fromEntries(
    LEVEL2_REQUIREMENTS.map((r) => [
      r.nistId,
      { finding: notMet.includes(r.nistId) ? ('NOT_MET' as const) : ('MET' as const) },
    ]),
  );
  return { level: 2, assessmentDate: statusDate, statusDate, results, poam };
}

describe('poamItems', () => {
  it('ages items, flags overdue, slipped and overdue milestones, and checks the closeout fit', async () => {
    const store = await memoryStore();
    // status date 2026-09-01 + 180 days = 2027-02-28
    await createSupplier(store, {
      name: 'Acme',
      assessments: [
        conditional(
          '2026-09-01',
          ['3.1.3', '3.1.4', '3.1.6'],
          [
            {
              nistId: '3.1.3',
              detectionDate: '2026-08-01', // 2026-11-28 - 2026-08-01 = 119 days
              scheduledDate: '2026-11-01', // before asOf: overdue by 27 days
              originalScheduledDate: '2026-10-01', // slipped 31 days
              milestones: [
                { dueDate: '2026-10-15' }, // overdue
                { dueDate: '2026-10-20', completedDate: '2026-10-19' },
                { dueDate: '2026-12-01' },
              ],
            },
            {
              nistId: '3.1.4',
              detectionDate: '2026-11-20', // 8 days
              scheduledDate: '2027-03-15', // after the 2027-02-28 deadline
              originalScheduledDate: '2027-03-15',
            },
            {
              nistId: '3.1.6',
              detectionDate: '2026-05-01',
              scheduledDate: '2026-10-01',
              closedDate: '2026-09-30', // closed: 2026-09-30 - 2026-05-01 = 152 days open
            },
          ],
        ),
      ],
    });
    const items = await poamItems(store, { asOf: AS_OF });
    expect(
      items.map((i) => [i.nistId, i.status, i.ageDays, i.daysToScheduled, i.overdue, i.slipped]),
    ).toEqual([
      ['3.1.6', 'closed', 152, -58, false, false],
      ['3.1.3', 'open', 119, -27, true, true],
      ['3.1.4', 'open', 8, 107, false, false],
    ]);
    const first = items.find((i) => i.nistId === '3.1.3');
    expect(first).toMatchObject({
      slipDays: 31,
      milestonesOverdue: 1,
      closeoutDeadline: '2027-02-28',
      daysToCloseout: 92,
      fitsCloseout: true,
      cmmcId: 'AC.L2-3.1.3',
      points: 1,
    });
    expect(first?.milestones.map((m) => m.overdue)).toEqual([true, false, false]);
    expect(items.find((i) => i.nistId === '3.1.4')?.fitsCloseout).toBe(false);
    expect(
      (await poamItems(store, { asOf: AS_OF, overdueOnly: true })).map((i) => i.nistId),
    ).toEqual(['3.1.3']);
    // as of 2026-09-29 the item closed on 2026-09-30 was still open
    const earlier = await poamItems(store, { asOf: '2026-09-29', organization: 'acme' });
    expect(earlier.find((i) => i.nistId === '3.1.6')?.status).toBe('open');

    const [summary] = await supplierPoamSummaries(store, { asOf: AS_OF });
    expect(summary).toMatchObject({
      openItems: 2,
      closedItems: 1,
      overdueItems: 1,
      slippedItems: 1,
      milestonesOverdue: 1,
      aging: { days0To30: 1, days31To90: 0, days91To180: 1, over180: 0, unknown: 0 },
      lastScheduledCompletion: '2027-03-15',
      closeoutDeadline: '2027-02-28',
      daysToCloseout: 92,
      openBeyondCloseout: 1,
      fitsCloseout: false,
    });
  });
});

describe('expiringConditionals', () => {
  it('sorts Conditional suppliers into 30 / 60 / 90-day windows and those already past', async () => {
    const store = await memoryStore();
    const open = (nistId: string): PoamSpec => ({ nistId });
    // deadline = status date + 180; days left as of 2026-11-28:
    const cases: [string, string][] = [
      ['Past', '2026-05-01'], // 2026-10-28: -31
      ['Thirty', '2026-06-01'], // 2026-11-28: 0
      ['Sixty', '2026-07-01'], // 2026-12-28: 30 -> still WITHIN_30
      ['SixtyOne', '2026-07-20'], // 2027-01-16: 49
      ['Ninety', '2026-08-25'], // 2027-02-21: 85
      ['Later', '2026-10-01'], // 2027-03-30: 122, not listed
    ];
    for (const [name, date] of cases) {
      await createSupplier(store, {
        name,
        assessments: [conditional(date, ['3.1.3'], [open('3.1.3')])],
      });
    }
    const result = await expiringConditionals(store, { asOf: AS_OF });
    expect(result.suppliers.map((s) => [s.organizationName, s.daysToDeadline, s.window])).toEqual([
      ['Past', -31, 'PAST'],
      ['Thirty', 0, 'WITHIN_30'],
      ['Sixty', 30, 'WITHIN_30'],
      ['SixtyOne', 49, 'WITHIN_60'],
      ['Ninety', 85, 'WITHIN_90'],
    ]);
    expect(result.counts).toEqual({ PAST: 1, WITHIN_30: 2, WITHIN_60: 1, WITHIN_90: 1 });
  });
});

describe('scorecardPoamItems', () => {
  it("is poamItems with a scorecard's fields, in the same order within each supplier and level", async () => {
    const store = await memoryStore();
    // Zulu is created first (lower id) but sorts after Acme by name; items are not in detection order.
    for (const name of ['Zulu', 'Acme']) {
      await createSupplier(store, {
        name,
        assessments: [
          conditional(
            '2026-09-01',
            ['3.1.3', '3.1.4', '3.1.6'],
            [
              { nistId: '3.1.4', detectionDate: '2026-11-20', scheduledDate: '2027-01-15' },
              {
                nistId: '3.1.3',
                detectionDate: '2026-08-01',
                scheduledDate: '2026-11-01',
                milestones: [{ dueDate: '2026-10-15', description: 'plan' }],
              },
              { nistId: '3.1.6', detectionDate: '2026-05-01', scheduledDate: null },
            ],
          ),
        ],
      });
    }
    const fields = [
      'organizationId',
      'level',
      'nistId',
      'title',
      'weakness',
      'status',
      'detectionDate',
      'scheduledCompletionDate',
      'ageDays',
      'overdue',
      'milestones',
    ] as const;
    const pick = (item: Record<string, unknown>) =>
      Object.fromEntries(fields.map((f) => [f, item[f]]));
    const full = await poamItems(store, { asOf: AS_OF });
    const lean = await scorecardPoamItems(store, { asOf: AS_OF });
    const bySupplier = (items: { organizationId: number }[]) =>
      [...new Set(items.map((i) => i.organizationId))]
        .sort()
        .map((id) => items.filter((i) => i.organizationId === id).map(pick));
    expect(bySupplier(lean)).toEqual(bySupplier(full));
    expect(lean.map((i) => i.nistId)).toEqual([
      '3.1.3',
      '3.1.4',
      '3.1.6',
      '3.1.3',
      '3.1.4',
      '3.1.6',
    ]);
    expect(lean[0]?.milestones).toMatchObject([
      { description: 'plan', dueDate: '2026-10-15', overdue: true },
    ]);
  });
});
