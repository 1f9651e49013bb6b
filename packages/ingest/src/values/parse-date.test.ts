import { describe, expect, it } from 'vitest';
import { excelSerialToIso, parseDateCell, parseDateText } from './parse-date.js';

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
