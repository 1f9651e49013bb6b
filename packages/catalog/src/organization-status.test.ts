import { describe, expect, it } from 'vitest';
import { LEVEL2_REQUIREMENTS, LEVEL3_REQUIREMENTS } from './catalog.js';
import { decideEligibility } from './eligibility.js';
import { type AssessmentRecord, decideStatuses } from './organization-status.js';
import type { RequirementOutcome } from './scoring.js';

// Hand-worked cases for statuses per level and kind (32 CFR 170.4, 170.15-170.18), closeout through a closeout
// assessment (170.21(b)), POA&M items attached by date, Level 3 order (170.18(a)), undated assessments and
// eligibility (170.15(b), 170.22). The analytics package runs the same cases through SQL.

let nextId = 1;
function level2(
  date: string | null,
  type: 'self' | 'c3pao' | 'dibcac',
  notMet: string[] = [],
  extra: Partial<AssessmentRecord> = {},
): AssessmentRecord {
  const findings = new Map<string, RequirementOutcome>(
    LEVEL2_REQUIREMENTS.map((r) => [
      r.nistId,
      { finding: notMet.includes(r.nistId) ? 'NOT_MET' : 'MET' },
    ]),
  );
  return { id: nextId++, level: 2, type, assessmentDate: date, findings, ...extra };
}

function level3(date: string, notMet: string[] = []): AssessmentRecord {
  const findings = new Map<string, RequirementOutcome>(
    LEVEL3_REQUIREMENTS.map((r) => [
      r.nistId,
      { finding: notMet.includes(r.nistId) ? 'NOT_MET' : 'MET' },
    ]),
  );
  return { id: nextId++, level: 3, type: 'dibcac', assessmentDate: date, findings };
}

/** A closeout assessment that lists only the requirements it re-assessed (170.21(b) "assesses only ..."). */
function closeoutOnly(
  date: string,
  type: 'self' | 'c3pao',
  met: string[],
  purpose: 'closeout' | null,
): AssessmentRecord {
  return {
    id: nextId++,
    level: 2,
    type,
    assessmentDate: date,
    purpose,
    findings: new Map(met.map((id) => [id, { finding: 'MET' as const }])),
  };
}

const open = (...ids: string[]) => ids.map((nistId) => ({ nistId, closedDate: null }));

describe('statuses per level and kind', () => {
  it('Final Level 2 (C3PAO) in 2025, failing self-assessment in 2026: both rows, the C3PAO one still Final', () => {
    const c3pao = level2('2025-03-01', 'c3pao');
    // 3.1.1 (5 points) NOT MET: 110 - 5 = 105, and a 5-pointer may not be on a POA&M (170.21(a)(2)(ii))
    const self = level2('2026-02-01', 'self', ['3.1.1']);
    const rows = decideStatuses({ assessments: [c3pao, self], asOf: '2026-06-01' });
    expect(rows.map((r) => [r.kind, r.status, r.statusLabel, r.score])).toEqual([
      ['L2-self', 'NO_STATUS', null, 105],
      ['L2-c3pao', 'FINAL', 'Final Level 2 (C3PAO)', 110],
    ]);
    const e = decideEligibility({
      statuses: rows,
      lastAffirmedOn: { 2: '2026-02-15' },
      required: 'L2-c3pao',
      asOf: '2026-06-01',
    });
    expect([e.eligible, e.statusLabel, e.statusExpiresOn]).toEqual([
      true,
      'Final Level 2 (C3PAO)',
      '2028-03-01', // 2025-03-01 + 3 years
    ]);
  });

  it('a DIBCAC assessment at Level 2 gives Level 2 (C3PAO)', () => {
    const rows = decideStatuses({
      assessments: [level2('2026-01-10', 'dibcac')],
      asOf: '2026-06-01',
    });
    expect(rows.map((r) => r.statusLabel)).toEqual(['Final Level 2 (C3PAO)']);
  });
});

describe('closeout only through a closeout assessment (32 CFR 170.21(b))', () => {
  // Conditional Level 2 (C3PAO) on 2026-01-01: 3.1.3 and 3.1.4 (1 point each) NOT MET and on the POA&M, 110 - 2 = 108.
  // Closeout deadline 2026-01-01 + 180 days = 2026-06-30.
  const conditional = () =>
    level2('2026-01-01', 'c3pao', ['3.1.3', '3.1.4'], { poam: open('3.1.3', '3.1.4') });

  it('a C3PAO closeout assessment on day 150 (2026-05-31): Final, score 110, no deadline', () => {
    const a = conditional();
    const c = closeoutOnly('2026-05-31', 'c3pao', ['3.1.3', '3.1.4'], null);
    const [row] = decideStatuses({ assessments: [a, c], asOf: '2026-11-28' });
    expect(row).toMatchObject({
      kind: 'L2-c3pao',
      status: 'FINAL',
      statusLabel: 'Final Level 2 (C3PAO)',
      score: 110,
      assessmentId: c.id,
      statusDate: '2026-01-01',
      closedOutOn: '2026-05-31',
      closeoutDeadline: null,
      daysToDeadline: null,
      statusExpiresOn: '2029-01-01', // three years from the Conditional status date
    });
    expect(row?.reasons.map((r) => r.code)).toEqual(['POAM_CLOSED_OUT']);
  });

  it('a self-assessment does not close out a C3PAO POA&M (same kind only)', () => {
    const a = conditional();
    const self = closeoutOnly('2026-05-31', 'self', ['3.1.3', '3.1.4'], 'closeout');
    const rows = decideStatuses({ assessments: [a, self], asOf: '2026-06-15' });
    expect(rows.find((r) => r.kind === 'L2-c3pao')?.status).toBe('CONDITIONAL');
  });

  it('a marked closeout that still finds 3.1.4 NOT MET ends the Conditional status', () => {
    const a = conditional();
    const c = closeoutOnly('2026-05-31', 'c3pao', ['3.1.3'], 'closeout');
    const [row] = decideStatuses({ assessments: [a, c], asOf: '2026-06-01' });
    expect(row?.status).toBe('EXPIRED');
    expect(row?.reasons.map((r) => r.code)).toEqual(['CLOSEOUT_FAILED']);
  });

  it('an unmarked later assessment that fixes the POA&M but fails elsewhere is a new assessment', () => {
    const a = conditional();
    const c = level2('2026-05-31', 'c3pao', ['3.1.1']);
    const [row] = decideStatuses({ assessments: [a, c], asOf: '2026-06-01' });
    expect([row?.status, row?.score, row?.assessmentId]).toEqual(['NO_STATUS', 105, c.id]);
  });
});

describe('POA&M items belong to an assessment by date', () => {
  it('a POA&M dated before the assessment it would cover belongs to none', () => {
    const a = level2('2026-03-01', 'self', ['3.1.3']);
    const asOf = '2026-04-01';
    const before = decideStatuses({
      assessments: [a],
      poamFiles: [{ level: 2, date: '2026-02-01', items: open('3.1.3') }],
      asOf,
    });
    expect(before[0]?.reasons.map((r) => r.code)).toEqual(['NOT_ON_POAM']);
    const after = decideStatuses({
      assessments: [a],
      poamFiles: [{ level: 2, date: '2026-03-05', items: open('3.1.3') }],
      asOf,
    });
    expect(after[0]?.status).toBe('CONDITIONAL');
  });

  it('an earlier as-of day never takes a deadline from an assessment that did not exist yet', () => {
    const first = level2('2026-01-01', 'self', ['3.1.3']);
    const second = level2('2026-09-01', 'self', ['3.1.3']);
    const poamFiles = [{ level: 2 as const, date: '2026-01-10', items: open('3.1.3') }];
    const [row] = decideStatuses({ assessments: [first, second], poamFiles, asOf: '2026-03-01' });
    expect([row?.status, row?.closeoutDeadline]).toEqual(['CONDITIONAL', '2026-06-30']);
    // the POA&M belongs to the January assessment; the September one has none
    const [later] = decideStatuses({ assessments: [first, second], poamFiles, asOf: '2026-10-01' });
    expect(later?.reasons.map((r) => r.code)).toEqual(['NOT_ON_POAM']);
  });
});

describe('Level 3 needs a Final Level 2 (C3PAO) first (32 CFR 170.18(a))', () => {
  it('a Level 3 assessment dated before its Level 2 (C3PAO) status: NO_STATUS', () => {
    const rows = decideStatuses({
      assessments: [level3('2026-02-01'), level2('2026-03-01', 'c3pao')],
      asOf: '2026-06-01',
    });
    const l3 = rows.find((r) => r.kind === 'L3-dibcac');
    expect([l3?.status, l3?.score]).toEqual(['NO_STATUS', 24]);
    expect(l3?.reasons[0]?.message).toContain(
      'dates from 2026-03-01, after the Level 3 assessment on 2026-02-01',
    );
  });

  it('after it: Final Level 3 (DIBCAC)', () => {
    const rows = decideStatuses({
      assessments: [level2('2026-01-01', 'c3pao'), level3('2026-02-01')],
      asOf: '2026-06-01',
    });
    expect(rows.map((r) => r.statusLabel)).toEqual([
      'Final Level 2 (C3PAO)',
      'Final Level 3 (DIBCAC)',
    ]);
  });
});

describe('an undated assessment', () => {
  it('gets its score and NO_STATUS, whatever the as-of day, and decides no dated status', () => {
    const dated = level2('2026-01-01', 'self');
    const undated = level2(null, 'self', ['3.1.3']);
    const rows = decideStatuses({ assessments: [dated, undated], asOf: '2020-01-01' });
    expect(rows.map((r) => [r.status, r.score, r.reasons.map((x) => x.code)])).toEqual([
      ['NO_STATUS', 109, ['ASSESSMENT_DATE_UNKNOWN']],
    ]);
    const e = decideEligibility({
      statuses: rows,
      lastAffirmedOn: {},
      required: 'L2-self',
      asOf: '2020-01-01',
    });
    expect(e.reasons.map((r) => r.code)).toEqual(['ASSESSMENT_DATE_UNKNOWN']);
  });
});

describe('eligibility (170.15(b), 170.22)', () => {
  const rows = decideStatuses({ assessments: [level2('2025-06-01', 'c3pao')], asOf: '2026-06-15' });
  it.each([
    ['L1', true],
    ['L2-self', true],
    ['L2-c3pao', true],
    ['L3', false],
  ] as const)(
    'Final Level 2 (C3PAO), affirmed 2026-05-01, requires %s: eligible %s',
    (required, eligible) => {
      const e = decideEligibility({
        statuses: rows,
        lastAffirmedOn: { 2: '2026-05-01' },
        required,
        asOf: '2026-06-15',
      });
      expect(e.eligible).toBe(eligible);
      if (!eligible) expect(e.reasons.map((r) => r.code)).toEqual(['NO_STATUS_OF_KIND']);
    },
  );

  it('affirmation overdue (last 2025-06-01, due 2026-06-01): ineligible, the status unchanged', () => {
    const e = decideEligibility({
      statuses: rows,
      lastAffirmedOn: { 2: '2025-06-01' },
      required: 'L2-c3pao',
      asOf: '2026-06-15',
    });
    expect([e.eligible, e.statusLabel, e.affirmationCurrent]).toEqual([
      false,
      'Final Level 2 (C3PAO)',
      false,
    ]);
    expect(e.reasons.map((r) => r.code)).toEqual(['AFFIRMATION_OVERDUE']);
  });

  it('affirmation missing: the one owed with the assessment is due a year after the status date', () => {
    const e = decideEligibility({
      statuses: rows,
      lastAffirmedOn: {},
      required: 'L2-c3pao',
      asOf: '2026-06-15',
    });
    expect(e.reasons.map((r) => r.code)).toEqual(['AFFIRMATION_OVERDUE']);
    const early = decideStatuses({
      assessments: [level2('2025-06-01', 'c3pao')],
      asOf: '2026-05-31',
    });
    expect(
      decideEligibility({
        statuses: early,
        lastAffirmedOn: {},
        required: 'L2-c3pao',
        asOf: '2026-05-31',
      }).eligible,
    ).toBe(true);
  });
});
