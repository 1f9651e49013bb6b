import { describe, expect, test } from 'vitest';
import {
  escapeHtml,
  formatDate,
  formatDaysTo,
  formatNumber,
  formatPercent,
  formatPlural,
  formatScore,
  statusClass,
} from './format.js';

describe('formatDate', () => {
  test('reads the calendar date in UTC whatever the machine time zone', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati'; // UTC+14: a local-time formatter would say 29 Nov
    try {
      expect(formatDate('2026-11-28')).toBe('28 Nov 2026');
    } finally {
      process.env.TZ = zone;
    }
  });

  test('uses a fixed month list ("Sep", never ICU\'s "Sept")', () => {
    expect(formatDate('2026-09-01')).toBe('1 Sep 2026');
  });

  test('shows a dash for null and leaves non-dates as they are', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDate('2026-02-30')).toBe('2026-02-30');
    expect(formatDate('soon')).toBe('soon');
  });
});

test('numbers, percentages and plurals', () => {
  expect(formatNumber(-203)).toBe('-203');
  expect(formatNumber(1234)).toBe('1,234');
  expect(formatNumber(98.25)).toBe('98.3');
  expect(formatNumber(null)).toBe('—');
  expect(formatPercent(0.425)).toBe('43%');
  expect(formatPlural(1, 'supplier')).toBe('1 supplier');
  expect(formatPlural(2, 'supplier')).toBe('2 suppliers');
  expect(formatDaysTo(-3)).toBe('3 days overdue');
  expect(formatDaysTo(1)).toBe('in 1 day');
});

test('scores: Level 1 is not scored, a null Level 2 score is "No score" (SSP NOT MET)', () => {
  expect(formatScore(null, 1)).toBe('Not scored');
  expect(formatScore(null, 2)).toBe('No score');
  expect(formatScore(88, 2)).toBe('88');
});

test('status classes come from a fixed whitelist', () => {
  expect(statusClass('FINAL')).toBe('badge-final');
  expect(statusClass('NO_STATUS')).toBe('badge-no-status');
  expect(statusClass('" onload="x')).toBe('badge-unknown');
  expect(statusClass('constructor')).toBe('badge-unknown');
});

test('escapeHtml escapes markup and quotes', () => {
  expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
    '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
  );
});
