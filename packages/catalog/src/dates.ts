/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`) in UTC. Compliance deadlines are calendar days, so there is no
 * time of day and no local time zone anywhere: the same inputs give the same dates on every machine.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

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

function fromEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
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
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toEpochDay(to) - toEpochDay(from);
}
