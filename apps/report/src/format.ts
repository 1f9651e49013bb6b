/**
 * Value formatting shared by the templates and the PDF header/footer. Everything here is deterministic:
 * dates are read and written in UTC with a fixed English month list (ICU versions disagree on "Sep" vs
 * "Sept"), and number formatters are created once (a new `Intl.NumberFormat` per call costs ~25× more).
 */
import type { AssessmentType, CmmcLevel, CmmcStatus } from './view-models.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const percentFormat = new Intl.NumberFormat('en-US', {
  style: 'percent',
  maximumFractionDigits: 0,
});

/** Shown wherever a value is absent. */
export const EMPTY_VALUE = '—';

/**
 * `2026-11-28` → `28 Nov 2026`. Only the calendar date is read, so the machine's time zone never moves it.
 * @returns `—` for null; the input unchanged when it is not a valid `YYYY-MM-DD` date.
 */
export function formatDate(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return EMPTY_VALUE;
  const match = ISO_DATE.exec(value);
  if (!match) return value;
  const [, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCDate() !== Number(day)) return value;
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** Whole numbers with thousands separators, one decimal otherwise; `—` for null or NaN. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return EMPTY_VALUE;
  return Number.isInteger(value) ? integerFormat.format(value) : decimalFormat.format(value);
}

/** A 0..1 ratio as a whole percentage (`0.425` → `43%`); `—` for null. */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return EMPTY_VALUE;
  return percentFormat.format(value);
}

/** `1, "supplier"` → `1 supplier`; `3, "supplier"` → `3 suppliers`; irregular plurals are passed in. */
export function formatPlural(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : plural}`;
}

/**
 * The score as a sentence fragment: Level 1 has no score (a result only, 32 CFR 170.24(c)(1)); a null
 * score at Level 2 or 3 means 3.12.4 (SSP) is NOT MET and the assessment could not be completed.
 */
export function formatScore(score: number | null, level: CmmcLevel): string {
  if (level === 1) return 'Not scored';
  if (score === null) return 'No score';
  return formatNumber(score);
}

/** `12` → `in 12 days`, `0` → `today`, `-3` → `3 days overdue`; `—` for null. */
export function formatDaysTo(days: number | null | undefined): string {
  if (days === null || days === undefined) return EMPTY_VALUE;
  if (days === 0) return 'today';
  if (days > 0) return `in ${formatPlural(days, 'day')}`;
  return `${formatPlural(-days, 'day')} overdue`;
}

const STATUS_LABELS: Record<CmmcStatus, string> = {
  FINAL: 'Final',
  CONDITIONAL: 'Conditional',
  EXPIRED: 'Expired',
  NO_STATUS: 'No status',
};

/** Fixed whitelist: a status string from data can only ever select one of these classes. */
const STATUS_CLASSES: Record<CmmcStatus, string> = {
  FINAL: 'badge-final',
  CONDITIONAL: 'badge-conditional',
  EXPIRED: 'badge-expired',
  NO_STATUS: 'badge-no-status',
};

function isStatus(value: unknown): value is CmmcStatus {
  return typeof value === 'string' && Object.hasOwn(STATUS_LABELS, value);
}

export function formatStatus(status: unknown): string {
  return isStatus(status) ? STATUS_LABELS[status] : 'Unknown';
}

/** CSS class for a status badge, from a fixed list; anything else gets `badge-unknown`. */
export function statusClass(status: unknown): string {
  return isStatus(status) ? STATUS_CLASSES[status] : 'badge-unknown';
}

const ASSESSMENT_TYPES: Record<AssessmentType, string> = {
  self: 'Self-assessment',
  c3pao: 'C3PAO assessment',
  dibcac: 'DCMA DIBCAC assessment',
};

export function formatAssessmentType(type: unknown): string {
  return typeof type === 'string' && Object.hasOwn(ASSESSMENT_TYPES, type)
    ? ASSESSMENT_TYPES[type as AssessmentType]
    : 'Unknown assessment type';
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and quoted attributes (used for the PDF header and footer). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}
