/**
 * The reference for a whole organization: every status it holds on a day, one per kind, from all its assessments and
 * POA&M files. Store migration 009 (`supplier_status(as_of)`) computes the same rows in SQL; property tests compare
 * them. Rules (packages/catalog/reference/rules.md):
 * - a status is decided from the latest initial assessment of its kind dated on or before `asOf` (ties: the larger
 *   id); an assessment marked as a POA&M closeout assessment never decides a status on its own;
 * - a POA&M closeout assessment (170.21(b)) of that assessment, same kind, is the latest one marked so that is newer
 *   and dated after its status date; without a marked one, the latest initial assessment is the closeout of the one
 *   before it when it is dated after that one's Conditional status date and no later than its 180th day, finds every
 *   requirement NOT MET there now MET, and finds nothing else NOT MET;
 * - a POA&M item belongs to the assessment of its own file at its level, else to the latest assessment of its level
 *   dated on or before the POA&M's own date; an undated POA&M to the latest one on `asOf`;
 * - Level 3 counts only after a Final Level 2 (C3PAO) status achieved on or before the Level 3 assessment date and in
 *   force on `asOf` (170.18(a));
 * - an undated assessment gets its score and NO_STATUS (ASSESSMENT_DATE_UNKNOWN), whatever `asOf`, and decides no
 *   dated status.
 */

import { daysBetween } from './dates.js';
import {
  type AssessmentInput,
  decideStatus,
  type PoamEntry,
  type RequirementOutcome,
  type StatusDecision,
} from './scoring.js';
import { type AssessmentType, type StatusKind, statusKindOf } from './status-kinds.js';
import type { CmmcLevel } from './types.js';

export interface AssessmentRecord {
  id: number;
  level: CmmcLevel;
  type: AssessmentType;
  /** Null when no source gives it. */
  assessmentDate: string | null;
  statusDate?: string | null;
  /** `closeout` when the file or suppliers.csv says it is a POA&M closeout assessment. */
  purpose?: 'closeout' | null;
  findings: ReadonlyMap<string, RequirementOutcome>;
  /** POA&M items that came in the assessment's own file. */
  poam?: readonly PoamEntry[];
}

/** A POA&M that came in a file of its own. */
export interface PoamFile {
  level: CmmcLevel;
  /** Its "POAM Date", else the earliest detection date of its items, else its file's assessment date; or null. */
  date: string | null;
  items: readonly PoamEntry[];
}

export interface OrganizationStatusInput {
  assessments: readonly AssessmentRecord[];
  poamFiles?: readonly PoamFile[];
  asOf: string;
}

export interface KindStatus extends StatusDecision {
  /** The assessment the row is read from: the latest of its kind (the closeout assessment after a closeout). */
  assessmentId: number;
  assessmentType: AssessmentType;
  assessmentDate: string | null;
  /** The CMMC Status Date (the Conditional one after a closeout); null for an undated assessment. */
  statusDate: string | null;
  /** The assessment before it of the same kind, if any. */
  previousAssessmentId: number | null;
}

function newerFirst(a: AssessmentRecord, b: AssessmentRecord): number {
  const byDate = (b.assessmentDate ?? '').localeCompare(a.assessmentDate ?? '');
  return byDate !== 0 ? byDate : b.id - a.id;
}

/** The POA&M items each assessment owns on `asOf` (see the header). */
export function attachPoams(input: OrganizationStatusInput): Map<number, PoamEntry[]> {
  const owned = new Map<number, PoamEntry[]>();
  for (const a of input.assessments) owned.set(a.id, [...(a.poam ?? [])]);
  const dated = input.assessments.filter((a) => a.assessmentDate !== null).sort(newerFirst);
  for (const file of input.poamFiles ?? []) {
    const by = file.date ?? input.asOf;
    const owner = dated.find(
      (a) => a.level === file.level && daysBetween(a.assessmentDate as string, by) >= 0,
    );
    if (owner) owned.get(owner.id)?.push(...file.items);
  }
  return owned;
}

function statusDateOf(a: AssessmentRecord): string {
  return a.statusDate ?? (a.assessmentDate as string);
}

function asInput(
  a: AssessmentRecord,
  poam: readonly PoamEntry[],
  asOf: string,
  extra: Partial<AssessmentInput> = {},
): AssessmentInput {
  return {
    level: a.level,
    type: a.type,
    findings: a.findings,
    poam,
    statusDate: a.statusDate ?? a.assessmentDate ?? asOf,
    assessmentDate: a.assessmentDate ?? asOf,
    asOf,
    ...extra,
  };
}

/**
 * Whether `latest` is the POA&M closeout assessment of `earlier` (same kind, `earlier` Conditional on its own):
 * marked so, or dated within the window and finding every requirement NOT MET on `earlier` MET and nothing else NOT
 * MET. Dated on or before the Conditional status date, it is not.
 */
function closesOut(
  earlier: AssessmentRecord,
  earlierDecision: StatusDecision,
  latest: AssessmentRecord,
): boolean {
  if (earlierDecision.status !== 'CONDITIONAL' || earlierDecision.closeoutDeadline === null) {
    return false;
  }
  const latestDate = latest.assessmentDate as string;
  if (daysBetween(statusDateOf(earlier), latestDate) <= 0) return false;
  if (latest.purpose === 'closeout') return true;
  if (daysBetween(latestDate, earlierDecision.closeoutDeadline) < 0) return false;
  const satisfied = (id: string) => {
    const f = latest.findings.get(id)?.finding;
    return f === 'MET' || f === 'NOT_APPLICABLE';
  };
  if (!earlierDecision.notMet.every(satisfied)) return false;
  return [...latest.findings.values()].every((o) => o.finding !== 'NOT_MET');
}

/** Every status the organization holds on `asOf`, one row per kind it has a dated assessment of, then undated ones. */
export function decideStatuses(input: OrganizationStatusInput): KindStatus[] {
  const poams = attachPoams(input);
  const poamOf = (a: AssessmentRecord) => poams.get(a.id) ?? [];
  const byKind = new Map<StatusKind, AssessmentRecord[]>();
  for (const a of input.assessments) {
    if (a.assessmentDate === null || daysBetween(a.assessmentDate, input.asOf) < 0) continue;
    const kind = statusKindOf(a.level, a.type);
    byKind.set(kind, [...(byKind.get(kind) ?? []), a]);
  }
  for (const list of byKind.values()) list.sort(newerFirst);

  const decideKind = (kind: StatusKind, level2: KindStatus | undefined): KindStatus | null => {
    const all = byKind.get(kind) ?? [];
    // a status is decided from an initial assessment; one marked as a closeout only ever closes one out
    const initials = all.filter((a) => a.purpose !== 'closeout');
    const [latest, previous] = initials;
    if (!latest) return null;
    const level3Extra: Partial<AssessmentInput> =
      kind === 'L3-dibcac'
        ? {
            hasFinalLevel2C3pao: level2?.status === 'FINAL',
            level2FinalSince: level2 ? (level2.closedOutOn ?? level2.statusDate) : null,
          }
        : {};
    const conditionalOnItsOwn = (a: AssessmentRecord) =>
      decideStatus(
        asInput(a, poamOf(a), input.asOf, {
          ...level3Extra,
          hasFinalLevel2C3pao: true,
          level2FinalSince: null,
          asOf: statusDateOf(a),
        }),
      );
    // the closeout applied: the latest marked one newer than the latest initial assessment, else the latest initial
    // assessment itself when it closes the one before it out by its findings
    const marked = all.find((a) => a.purpose === 'closeout');
    let pair: { conditional: AssessmentRecord; closeout: AssessmentRecord } | null = null;
    if (marked && all.indexOf(marked) < all.indexOf(latest)) {
      if (closesOut(latest, conditionalOnItsOwn(latest), marked)) {
        pair = { conditional: latest, closeout: marked };
      }
    } else if (previous && closesOut(previous, conditionalOnItsOwn(previous), latest)) {
      pair = { conditional: previous, closeout: latest };
    }
    if (pair) {
      const decision = decideStatus(
        asInput(pair.conditional, poamOf(pair.conditional), input.asOf, {
          ...level3Extra,
          closeout: {
            date: pair.closeout.assessmentDate as string,
            findings: pair.closeout.findings,
          },
        }),
      );
      return {
        ...decision,
        assessmentId: pair.closeout.id,
        assessmentType: pair.closeout.type,
        assessmentDate: pair.closeout.assessmentDate,
        statusDate: statusDateOf(pair.conditional),
        previousAssessmentId: pair.conditional.id,
      };
    }
    const decision = decideStatus(asInput(latest, poamOf(latest), input.asOf, level3Extra));
    return {
      ...decision,
      assessmentId: latest.id,
      assessmentType: latest.type,
      assessmentDate: latest.assessmentDate,
      statusDate: statusDateOf(latest),
      previousAssessmentId: previous?.id ?? null,
    };
  };

  const rows: KindStatus[] = [];
  const level2 = decideKind('L2-c3pao', undefined);
  for (const kind of ['L1-self', 'L2-self', 'L2-c3pao', 'L3-dibcac'] as const) {
    const row = kind === 'L2-c3pao' ? level2 : decideKind(kind, level2 ?? undefined);
    if (row) rows.push(row);
  }
  const undated = input.assessments
    .filter((a) => a.assessmentDate === null)
    .sort((a, b) => a.id - b.id);
  for (const a of undated) {
    const own = decideStatus(asInput(a, poamOf(a), input.asOf, { hasFinalLevel2C3pao: true }));
    rows.push({
      ...own,
      status: 'NO_STATUS',
      statusLabel: null,
      reasons: [
        {
          code: 'ASSESSMENT_DATE_UNKNOWN',
          requirement: null,
          message: 'no assessment date: give one in the file, suppliers.csv or --assessment-date',
        },
      ],
      closeoutDeadline: null,
      daysToDeadline: null,
      statusExpiresOn: null,
      closedOutOn: null,
      assessmentId: a.id,
      assessmentType: a.type,
      assessmentDate: null,
      statusDate: null,
      previousAssessmentId: null,
    });
  }
  return rows;
}
