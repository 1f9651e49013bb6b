/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`) in UTC. Compliance deadlines are calendar days, so there is no
 * time of day and no local time zone anywhere: the same inputs give the same dates on every machine.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * The dates an assessment, a status, a POA&M deadline or an `--as-of` day may fall on. CMMC (32 CFR 170, 2024) and
 * NIST SP 800-171 (2015) postdate 2000, and a date after 2099 in a supplier file is a typo or a hostile value; both
 * bounds keep every derived date (status + 3 years, POA&M + 180 days) a four-digit ISO date.
 */
export const EARLIEST_DATE = '2000-01-01';
export const LATEST_DATE = '2099-12-31';

/** True when `value` is an ISO date from EARLIEST_DATE to LATEST_DATE, inclusive. */
export function isPlausibleDate(value: string): boolean {
  return isIsoDate(value) && value >= EARLIEST_DATE && value <= LATEST_DATE;
}

/** True when `value` is a real calendar date written `YYYY-MM-DD` (2026-02-30 is not). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function toEpochDay(value: string): number {
  if (!isIsoDate(value)) throw new RangeError(`not an ISO date (YYYY-MM-DD): "${value}"`);
  return Date.parse(`${value}T00:00:00Z`) / DAY_MS;
}

/** Formats a UTC instant as `YYYY-MM-DD`; a year outside 0000-9999 has no such form, so it is refused. */
function isoOf(date: Date): string {
  const year = date.getUTCFullYear();
  if (!Number.isFinite(year) || year < 0 || year > 9999) {
    throw new RangeError(`date out of the range an ISO date (YYYY-MM-DD) can write: year ${year}`);
  }
  return date.toISOString().slice(0, 10);
}

function fromEpochDay(day: number): string {
  return isoOf(new Date(day * DAY_MS));
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return fromEpochDay(toEpochDay(date) + days);
}

/** `date` plus `years`; 29 February becomes 1 March in a year without one. */
export function addYears(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  toEpochDay(date);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return isoOf(d);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toEpochDay(to) - toEpochDay(from);
}
