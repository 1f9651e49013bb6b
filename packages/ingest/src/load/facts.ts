/** Reading the few free-text facts a file or manifest states: level, assessment type, score. */
import type { CmmcLevel } from '@cmmc/catalog';

export type AssessmentType = 'self' | 'c3pao' | 'dibcac';

/** "Level 2", "L2", "CMMC Level 2 (Self)", "2" → 2; null when no level 1-3 is named. */
export function parseLevel(text: string): CmmcLevel | null {
  const m = /(?:^|level\s*|\bl)([123])\b/i.exec(text.trim());
  return m ? (Number(m[1]) as CmmcLevel) : null;
}

/** "Self-Assessment", "C3PAO", "Third party", "DIBCAC" → the type; null when unrecognised. */
export function parseAssessmentType(text: string): AssessmentType | null {
  if (/dibcac|dcma|government/i.test(text)) return 'dibcac';
  if (/c3pao|third[-\s]?party|certification assessment/i.test(text)) return 'c3pao';
  if (/self/i.test(text)) return 'self';
  return null;
}

/**
 * "95", "SPRS: 95", "-12 / 110" → 95, -12; a sum written out ("110 + total = 88", "110 - 22 = 88") → its result;
 * null when there is no integer.
 */
export function parseScore(text: string): number | null {
  const m = /=\s*()([-−]?\d{1,3})\s*$/.exec(text) ?? /(^|[^\d])([-−]?\d{1,3})(?!\d)/.exec(text);
  if (!m) return null;
  const value = Number((m[2] ?? '').replace('−', '-'));
  return value >= -203 && value <= 110 ? value : null;
}

/**
 * "POA&M Closeout", "Closeout assessment", "closeout" → 'closeout' (a POA&M closeout assessment, 32 CFR 170.21(b));
 * anything else ("Initial", "Annual") → null: the assessment is then judged by its findings alone.
 */
export function parseAssessmentPurpose(text: string): 'closeout' | null {
  return /close[\s-]*out/i.test(text) ? 'closeout' : null;
}
