import { describe, expect, it } from 'vitest';
import { addDays, addYears, daysBetween, isIsoDate, isPlausibleDate } from './dates.js';

describe('date helpers', () => {
  it('keep to four-digit ISO dates: a result past year 9999 is a RangeError, never "+010000-06-01"', () => {
    expect(addYears('9998-06-01', 1)).toBe('9999-06-01');
    expect(() => addYears('9999-06-01', 3)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 180)).toThrow(RangeError);
    expect(() => addDays('0000-01-01', -1)).toThrow(RangeError);
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
  });

  it('call a date plausible only from 2000-01-01 to 2099-12-31', () => {
    expect(isPlausibleDate('2000-01-01')).toBe(true);
    expect(isPlausibleDate('2099-12-31')).toBe(true);
    expect(isPlausibleDate('1999-12-31')).toBe(false);
    expect(isPlausibleDate('2100-01-01')).toBe(false);
    expect(isPlausibleDate('9999-06-01')).toBe(false);
    expect(isPlausibleDate('2026-02-30')).toBe(false);
    expect(isIsoDate('9999-06-01')).toBe(true);
  });
});
