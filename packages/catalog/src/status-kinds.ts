/**
 * A CMMC status is a level *and* an assessment kind (32 CFR 170.4, 170.15-170.18): Level 1 (Self), Level 2 (Self),
 * Level 2 (C3PAO), Level 3 (DIBCAC). Each is decided from the latest assessment of its own kind, so a later
 * self-assessment never ends a Final Level 2 (C3PAO). This file is the one home of the kinds, their names as the rule
 * writes them, and the order in which one satisfies a contract requiring another (DFARS 252.204-7021; 170.15(b)).
 * Store migration 009 mirrors it in SQL (status_kind, status_label); a test checks they agree.
 */

import type { CmmcStatus } from './scoring.js';
import type { CmmcLevel } from './types.js';

/** Who performed an assessment: the organization itself, a C3PAO, or DCMA DIBCAC. */
export type AssessmentType = 'self' | 'c3pao' | 'dibcac';
export const ASSESSMENT_TYPES = ['self', 'c3pao', 'dibcac'] as const;

/** The four CMMC statuses a supplier can hold, lowest first. */
export type StatusKind = 'L1-self' | 'L2-self' | 'L2-c3pao' | 'L3-dibcac';
export const STATUS_KINDS = ['L1-self', 'L2-self', 'L2-c3pao', 'L3-dibcac'] as const;

/** What a contract may require, as `cmmc eligibility --requires` and suppliers.csv's `required_status` write it. */
export type RequiredStatus = 'L1' | 'L2-self' | 'L2-c3pao' | 'L3';
export const REQUIRED_STATUSES = ['L1', 'L2-self', 'L2-c3pao', 'L3'] as const;

/** A supplier with no `required_status` is judged against Level 2 (Self), the commonest requirement for CUI. */
export const DEFAULT_REQUIRED_STATUS: RequiredStatus = 'L2-self';

/** The rule's own name of each kind, as in "Conditional Level 2 (C3PAO)". */
export const STATUS_KIND_NAMES: Record<StatusKind, string> = {
  'L1-self': 'Level 1 (Self)',
  'L2-self': 'Level 2 (Self)',
  'L2-c3pao': 'Level 2 (C3PAO)',
  'L3-dibcac': 'Level 3 (DIBCAC)',
};

/**
 * The kind an assessment gives: `self` gives (Self); `c3pao` gives Level 2 (C3PAO); `dibcac` gives Level 2 (C3PAO) at
 * Level 2 and Level 3 (DIBCAC) at Level 3 (170.17, 170.18; a DIBCAC assessment at Level 2 is a certification
 * assessment). Level 1 is a self-assessment whoever helps (CMMC Assessment Guide L1: help from a third party "is still
 * considered a self-assessment"), and Level 3 is assessed only by DIBCAC (170.18).
 */
export function statusKindOf(level: CmmcLevel, type: AssessmentType): StatusKind {
  if (level === 1) return 'L1-self';
  if (level === 3) return 'L3-dibcac';
  return type === 'self' ? 'L2-self' : 'L2-c3pao';
}

/** The kind a required status names. */
export function requiredKind(required: RequiredStatus): StatusKind {
  switch (required) {
    case 'L1':
      return 'L1-self';
    case 'L2-self':
      return 'L2-self';
    case 'L2-c3pao':
      return 'L2-c3pao';
    case 'L3':
      return 'L3-dibcac';
  }
}

/** Reads `L1`, `l2-C3PAO`, `Level 2 (C3PAO)`, `L3` ...; null when the text names none of the four. */
export function parseRequiredStatus(text: string): RequiredStatus | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t === '') return null;
  const level = /^(?:l|level|cmmc level|cmmc l)\s*-?\s*([123])\b/.exec(t)?.[1];
  if (level === '1') return 'L1';
  if (level === '3') return 'L3';
  if (level === '2') {
    if (/c3pao|certif|third/.test(t)) return 'L2-c3pao';
    if (/self/.test(t)) return 'L2-self';
    return null;
  }
  return null;
}

/** Rank in the order L1 (Self) < L2 (Self) < L2 (C3PAO) < L3 (DIBCAC). */
export function statusKindRank(kind: StatusKind): number {
  return STATUS_KINDS.indexOf(kind);
}

/**
 * The status held, in the rule's words: "Final Level 1 (Self)", "Conditional Level 2 (C3PAO)". Null without one: an
 * expired or lapsed status is no longer held (170.21(b): it "will expire"), and NO_STATUS never was.
 */
export function statusLabel(status: CmmcStatus, kind: StatusKind): string | null {
  switch (status) {
    case 'FINAL':
      return `Final ${STATUS_KIND_NAMES[kind]}`;
    case 'CONDITIONAL':
      return `Conditional ${STATUS_KIND_NAMES[kind]}`;
    case 'EXPIRED':
    case 'NO_STATUS':
      return null;
  }
}
