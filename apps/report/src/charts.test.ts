import { expect, test } from 'vitest';
import { drawFamilyFailureRate, drawScoreHistogram, drawStatusBreakdown } from './charts.js';

test('text from data is escaped inside the SVG', () => {
  const svg = drawScoreHistogram({
    min: 1,
    q1: 1,
    median: 1,
    q3: 1,
    max: 1,
    histogram: [{ label: '<script>alert(1)</script>', count: 1 }],
  });
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).not.toContain('<script');
  expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
});

test('family labels from data are escaped too', () => {
  const svg = drawFamilyFailureRate([
    {
      family: '"><img src=x>',
      familyName: 'x',
      failingSuppliers: 1,
      assessedSuppliers: 2,
      rate: 0.5,
    },
  ]);
  expect(svg).not.toContain('<img');
  expect(svg).toContain('&gt;&lt;img src=x&gt;');
});

test('the same data gives the same SVG (reports are reproducible)', () => {
  const counts = { FINAL: 3, CONDITIONAL: 2, EXPIRED: 0, NO_STATUS: 1 };
  expect(drawStatusBreakdown(counts)).toBe(drawStatusBreakdown(counts));
});
