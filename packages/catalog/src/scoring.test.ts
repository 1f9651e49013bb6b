import { describe, expect, it } from 'vitest';
import { LEVEL2_REQUIREMENTS, LEVEL3_REQUIREMENTS } from './catalog.js';
import type { AssessmentInput, RequirementOutcome } from './scoring.js';
import { decideStatus } from './scoring.js';
import type { Finding } from './types.js';

// Hand-worked cases; values from packages/catalog/reference/nist-800-171r2-requirements.csv (DoD Assessment Methodology
// v1.2.1 Annex A) and rules from 32 CFR 170.21 / 170.24. The analytics package runs the same cases through SQL.

function allLevel2(finding: Finding): Map<string, RequirementOutcome> {
  return new Map(LEVEL2_REQUIREMENTS.map((r) => [r.nistId, { finding }]));
}

function level2(
  notMet: Record<string, { partial?: boolean } | true>,
  extra: Partial<AssessmentInput> = {},
): AssessmentInput {
  const findings = allLevel2('MET');
  for (const [id, v] of Object.entries(notMet)) {
    findings.set(id, { finding: 'NOT_MET', partial: v !== true && v.partial === true });
  }
  return { level: 2, findings, poam: [], statusDate: '2026-06-01', asOf: '2026-11-28', ...extra };
}

function onPoam(...ids: string[]) {
  return ids.map((nistId) => ({ nistId, closedDate: null }));
}

describe('Level 2 score and status', () => {
  it('all MET: 110, FINAL, valid three years', () => {
    const d = decideStatus(level2({}));
    expect([d.score, d.status, d.statusExpiresOn]).toEqual([110, 'FINAL', '2029-06-01']);
  });

  it('every requirement NOT MET except the SSP: 110 - 313 = -203', () => {
    const findings = allLevel2('NOT_MET');
    findings.set('3.12.4', { finding: 'MET' });
    const d = decideStatus({ ...level2({}), findings });
    expect(d.score).toBe(-203);
    expect(d.status).toBe('NO_STATUS');
    expect(d.reasons.map((r) => r.code)).toContain('SCORE_BELOW_THRESHOLD');
  });

  it('3.12.4 NOT MET: no score at all, SSP missing', () => {
    const d = decideStatus(level2({ '3.12.4': true, '3.1.3': true }));
    expect(d.score).toBeNull();
    expect(d.status).toBe('NO_STATUS');
    expect(d.reasons).toEqual([
      expect.objectContaining({ code: 'SSP_MISSING', requirement: '3.12.4' }),
    ]);
  });

  it('N/A counts as MET', () => {
    const input = level2({});
    (input.findings as Map<string, RequirementOutcome>).set('3.1.16', {
      finding: 'NOT_APPLICABLE',
    });
    expect(decideStatus(input)).toMatchObject({ score: 110, status: 'FINAL' });
  });

  it('a requirement missing from the file is NOT MET and reported as not assessed', () => {
    const input = level2({});
    (input.findings as Map<string, RequirementOutcome>).delete('3.1.3');
    const d = decideStatus(input);
    // 110 - 1 (3.1.3) = 109; not on a POA&M, so no status
    expect(d.score).toBe(109);
    expect(d.notAssessed).toEqual(['3.1.3']);
    expect(d.reasons).toEqual([
      expect.objectContaining({ code: 'NOT_ON_POAM', requirement: '3.1.3' }),
    ]);
  });

  // 22 one-point requirements NOT MET and on the POA&M: 110 - 22 = 88, exactly 80 %
  const oneP = LEVEL2_REQUIREMENTS.filter((r) => r.poamEligibility === 'yes').map((r) => r.nistId);
  it('exactly 88 with every item a 1-pointer on the POA&M: CONDITIONAL', () => {
    const ids = oneP.slice(0, 22);
    const d = decideStatus(
      level2(Object.fromEntries(ids.map((i) => [i, true])), { poam: onPoam(...ids) }),
    );
    expect(d.score).toBe(88);
    expect(d.status).toBe('CONDITIONAL');
    expect(d.closeoutDeadline).toBe('2026-11-28'); // 2026-06-01 + 180 days
    expect(d.daysToDeadline).toBe(0);
  });

  it('87 (23 one-pointers): below the threshold, NO_STATUS', () => {
    const ids = oneP.slice(0, 23);
    const d = decideStatus(
      level2(Object.fromEntries(ids.map((i) => [i, true])), { poam: onPoam(...ids) }),
    );
    expect(d.score).toBe(87); // 110 - 23
    expect(d.status).toBe('NO_STATUS');
    expect(d.reasons.map((r) => r.code)).toEqual(['SCORE_BELOW_THRESHOLD']);
  });

  it('3.5.3 partial (MFA for remote and privileged only) deducts 3 and cannot be on a POA&M', () => {
    const d = decideStatus(level2({ '3.5.3': { partial: true } }, { poam: onPoam('3.5.3') }));
    expect(d.score).toBe(107); // 110 - 3
    expect(d.reasons).toEqual([
      expect.objectContaining({ code: 'VALUE_ABOVE_ONE_POINT', requirement: '3.5.3' }),
    ]);
  });

  it('3.5.3 not implemented deducts 5', () => {
    expect(decideStatus(level2({ '3.5.3': true })).score).toBe(105); // 110 - 5
  });

  it('3.13.11 partial (encryption, not FIPS-validated) deducts 3 and may be on the POA&M', () => {
    const d = decideStatus(level2({ '3.13.11': { partial: true } }, { poam: onPoam('3.13.11') }));
    expect(d.score).toBe(107); // 110 - 3
    expect(d.status).toBe('CONDITIONAL');
  });

  it('3.13.11 with no encryption deducts 5 and blocks Conditional', () => {
    const d = decideStatus(level2({ '3.13.11': true }, { poam: onPoam('3.13.11') }));
    expect(d.score).toBe(105); // 110 - 5
    expect(d.reasons).toEqual([
      expect.objectContaining({ code: 'VALUE_ABOVE_ONE_POINT', requirement: '3.13.11' }),
    ]);
  });

  it('a 1-point requirement NOT MET but not on the POA&M blocks Conditional', () => {
    const d = decideStatus(level2({ '3.1.3': true, '3.1.4': true }, { poam: onPoam('3.1.3') }));
    expect(d.score).toBe(108); // 110 - 1 - 1
    expect(d.status).toBe('NO_STATUS');
    expect(d.reasons).toEqual([
      expect.objectContaining({ code: 'NOT_ON_POAM', requirement: '3.1.4' }),
    ]);
  });

  it.each(['3.1.20', '3.1.22', '3.10.3', '3.10.4', '3.10.5'])(
    '%s is a 1-pointer excluded by name: NO_STATUS even on the POA&M',
    (id) => {
      const d = decideStatus(level2({ [id]: true }, { poam: onPoam(id) }));
      expect(d.score).toBe(109); // 110 - 1
      expect(d.status).toBe('NO_STATUS');
      expect(d.reasons).toEqual([
        expect.objectContaining({ code: 'EXCLUDED_BY_NAME', requirement: id }),
      ]);
    },
  );

  it('a Conditional status is valid on day 180 and expired on day 181', () => {
    const input = level2({ '3.1.3': true }, { poam: onPoam('3.1.3'), statusDate: '2026-01-01' });
    // 2026-01-01 + 180 days = 2026-06-30
    const day180 = decideStatus({ ...input, asOf: '2026-06-30' });
    expect([day180.status, day180.closeoutDeadline, day180.daysToDeadline]).toEqual([
      'CONDITIONAL',
      '2026-06-30',
      0,
    ]);
    const day181 = decideStatus({ ...input, asOf: '2026-07-01' });
    expect([day181.status, day181.daysToDeadline]).toEqual(['EXPIRED', -1]);
    expect(day181.reasons.map((r) => r.code)).toEqual(['CONDITIONAL_WINDOW_PASSED']);
  });

  it('every POA&M item closed by the supplier, no closeout assessment: still CONDITIONAL, closeout pending (32 CFR 170.21(b))', () => {
    const input = level2(
      { '3.1.3': true },
      {
        poam: [{ nistId: '3.1.3', closedDate: '2026-03-01' }],
        statusDate: '2026-01-01',
        asOf: '2026-06-29', // day 179: 2026-01-01 + 179
      },
    );
    const d = decideStatus(input);
    expect([d.status, d.score, d.closeoutDeadline, d.daysToDeadline]).toEqual([
      'CONDITIONAL',
      109,
      '2026-06-30',
      1,
    ]);
    expect(d.reasons).toEqual([
      {
        code: 'CLOSEOUT_PENDING',
        requirement: null,
        message:
          'all POA&M items reported closed on 2026-03-01; a closeout assessment must confirm it by 2026-06-30 (32 CFR 170.21(b))',
      },
    ]);
    // day 181: expired like any other Conditional status
    const late = decideStatus({ ...input, asOf: '2026-07-01' });
    expect([late.status, late.statusLabel]).toEqual(['EXPIRED', null]);
    expect(late.reasons.map((r) => r.code)).toEqual(['CONDITIONAL_WINDOW_PASSED']);
  });

  it('a Final status lapses after three years', () => {
    const input = level2({}, { statusDate: '2023-11-27', asOf: '2026-11-28' });
    // 2023-11-27 + 3 years = 2026-11-27, the last valid day
    const d = decideStatus(input);
    expect([d.status, d.statusExpiresOn]).toEqual(['EXPIRED', '2026-11-27']);
    expect(decideStatus({ ...input, asOf: '2026-11-27' }).status).toBe('FINAL');
  });
});

describe('Level 1 result', () => {
  it('all 17 NIST requirements MET: FINAL for one year', () => {
    const d = decideStatus({ ...level2({}), level: 1 });
    expect([d.status, d.score, d.statusExpiresOn]).toEqual(['FINAL', null, '2027-06-01']);
  });

  it('one NOT MET: no status, since Level 1 allows no POA&M', () => {
    const d = decideStatus({ ...level2({ '3.1.1': true }, { poam: onPoam('3.1.1') }), level: 1 });
    expect(d.status).toBe('NO_STATUS');
    expect(d.reasons).toEqual([
      expect.objectContaining({ code: 'POAM_NOT_ALLOWED', requirement: '3.1.1' }),
    ]);
  });
});

describe('Level 3 score and status', () => {
  function level3(notMet: string[], extra: Partial<AssessmentInput> = {}): AssessmentInput {
    const findings = new Map<string, RequirementOutcome>(
      LEVEL3_REQUIREMENTS.map((r) => [
        r.nistId,
        { finding: notMet.includes(r.nistId) ? 'NOT_MET' : 'MET' },
      ]),
    );
    return {
      level: 3,
      findings,
      poam: onPoam(...notMet),
      statusDate: '2026-06-01',
      asOf: '2026-11-28',
      hasFinalLevel2C3pao: true,
      ...extra,
    };
  }
  const eligible = LEVEL3_REQUIREMENTS.filter((r) => !r.neverOnPoam).map((r) => r.nistId);

  it('20 of 24 (4 eligible items on the POA&M): CONDITIONAL, since 5 * 20 = 100 >= 96 = 4 * 24', () => {
    const d = decideStatus(level3(eligible.slice(0, 4)));
    expect([d.score, d.status]).toEqual([20, 'CONDITIONAL']);
  });

  it('19 of 24: below 80 %, NO_STATUS', () => {
    const d = decideStatus(level3(eligible.slice(0, 5)));
    expect([d.score, d.status]).toEqual([19, 'NO_STATUS']);
    expect(d.reasons.map((r) => r.code)).toEqual(['SCORE_BELOW_THRESHOLD']);
  });

  it('an excluded Level 3 requirement NOT MET: NO_STATUS', () => {
    const d = decideStatus(level3(['3.6.1e']));
    expect([d.score, d.status]).toEqual([23, 'NO_STATUS']);
    expect(d.reasons).toEqual([
      expect.objectContaining({ code: 'EXCLUDED_BY_NAME', requirement: '3.6.1e' }),
    ]);
  });

  it('without a Final Level 2 (C3PAO): NO_STATUS even at 24', () => {
    const d = decideStatus(level3([], { hasFinalLevel2C3pao: false }));
    expect([d.score, d.status]).toEqual([24, 'NO_STATUS']);
    expect(d.reasons.map((r) => r.code)).toEqual(['LEVEL3_WITHOUT_FINAL_LEVEL2']);
  });
});
