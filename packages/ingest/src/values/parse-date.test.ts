import { describe, expect, it } from 'vitest';
import {
  excelSerialToIso,
  inferDateOrder,
  orderMatchingDate,
  parseDateCell,
  parseDateText,
} from './parse-date.js';

describe('parseDateText', () => {
  it('reads ISO, US m/d/yyyy, d.m.yyyy and month names', () => {
    expect(parseDateText('2026-03-04')).toEqual({ ok: true, iso: '2026-03-04' });
    expect(parseDateText('2026-03-04T00:00:00Z')).toEqual({ ok: true, iso: '2026-03-04' });
    expect(parseDateText('10/15/2026')).toEqual({ ok: true, iso: '2026-10-15' });
    expect(parseDateText('15/10/2026')).toEqual({ ok: true, iso: '2026-10-15' });
    expect(parseDateText('20.04.2026')).toEqual({ ok: true, iso: '2026-04-20' });
    expect(parseDateText('4 Mar 2026')).toEqual({ ok: true, iso: '2026-03-04' });
    expect(parseDateText('March 4, 2026')).toEqual({ ok: true, iso: '2026-03-04' });
    expect(parseDateText('05/05/2026')).toEqual({ ok: true, iso: '2026-05-05' });
  });

  it('refuses an ambiguous day/month date unless the order is given', () => {
    const result = parseDateText('03/04/2026');
    expect(result).toMatchObject({ ok: false, code: 'AMBIGUOUS_DATE' });
    expect(result.ok ? '' : result.message).toContain('2026-03-04 (month/day) or 2026-04-03');
    expect(parseDateText('03/04/2026', 'mdy')).toEqual({ ok: true, iso: '2026-03-04' });
    expect(parseDateText('03/04/2026', 'dmy')).toEqual({ ok: true, iso: '2026-04-03' });
  });

  it('refuses impossible dates and words', () => {
    expect(parseDateText('2026-02-30')).toMatchObject({ ok: false, code: 'BAD_DATE' });
    expect(parseDateText('2/30/2026')).toMatchObject({ ok: false, code: 'BAD_DATE' });
    expect(parseDateText('next quarter')).toMatchObject({ ok: false, code: 'BAD_DATE' });
  });
});

describe('parseDateCell', () => {
  it('reads real date cells, serial numbers and text', () => {
    expect(parseDateCell({ text: '2026-01-31', date: '2026-01-31' })).toEqual({
      ok: true,
      iso: '2026-01-31',
    });
    // 46022 days after 1899-12-30 is 2025-12-31 (Excel's 1900 system).
    expect(parseDateCell({ text: '46022', number: 46022 })).toEqual({
      ok: true,
      iso: '2025-12-31',
    });
    expect(excelSerialToIso(45306)).toBe('2024-01-15');
    expect(parseDateCell({ text: '' })).toBeNull();
    expect(parseDateCell({ text: '7', number: 7 })).toMatchObject({ ok: false });
  });
});

describe('inferDateOrder', () => {
  const sheet = (name: string | null, ...rows: string[][]) => ({
    name,
    rows: rows.map((r) => r.map((text) => ({ text }))),
  });

  it('takes the order a date that reads one way only proves, with where it was found', () => {
    expect(
      inferDateOrder([
        sheet('Status', ['3.1.1', 'Met', '03/04/2026'], ['3.1.2', 'Met', '9/15/2026 10:00 AM']),
      ]),
    ).toEqual({
      proven: { order: 'mdy', example: '9/15/2026 10:00 AM', sheet: 'Status', row: 2, column: 2 },
      ambiguousExample: '03/04/2026',
    });
    expect(
      inferDateOrder([sheet(null, ['15-09-2026']), sheet(null, ['04.03.2026'])]).proven,
    ).toMatchObject({ order: 'dmy', example: '15-09-2026' });
  });

  it('proves nothing from dates that read both ways, a file that contradicts itself, or requirement ids', () => {
    expect(inferDateOrder([sheet(null, ['03/04/2026', '05/05/2026'])])).toEqual({
      proven: null,
      ambiguousExample: '03/04/2026',
    });
    expect(inferDateOrder([sheet(null, ['9/15/2026'], ['15/9/2026'], ['3/4/2026'])]).proven).toBe(
      null,
    );
    // 3.13.11 and 3.14.7 are NIST ids, not dates with two-digit years
    expect(inferDateOrder([sheet(null, ['3.13.11', '3.1.22', '13.1.2026.x'])])).toEqual({
      proven: null,
      ambiguousExample: null,
    });
  });
});

describe('the plausible date range', () => {
  it('refuses dates outside 2000-01-01 .. 2099-12-31 however they are written, with the reason', () => {
    expect(parseDateText('2000-01-01')).toEqual({ ok: true, iso: '2000-01-01' });
    expect(parseDateText('12/31/2099')).toEqual({ ok: true, iso: '2099-12-31' });
    for (const raw of ['9999-06-01', '1999-12-31', '2100-01-01', '6/13/9999', '1 Jun 1990']) {
      const result = parseDateText(raw);
      expect(result.ok, raw).toBe(false);
      expect(!result.ok && result.code).toBe('BAD_DATE');
      expect(!result.ok && result.message).toMatch(
        /outside the dates accepted, 2000-01-01 to 2099-12-31/,
      );
    }
    // A real date cell and an Excel serial (79000 is 2116-04-14) are held to the same range.
    expect(parseDateCell({ text: '9999-06-01', date: '9999-06-01' })?.ok).toBe(false);
    expect(parseDateCell({ text: '79000', number: 79000 })?.ok).toBe(false);
    expect(parseDateCell({ text: '46000', number: 46000 })).toEqual({
      ok: true,
      iso: '2025-12-09',
    });
  });
});

describe('orderMatchingDate', () => {
  const sheet = (...rows: string[][]) => ({
    name: null,
    rows: rows.map((r) => r.map((text) => ({ text }))),
  });

  it('takes the order under which an ambiguous date is the date in the file name, inline labels included', () => {
    expect(orderMatchingDate([sheet(['Assessment Date: 06/01/2026'])], '2026-06-01')).toEqual({
      order: 'mdy',
      example: '06/01/2026',
      sheet: null,
      row: 1,
      column: 0,
    });
    expect(orderMatchingDate([sheet(['x', '06/01/2026'])], '2026-01-06')?.order).toBe('dmy');
    // The inline date also counts as a file's own evidence of its order.
    expect(inferDateOrder([sheet(['Assessment Date: 9/15/2026'])]).proven?.order).toBe('mdy');
  });

  it('proves nothing when no date reads as the name date, or when two read as it in opposite orders', () => {
    expect(orderMatchingDate([sheet(['06/01/2026'])], '2026-06-02')).toBeNull();
    expect(orderMatchingDate([sheet(['06/01/2026'], ['01/06/2026'])], '2026-06-01')).toBeNull();
    expect(orderMatchingDate([sheet(['05/05/2026'])], '2026-05-05')).toBeNull();
  });
});
