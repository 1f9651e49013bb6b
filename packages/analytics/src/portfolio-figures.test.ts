import { describe, expect, it } from 'vitest';
import { decideEligibility } from './portfolio-figures.js';
import type { SupplierScore } from './supplier-scores.js';

const AS_OF = '2026-11-28';

function status(organizationId: number, overrides: Partial<SupplierScore>): SupplierScore {
  return {
    organizationId,
    organizationName: `Supplier ${organizationId}`,
    cage: null,
    level: 2,
    assessmentId: organizationId * 10 + (overrides.level ?? 2),
    assessmentType: 'self',
    assessmentDate: '2026-06-01',
    statusDate: '2026-06-01',
    score: 110,
    sprsScore: 110,
    assessedScore: 110,
    maxScore: 110,
    conditionalMinimum: 88,
    level1Result: null,
    status: 'FINAL',
    reasons: [],
    closeoutDeadline: null,
    daysToDeadline: null,
    statusExpiresOn: '2029-06-01',
    closedOutOn: null,
    notMet: [],
    notAssessed: 0,
    notAssessedIds: [],
    selfReportedScore: null,
    scoreMismatch: false,
    previousAssessmentId: null,
    previousScore: null,
    scoreChange: null,
    lastAffirmedOn: null,
    affirmedSinceStatus: false,
    affirmationDueOn: '2027-06-01',
    affirmationOverdue: false,
    ...overrides,
  } as SupplierScore;
}

describe('decideEligibility (32 CFR 170.15(b), 170.22; order L1 < L2 (Self) < L2 (C3PAO) < L3)', () => {
  it('judges each supplier once, by the status that decides, with the reason that decides', () => {
    const rows = decideEligibility(
      [
        // 1: Final Level 2 (Self): eligible against the default L2-self.
        status(1, {}),
        // 2: Conditional Level 2 (C3PAO), deadline 2026-06-01 + 180 = 2026-11-28: eligible, day 0.
        status(2, {
          assessmentType: 'c3pao',
          status: 'CONDITIONAL',
          closeoutDeadline: '2026-11-28',
          daysToDeadline: 0,
        }),
        // 3: only Level 1 (Self): below the required kind.
        status(3, { level: 1, score: null, maxScore: null }),
        // 4: Final Level 2 (Self) with the affirmation due 2026-06-01 and none since: not eligible.
        status(4, { affirmationDueOn: '2026-06-01', affirmationOverdue: true }),
        // 5: Conditional window passed: Expired.
        status(5, {
          status: 'EXPIRED',
          closeoutDeadline: '2026-07-13',
          reasons: [{ code: 'CONDITIONAL_WINDOW_PASSED', requirement: null, message: 'expired' }],
        }),
        // 6: Final Level 2 (Self) but its own requirement is L2-c3pao: no status of that kind.
        status(6, {}),
      ],
      { asOf: AS_OF, required: (id) => (id === 6 ? 'L2-c3pao' : undefined) },
    );
    const summary = rows.map((r) => [
      r.organizationId,
      r.eligible,
      r.statusLabel,
      r.reasons.map((x) => x.code).join(),
      r.daysToDeadline,
    ]);
    expect(summary).toEqual([
      [1, true, 'Final Level 2 (Self)', '', null],
      [2, true, 'Conditional Level 2 (C3PAO)', '', 0],
      [3, false, null, 'NO_STATUS_OF_KIND', null],
      [4, false, 'Final Level 2 (Self)', 'AFFIRMATION_OVERDUE', null],
      [5, false, 'Expired Level 2 (Self)', 'CONDITIONAL_EXPIRED', null],
      [6, false, null, 'NO_STATUS_OF_KIND', null],
    ]);
    expect(rows[5]?.requiredLabel).toBe('Level 2 (C3PAO)');
  });

  it('a Final status of a higher kind with a current affirmation decides over an overdue lower one', () => {
    const [row] = decideEligibility(
      [
        status(1, { affirmationDueOn: '2026-06-01', affirmationOverdue: true }),
        status(1, { level: 3, assessmentType: 'dibcac', score: 24, maxScore: 24 }),
      ],
      { asOf: AS_OF },
    );
    expect(row).toMatchObject({ eligible: true, statusLabel: 'Final Level 3 (DIBCAC)', level: 3 });
  });
});
