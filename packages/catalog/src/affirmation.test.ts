import { describe, expect, it } from 'vitest';
import { affirmationStanding } from './affirmation.js';

describe('affirmationStanding', () => {
  const final = { status: 'FINAL' as const, statusDate: '2025-03-15' };

  it('falls due a year after the status date when no affirmation is on record, the day after is overdue', () => {
    expect(affirmationStanding({ ...final, lastAffirmedOn: null, asOf: '2026-03-15' })).toEqual({
      lastAffirmedOn: null,
      affirmedSinceStatus: false,
      dueOn: '2026-03-15',
      overdue: false,
    });
    expect(
      affirmationStanding({ ...final, lastAffirmedOn: null, asOf: '2026-03-16' })?.overdue,
    ).toBe(true);
  });

  it('moves a year on from each recorded affirmation, and ignores one older than the assessment', () => {
    expect(
      affirmationStanding({ ...final, lastAffirmedOn: '2026-02-01', asOf: '2026-11-28' }),
    ).toEqual({
      lastAffirmedOn: '2026-02-01',
      affirmedSinceStatus: true,
      dueOn: '2027-02-01',
      overdue: false,
    });
    expect(
      affirmationStanding({ ...final, lastAffirmedOn: '2024-12-01', asOf: '2026-11-28' }),
    ).toEqual({
      lastAffirmedOn: '2024-12-01',
      affirmedSinceStatus: false,
      dueOn: '2026-03-15',
      overdue: true,
    });
    // 29 February: the due day is 1 March in a year without one, as status lifetimes count
    expect(
      affirmationStanding({
        status: 'CONDITIONAL',
        statusDate: '2028-02-29',
        lastAffirmedOn: null,
        asOf: '2029-03-01',
      }),
    ).toMatchObject({ dueOn: '2029-03-01', overdue: false });
  });

  it('asks nothing of a status that is not in force', () => {
    for (const status of ['EXPIRED', 'NO_STATUS'] as const) {
      expect(
        affirmationStanding({
          status,
          statusDate: '2025-03-15',
          lastAffirmedOn: null,
          asOf: '2026-11-28',
        }),
      ).toBeNull();
    }
  });
});
