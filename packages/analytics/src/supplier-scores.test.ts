/**
 * Hand-worked cases for the SQL scoring and status query. Each case is built as a @cmmc/catalog `AssessmentInput`,
 * loaded into a fresh in-memory store, scored by `supplierScores` AND by the reference `decideStatus`; both must give
 * the expected score, status and reason codes, and agree with each other field for field (messages included).
 * Weights: packages/catalog/reference/nist-800-171r2-requirements.csv (DoD Assessment Methodology v1.2.1 Annex A); rules:
 * 32 CFR 170.21 and 170.24. A failure here means the SQL and the reference disagree on a rule.
 */
import {
  type AssessmentInput,
  type CmmcStatus,
  decideStatus,
  type Finding,
  LEVEL1_REQUIREMENTS,
  LEVEL2_REQUIREMENTS,
  LEVEL3_REQUIREMENTS,
  type RequirementOutcome,
  type StatusReasonCode,
} from '@cmmc/catalog';
import { openStore, type Store } from '@cmmc/store';
import { afterEach, describe, expect, it } from 'vitest';
import { type SupplierScore, supplierScores } from './supplier-scores.js';
import {
  type AssessmentSpec,
  assessmentFromInput,
  createSupplier,
} from './test-support/portfolio.js';

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
const STATUS_DATE = '2026-06-01';

function allOf(ids: readonly string[], finding: Finding): Map<string, RequirementOutcome> {
  return new Map(ids.map((id) => [id, { finding }]));
}
const level2Ids = LEVEL2_REQUIREMENTS.map((r) => r.nistId);
const level3Ids = LEVEL3_REQUIREMENTS.map((r) => r.nistId);
const level1Ids = LEVEL1_REQUIREMENTS.flatMap((r) => r.nistIds);
/** 1-point Level 2 requirements allowed on a POA&M, in catalog order. */
const onePointers = LEVEL2_REQUIREMENTS.filter((r) => r.poamEligibility === 'yes').map(
  (r) => r.nistId,
);
const level3Eligible = LEVEL3_REQUIREMENTS.filter((r) => !r.neverOnPoam).map((r) => r.nistId);

function input(
  level: 1 | 2 | 3,
  notMet: Record<string, { partial?: boolean } | true>,
  extra: Partial<AssessmentInput> & { poamIds?: string[] } = {},
): AssessmentInput {
  const ids = level === 1 ? level1Ids : level === 2 ? level2Ids : level3Ids;
  const findings = allOf(ids, 'MET');
  for (const [id, v] of Object.entries(notMet)) {
    findings.set(id, { finding: 'NOT_MET', partial: v !== true && v.partial === true });
  }
  const { poamIds, ...rest } = extra;
  return {
    level,
    findings,
    poam: (poamIds ?? []).map((nistId) => ({ nistId, closedDate: null })),
    statusDate: STATUS_DATE,
    asOf: AS_OF,
    hasFinalLevel2C3pao: level === 3 ? true : undefined,
    ...rest,
  };
}
function notMetAll(ids: readonly string[]): Record<string, true> {
  return Object.fromEntries(ids.map((id) => [id, true as const]));
}

interface Case {
  name: string;
  input: AssessmentInput;
  /** Change the loaded rows without changing the reference input (e.g. drop a row instead of NOT_ASSESSED). */
  spec?: Partial<AssessmentSpec>;
  score: number | null;
  status: CmmcStatus;
  codes: StatusReasonCode[];
}

const every = (() => {
  const findings = allOf(level2Ids, 'NOT_MET');
  findings.set('3.12.4', { finding: 'MET' });
  return findings;
})();

const cases: Case[] = [
  {
    // 110 - 0 = 110; Final for 3 years: 2026-06-01 + 3 y = 2029-06-01
    name: 'all MET',
    input: input(2, {}),
    score: 110,
    status: 'FINAL',
    codes: [],
  },
  {
    // 110 - (42 * 5 + 5 (3.5.3) + 5 (3.13.11) + 14 * 3 + 51 * 1) = 110 - 313 = -203 (3.12.4 MET: it has no value)
    name: 'every requirement NOT MET except the SSP',
    input: { ...input(2, {}), findings: every },
    score: -203,
    status: 'NO_STATUS',
    codes: [
      'SCORE_BELOW_THRESHOLD',
      // one reason per NOT MET requirement (109), checked against the reference below
      ...(() => {
        const d = decideStatus({ ...input(2, {}), findings: every });
        return d.reasons.slice(1).map((r) => r.code);
      })(),
    ],
  },
  {
    // SSP missing: no score at all (170.24(c)(2)(i)(B)(5)), whatever else is NOT MET
    name: '3.12.4 NOT MET',
    input: input(2, { '3.12.4': true, '3.1.3': true }),
    score: null,
    status: 'NO_STATUS',
    codes: ['SSP_MISSING'],
  },
  {
    // 22 one-pointers on the POA&M: 110 - 22 = 88; 5 * 88 = 440 >= 440 = 4 * 110
    name: 'exactly 88: CONDITIONAL',
    input: input(2, notMetAll(onePointers.slice(0, 22)), { poamIds: onePointers.slice(0, 22) }),
    score: 88,
    status: 'CONDITIONAL',
    codes: [],
  },
  {
    // 23 one-pointers: 110 - 23 = 87; 5 * 87 = 435 < 440
    name: 'exactly 87: below the threshold',
    input: input(2, notMetAll(onePointers.slice(0, 23)), { poamIds: onePointers.slice(0, 23) }),
    score: 87,
    status: 'NO_STATUS',
    codes: ['SCORE_BELOW_THRESHOLD'],
  },
  {
    // 3.5.3 partial: 110 - 3 = 107; worth 3 > 1, so it cannot be on a POA&M
    name: '3.5.3 at 3 (partial)',
    input: input(2, { '3.5.3': { partial: true } }, { poamIds: ['3.5.3'] }),
    score: 107,
    status: 'NO_STATUS',
    codes: ['VALUE_ABOVE_ONE_POINT'],
  },
  {
    // 3.5.3 not implemented: 110 - 5 = 105
    name: '3.5.3 at 5',
    input: input(2, { '3.5.3': true }, { poamIds: ['3.5.3'] }),
    score: 105,
    status: 'NO_STATUS',
    codes: ['VALUE_ABOVE_ONE_POINT'],
  },
  {
    // 3.13.11 partial (not FIPS-validated): 110 - 3 = 107; the one 3-point item allowed on a POA&M (170.21(a)(2)(ii))
    name: '3.13.11 at 3 (partial) on the POA&M',
    input: input(2, { '3.13.11': { partial: true } }, { poamIds: ['3.13.11'] }),
    score: 107,
    status: 'CONDITIONAL',
    codes: [],
  },
  {
    // 3.13.11 no encryption: 110 - 5 = 105, and 5 points block Conditional
    name: '3.13.11 at 5',
    input: input(2, { '3.13.11': true }, { poamIds: ['3.13.11'] }),
    score: 105,
    status: 'NO_STATUS',
    codes: ['VALUE_ABOVE_ONE_POINT'],
  },
  {
    // 110 - 1 - 1 = 108; 3.1.4 has no POA&M item
    name: 'a 1-point item not on the POA&M',
    input: input(2, { '3.1.3': true, '3.1.4': true }, { poamIds: ['3.1.3'] }),
    score: 108,
    status: 'NO_STATUS',
    codes: ['NOT_ON_POAM'],
  },
  ...['3.1.20', '3.1.22', '3.10.3', '3.10.4', '3.10.5'].map(
    (id): Case => ({
      // 110 - 1 = 109; excluded by name in 170.21(a)(2)(iii) even though it is a 1-pointer on the POA&M
      name: `${id} excluded by name`,
      input: input(2, { [id]: true }, { poamIds: [id] }),
      score: 109,
      status: 'NO_STATUS',
      codes: ['EXCLUDED_BY_NAME'],
    }),
  ),
  {
    // the sixth excluded requirement, 3.12.4, has no value: SSP missing, no score
    name: '3.12.4 excluded by name (on the POA&M)',
    input: input(2, { '3.12.4': true }, { poamIds: ['3.12.4'] }),
    score: null,
    status: 'NO_STATUS',
    codes: ['SSP_MISSING'],
  },
  {
    // N/A counts as MET: 110 - 0 = 110
    name: 'N/A counts as MET',
    input: (() => {
      const i = input(2, {});
      (i.findings as Map<string, RequirementOutcome>).set('3.1.16', { finding: 'NOT_APPLICABLE' });
      (i.findings as Map<string, RequirementOutcome>).set('3.13.5', { finding: 'NOT_APPLICABLE' });
      return i;
    })(),
    score: 110,
    status: 'FINAL',
    codes: [],
  },
  {
    // no row for 3.1.3: NOT MET, 110 - 1 = 109, not on a POA&M
    name: 'a requirement missing from the file',
    input: (() => {
      const i = input(2, {});
      (i.findings as Map<string, RequirementOutcome>).delete('3.1.3');
      return i;
    })(),
    score: 109,
    status: 'NO_STATUS',
    codes: ['NOT_ON_POAM'],
  },
  {
    // all 17 NIST ids MET: Final for one year
    name: 'Level 1 all MET',
    input: input(1, {}),
    score: null,
    status: 'FINAL',
    codes: [],
  },
  {
    // one NOT MET; Level 1 allows no POA&M (170.21(a)(1)) even when the item is on one
    name: 'Level 1 with one NOT MET',
    input: input(1, { '3.1.1': true }, { poamIds: ['3.1.1'] }),
    score: null,
    status: 'NO_STATUS',
    codes: ['POAM_NOT_ALLOWED'],
  },
  {
    // 24 - 4 = 20; 5 * 20 = 100 >= 96 = 4 * 24
    name: 'Level 3 at 20',
    input: input(3, notMetAll(level3Eligible.slice(0, 4)), { poamIds: level3Eligible.slice(0, 4) }),
    score: 20,
    status: 'CONDITIONAL',
    codes: [],
  },
  {
    // 24 - 5 = 19; 5 * 19 = 95 < 96
    name: 'Level 3 at 19',
    input: input(3, notMetAll(level3Eligible.slice(0, 5)), { poamIds: level3Eligible.slice(0, 5) }),
    score: 19,
    status: 'NO_STATUS',
    codes: ['SCORE_BELOW_THRESHOLD'],
  },
  {
    // 24 - 1 = 23, but 3.6.1e is excluded by name in 170.21(a)(3)(ii)
    name: 'Level 3 with an excluded item',
    input: input(3, { '3.6.1e': true }, { poamIds: ['3.6.1e'] }),
    score: 23,
    status: 'NO_STATUS',
    codes: ['EXCLUDED_BY_NAME'],
  },
  {
    // 2026-01-01 + 180 days = 2026-06-30: as of 2026-06-30 still Conditional, 0 days left; 110 - 1 = 109
    name: 'Conditional on day 180',
    input: input(
      2,
      { '3.1.3': true },
      {
        poamIds: ['3.1.3'],
        statusDate: '2026-01-01',
        asOf: '2026-06-30',
      },
    ),
    score: 109,
    status: 'CONDITIONAL',
    codes: [],
  },
  {
    // as of 2026-07-01 (day 181) the Conditional status has expired, -1 day
    name: 'Conditional on day 181',
    input: input(
      2,
      { '3.1.3': true },
      {
        poamIds: ['3.1.3'],
        statusDate: '2026-01-01',
        asOf: '2026-07-01',
      },
    ),
    score: 109,
    status: 'EXPIRED',
    codes: ['CONDITIONAL_WINDOW_PASSED'],
  },
  {
    // 32 CFR 170.21(b): the closing must be confirmed by a closeout assessment. Item reported closed 2026-09-01, status
    // date 2026-06-02, as of 2026-11-28 = day 179 (deadline 2026-06-02 + 180 = 2026-11-29): still Conditional, 109
    name: 'POA&M reported closed, no closeout assessment, day 179',
    input: {
      ...input(2, { '3.1.3': true }, { statusDate: '2026-06-02' }),
      poam: [{ nistId: '3.1.3', closedDate: '2026-09-01' }],
    },
    score: 109,
    status: 'CONDITIONAL',
    codes: ['CLOSEOUT_PENDING'],
  },
  {
    // the same item closed 2026-03-01 on a status date of 2026-01-01: day 331, past 2026-06-30, expired like any other
    name: 'POA&M reported closed, no closeout assessment, past day 180',
    input: {
      ...input(2, { '3.1.3': true }, { statusDate: '2026-01-01' }),
      poam: [{ nistId: '3.1.3', closedDate: '2026-03-01' }],
    },
    score: 109,
    status: 'EXPIRED',
    codes: ['CONDITIONAL_WINDOW_PASSED'],
  },
  {
    // item closed 2026-07-15, after the 2026-06-30 deadline: the Conditional status expired, 110 - 1 = 109
    name: 'POA&M closed after the window',
    input: {
      ...input(2, { '3.1.3': true }, { statusDate: '2026-01-01' }),
      poam: [{ nistId: '3.1.3', closedDate: '2026-07-15' }],
    },
    score: 109,
    status: 'EXPIRED',
    codes: ['CONDITIONAL_WINDOW_PASSED'],
  },
  {
    // 2023-11-27 + 3 years = 2026-11-27, the last valid day; as of 2026-11-28 it has lapsed
    name: 'a Final status lapsed after 3 years',
    input: input(2, {}, { statusDate: '2023-11-27' }),
    score: 110,
    status: 'EXPIRED',
    codes: ['STATUS_LAPSED'],
  },
  {
    // 2024-02-29 + 3 years = 2027-03-01 (no 29 February in 2027): still Final on 2027-03-01, lapsed on 03-02
    name: 'a Final status from 29 February',
    input: input(2, {}, { statusDate: '2024-02-29', asOf: '2027-03-01' }),
    score: 110,
    status: 'FINAL',
    codes: [],
  },
  {
    // 2025-11-27 + 1 year = 2026-11-27; Level 1 lapses yearly
    name: 'Level 1 lapsed after a year',
    input: input(1, {}, { statusDate: '2025-11-27' }),
    score: null,
    status: 'EXPIRED',
    codes: ['STATUS_LAPSED'],
  },
];

function compareWithReference(sql: SupplierScore, reference: ReturnType<typeof decideStatus>) {
  expect({
    score: sql.score,
    status: sql.status,
    reasons: sql.reasons,
    closeoutDeadline: sql.closeoutDeadline,
    daysToDeadline: sql.daysToDeadline,
    statusExpiresOn: sql.statusExpiresOn,
    notMet: sql.notMet,
    notAssessed: sql.notAssessedIds,
  }).toEqual({
    score: reference.score,
    status: reference.status,
    reasons: reference.reasons,
    closeoutDeadline: reference.closeoutDeadline,
    daysToDeadline: reference.daysToDeadline,
    statusExpiresOn: reference.statusExpiresOn,
    notMet: reference.notMet,
    notAssessed: reference.notAssessed,
  });
}

/** A Level 2 C3PAO assessment with every requirement MET, so a Level 3 case has its prerequisite. */
function finalLevel2C3pao(date: string): AssessmentSpec {
  return {
    level: 2,
    type: 'c3pao',
    assessmentDate: date,
    results: Object.fromEntries(level2Ids.map((id) => [id, { finding: 'MET' as const }])),
  };
}

describe('supplierScores: hand-worked cases against decideStatus', () => {
  it.each(cases)('$name', async (c) => {
    const store = await memoryStore();
    const reference = decideStatus(c.input);
    const assessments = [assessmentFromInput(c.input, c.spec)];
    if (c.input.level === 3) assessments.unshift(finalLevel2C3pao('2026-05-01'));
    const { organizationId } = await createSupplier(store, { assessments });
    const [sql, ...more] = await supplierScores(store, {
      asOf: c.input.asOf,
      level: c.input.level,
      organization: organizationId,
    });
    expect(more).toEqual([]);
    if (!sql) throw new Error('no row');
    expect([reference.score, reference.status, reference.reasons.map((r) => r.code)]).toEqual([
      c.score,
      c.status,
      c.codes,
    ]);
    expect([sql.score, sql.status, sql.reasons.map((r) => r.code)]).toEqual([
      c.score,
      c.status,
      c.codes,
    ]);
    compareWithReference(sql, reference);
  });
});

describe('supplierScores: the rest of the row', () => {
  it('reports deadlines, not-assessed counts, self-reported mismatch and change since last', async () => {
    const store = await memoryStore();
    const first = input(2, { '3.1.3': true, '3.1.4': true }, { statusDate: '2025-06-01' });
    const latest = input(2, { '3.1.3': true }, { poamIds: ['3.1.3'] });
    (latest.findings as Map<string, RequirementOutcome>).delete('3.1.9');
    const { organizationId } = await createSupplier(store, {
      name: 'Acme, Inc.',
      cage: '1ABC2',
      assessments: [
        assessmentFromInput(first),
        assessmentFromInput(latest, { selfReportedScore: 110 }),
      ],
    });
    const [row] = await supplierScores(store, { asOf: AS_OF, organization: '1abc2' });
    // latest: 110 - 1 (3.1.3) - 1 (3.1.9, missing) = 108; first: 110 - 1 - 1 = 108; change 0
    expect(row).toMatchObject({
      organizationId,
      organizationName: 'Acme, Inc.',
      cage: '1ABC2',
      level: 2,
      assessmentDate: STATUS_DATE,
      statusDate: STATUS_DATE,
      sprsScore: 108,
      maxScore: 110,
      status: 'NO_STATUS',
      notMet: ['3.1.3', '3.1.9'],
      notAssessed: 1,
      notAssessedIds: ['3.1.9'],
      selfReportedScore: 110,
      scoreMismatch: true,
      previousScore: 108,
      scoreChange: 0,
    });
    expect(row?.reasons).toEqual([
      expect.objectContaining({ code: 'NOT_ON_POAM', requirement: '3.1.9' }),
    ]);
  });

  it('ignores assessments dated after asOf and picks the latest per level', async () => {
    const store = await memoryStore();
    await createSupplier(store, {
      assessments: [
        assessmentFromInput(input(2, { '3.1.3': true }, { statusDate: '2026-01-01' })),
        assessmentFromInput(input(2, {}, { statusDate: '2027-01-01' })),
        assessmentFromInput(input(1, {}, { statusDate: '2026-02-01' })),
      ],
    });
    const rows = await supplierScores(store, { asOf: AS_OF });
    expect(rows.map((r) => [r.level, r.score, r.assessmentDate])).toEqual([
      [1, null, '2026-02-01'],
      [2, 109, '2026-01-01'],
    ]);
    expect(rows[0]?.level1Result).toBe('MET');
  });

  it('Level 3 without a Final Level 2 (C3PAO): NO_STATUS even at 24', async () => {
    const store = await memoryStore();
    const l3 = input(3, {}, { hasFinalLevel2C3pao: false });
    // a self-assessed Level 2, all MET, does not count (170.18(a) asks for a C3PAO)
    const selfLevel2 = { ...finalLevel2C3pao('2026-05-01'), type: 'self' as const };
    await createSupplier(store, { assessments: [selfLevel2, assessmentFromInput(l3)] });
    const [row] = await supplierScores(store, { asOf: AS_OF, level: 3 });
    if (!row) throw new Error('no row');
    compareWithReference(row, decideStatus(l3));
    expect(row.reasons.map((r) => r.code)).toEqual(['LEVEL3_WITHOUT_FINAL_LEVEL2']);
  });

  it('Level 3 without Level 2 and below the threshold lists both reasons', async () => {
    const store = await memoryStore();
    const ids = level3Eligible.slice(0, 5);
    const l3 = input(3, notMetAll(ids), { poamIds: ids, hasFinalLevel2C3pao: false });
    await createSupplier(store, { assessments: [assessmentFromInput(l3)] });
    const [row] = await supplierScores(store, { asOf: AS_OF, level: 3 });
    if (!row) throw new Error('no row');
    compareWithReference(row, decideStatus(l3));
    // 24 - 5 = 19
    expect([row.score, row.reasons.map((r) => r.code)]).toEqual([
      19,
      ['LEVEL3_WITHOUT_FINAL_LEVEL2', 'SCORE_BELOW_THRESHOLD'],
    ]);
  });

  it('an unlinked POA&M item and a result row flagged on_poam both put a requirement on the POA&M', async () => {
    const store = await memoryStore();
    await createSupplier(store, {
      assessments: [
        {
          ...assessmentFromInput(input(2, { '3.1.3': true })),
          results: {
            ...Object.fromEntries(level2Ids.map((id) => [id, { finding: 'MET' as const }])),
            '3.1.3': { finding: 'NOT_MET' },
            '3.1.4': { finding: 'NOT_MET', onPoam: true },
          },
          poam: [{ nistId: '3.1.3', unlinked: true }],
        },
      ],
    });
    const [row] = await supplierScores(store, { asOf: AS_OF });
    // 110 - 1 - 1 = 108, both covered: Conditional until 2026-06-01 + 180 = 2026-11-28
    expect([row?.score, row?.status, row?.closeoutDeadline, row?.daysToDeadline]).toEqual([
      108,
      'CONDITIONAL',
      '2026-11-28',
      0,
    ]);
  });

  it('tells when the yearly affirmation falls due, from the latest one any file records, without changing the status', async () => {
    const store = await memoryStore();
    const allMet = () => assessmentFromInput(input(2, {}, { statusDate: '2025-03-15' }));
    // affirmed in February: due again a year later
    await createSupplier(store, {
      name: 'Affirmed',
      assessments: [
        {
          ...allMet(),
          assessmentDate: '2025-03-01',
          statusDate: '2025-03-15',
          affirmationDate: '2026-02-01',
        },
      ],
    });
    // nothing recorded: due a year after the status date, overdue by AS_OF
    await createSupplier(store, {
      name: 'Silent',
      assessments: [{ ...allMet(), assessmentDate: '2025-03-01', statusDate: '2025-03-15' }],
    });
    // an older file of the same level recorded the affirmation; the newer one does not repeat it; one dated after
    // AS_OF is not known yet
    const older = await createSupplier(store, {
      name: 'Older file',
      assessments: [
        {
          ...allMet(),
          assessmentDate: '2025-03-01',
          statusDate: '2025-03-15',
          affirmationDate: '2026-03-10',
        },
      ],
    });
    await createSupplier(store, {
      organizationId: older.organizationId,
      assessments: [
        { ...allMet(), assessmentDate: '2025-03-02', statusDate: '2025-03-15' },
        {
          ...allMet(),
          assessmentDate: '2025-03-03',
          statusDate: '2025-03-15',
          affirmationDate: '2027-01-01',
        },
      ],
    });
    // no status in force: nothing to affirm
    await createSupplier(store, {
      name: 'No status',
      assessments: [assessmentFromInput(input(2, { '3.1.1': true }))],
    });
    const rows = await supplierScores(store, { asOf: AS_OF });
    expect(
      rows.map((r) => [
        r.organizationName,
        r.status,
        r.lastAffirmedOn,
        r.affirmationDueOn,
        r.affirmationOverdue,
      ]),
    ).toEqual([
      ['Affirmed', 'FINAL', '2026-02-01', '2027-02-01', false],
      ['No status', 'NO_STATUS', null, null, false],
      ['Older file', 'FINAL', '2026-03-10', '2027-03-10', false],
      ['Silent', 'FINAL', null, '2026-03-15', true],
    ]);
  });
});
