import { addYears } from './dates.js';
import { AFFIRMATION_INTERVAL_YEARS } from './rules.js';
import type { CmmcStatus } from './scoring.js';

/** Where a status in force stands with its yearly affirmation (32 CFR 170.22). */
export interface AffirmationStanding {
  /** The latest affirmation on record, on or before the day asked about; null when no file or manifest gives one. */
  lastAffirmedOn: string | null;
  /** `lastAffirmedOn` is on or after the status date, so it counts for this status; an older one predates it. */
  affirmedSinceStatus: boolean;
  /** The last day of the current affirmation: a year after the affirmation, or after the status date without one. */
  dueOn: string;
  /** True once `asOf` is past `dueOn`: no affirmation on record for the past year. */
  overdue: boolean;
}

/**
 * The yearly affirmation a FINAL or CONDITIONAL status needs; null for any other status (nothing to affirm). The
 * affirmation that must follow the assessment is taken to have been made on the status date when none is recorded
 * (an affirmation recorded before the status date predates the assessment and does not count for it), so the first
 * one falls due a year after the status date; each recorded affirmation after that moves the due day a year on.
 */
export function affirmationStanding(input: {
  status: CmmcStatus;
  statusDate: string;
  lastAffirmedOn: string | null;
  asOf: string;
}): AffirmationStanding | null {
  if (input.status !== 'FINAL' && input.status !== 'CONDITIONAL') return null;
  const affirmedSinceStatus =
    input.lastAffirmedOn !== null && input.lastAffirmedOn >= input.statusDate;
  const dueOn = addYears(
    affirmedSinceStatus && input.lastAffirmedOn !== null ? input.lastAffirmedOn : input.statusDate,
    AFFIRMATION_INTERVAL_YEARS,
  );
  return {
    lastAffirmedOn: input.lastAffirmedOn,
    affirmedSinceStatus,
    dueOn,
    overdue: input.asOf > dueOn,
  };
}
