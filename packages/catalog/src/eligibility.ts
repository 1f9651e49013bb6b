/**
 * Whether a supplier may be awarded a contract or subcontract that requires a CMMC status (32 CFR 170.15(b), 170.22;
 * DFARS 252.204-7021): it must hold a status in force (Final or Conditional, not expired) of the required kind or a
 * higher one, ordered L1 (Self) < L2 (Self) < L2 (C3PAO) < L3 (DIBCAC), and its yearly affirmation must be current.
 * An overdue affirmation makes it ineligible without changing the status itself. Store migration 009
 * (`supplier_eligibility(as_of, required)`) answers the same in SQL.
 */

import { affirmationStanding } from './affirmation.js';
import type { KindStatus } from './organization-status.js';
import {
  type RequiredStatus,
  requiredKind,
  STATUS_KIND_NAMES,
  type StatusKind,
  statusKindRank,
} from './status-kinds.js';
import type { CmmcLevel } from './types.js';

export type EligibilityReasonCode =
  | 'NO_STATUS_OF_KIND'
  | 'CONDITIONAL_EXPIRED'
  | 'STATUS_LAPSED'
  | 'AFFIRMATION_OVERDUE'
  | 'ASSESSMENT_DATE_UNKNOWN';

export interface EligibilityReason {
  code: EligibilityReasonCode;
  message: string;
}

export interface Eligibility {
  required: RequiredStatus;
  eligible: boolean;
  /** The kind of the status that decides (the one that qualifies, else the one that comes closest); null if none. */
  statusKind: StatusKind | null;
  statusLabel: string | null;
  statusExpiresOn: string | null;
  closeoutDeadline: string | null;
  /** Whether the deciding status's yearly affirmation is current; null without a status in force. */
  affirmationCurrent: boolean | null;
  /** Empty when eligible. */
  reasons: EligibilityReason[];
}

export interface EligibilityInput {
  statuses: readonly KindStatus[];
  /** The latest affirmation on record by `asOf`, per level (32 CFR 170.22). */
  lastAffirmedOn: Partial<Record<CmmcLevel, string | null>>;
  required: RequiredStatus;
  asOf: string;
}

function inForce(s: KindStatus): boolean {
  return s.status === 'FINAL' || s.status === 'CONDITIONAL';
}

/** Decides eligibility from the organization's statuses on `asOf` (`decideStatuses`). */
export function decideEligibility(input: EligibilityInput): Eligibility {
  const kind = requiredKind(input.required);
  const rank = statusKindRank(kind);
  const dated = input.statuses
    .filter((s) => s.statusDate !== null && statusKindRank(s.kind) >= rank)
    .sort((a, b) => statusKindRank(a.kind) - statusKindRank(b.kind));
  const affirmation = (s: KindStatus) =>
    affirmationStanding({
      status: s.status,
      statusDate: s.statusDate as string,
      lastAffirmedOn: input.lastAffirmedOn[s.level] ?? null,
      asOf: input.asOf,
    });
  const base = { required: input.required };
  const describe = (s: KindStatus) => ({
    statusKind: s.kind,
    statusLabel: s.statusLabel,
    statusExpiresOn: s.statusExpiresOn,
    closeoutDeadline: s.closeoutDeadline,
  });

  const held = dated.filter(inForce);
  const current = held.find((s) => affirmation(s)?.overdue === false);
  if (current) {
    return { ...base, eligible: true, ...describe(current), affirmationCurrent: true, reasons: [] };
  }
  const undatedReasons: EligibilityReason[] = input.statuses
    .filter((s) => s.statusDate === null && statusKindRank(s.kind) >= rank)
    .map((s) => ({
      code: 'ASSESSMENT_DATE_UNKNOWN',
      message: `a ${STATUS_KIND_NAMES[s.kind]} assessment has no assessment date, so it gives no status: give one in the file, suppliers.csv or --assessment-date`,
    }));
  const overdue = held[0];
  if (overdue) {
    const standing = affirmation(overdue);
    return {
      ...base,
      eligible: false,
      ...describe(overdue),
      affirmationCurrent: false,
      reasons: [
        {
          code: 'AFFIRMATION_OVERDUE',
          message: `${overdue.statusLabel} is in force, but its yearly affirmation was due by ${standing?.dueOn}: none is on record since (32 CFR 170.22; 170.15(b))`,
        },
        ...undatedReasons,
      ],
    };
  }
  const closest = dated[0];
  const needed = `${STATUS_KIND_NAMES[kind]}${kind === 'L3-dibcac' ? '' : ' or higher'}`;
  if (!closest) {
    return {
      ...base,
      eligible: false,
      statusKind: null,
      statusLabel: null,
      statusExpiresOn: null,
      closeoutDeadline: null,
      affirmationCurrent: null,
      reasons: [
        ...(undatedReasons.length > 0
          ? []
          : [
              {
                code: 'NO_STATUS_OF_KIND' as const,
                message: `no ${needed} assessment on record by ${input.asOf}`,
              },
            ]),
        ...undatedReasons,
      ],
    };
  }
  const why = closest.reasons[0]?.message ?? '';
  const codes = new Set(closest.reasons.map((r) => r.code));
  const code: EligibilityReasonCode =
    closest.status !== 'EXPIRED'
      ? 'NO_STATUS_OF_KIND'
      : codes.has('STATUS_LAPSED')
        ? 'STATUS_LAPSED'
        : 'CONDITIONAL_EXPIRED';
  const name = STATUS_KIND_NAMES[closest.kind];
  const message =
    code === 'NO_STATUS_OF_KIND'
      ? `no ${needed} status in force: the ${name} assessment of ${closest.assessmentDate} gives none (${why})`
      : code === 'STATUS_LAPSED'
        ? `the ${name} status lapsed after ${closest.statusExpiresOn}: a new assessment is due`
        : `the Conditional ${name} status expired: ${why}`;
  return {
    ...base,
    eligible: false,
    ...describe(closest),
    affirmationCurrent: null,
    reasons: [{ code, message }, ...undatedReasons],
  };
}
