import { expect, test } from 'vitest';
import {
  drawFamilyFailureRate,
  drawFamilyPointsLost,
  drawScoreHistogram,
  drawScoreScale,
  drawStatusBreakdown,
} from './charts.js';

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

test('the score scale draws the Conditional minimum where the level puts it', () => {
  // Level 3: 20 of 24. The dashed line's label names the value, and a score under it is drawn red.
  const level3 = drawScoreScale({ score: 19, maxScore: 24, minimum: 20 });
  expect(level3).toContain('Conditional minimum 20');
  expect(level3).toMatch(/stroke-dasharray/);
  expect(level3).toContain('#b42318');
  expect(drawScoreScale({ score: 102, maxScore: 110, minimum: 88 })).toContain(
    'Conditional minimum 88',
  );
});

test('the Level 2 histogram draws 88 on the boundary of the 88-109 bucket', () => {
  const svg = drawScoreHistogram({
    min: 10,
    q1: 50,
    median: 90,
    q3: 100,
    max: 110,
    histogram: ['<0', '0-49', '50-87', '88-109', '110'].map((label) => ({ label, count: 1 })),
  });
  expect(svg).toContain('Conditional minimum 88');
  // grid left 40 + 3 buckets of (340 - 40 - 12) / 5 = 57.6: x = 212.8
  expect(svg).toMatch(/M212\.8 \d/);
});

test('charts drawn once per input: different data still gives different drawings', () => {
  const family = (pointsLost: number) => ({
    family: 'AC',
    familyName: 'Access Control',
    pointsLost,
    maxPoints: 61,
    notMet: 1,
  });
  const five = drawFamilyPointsLost([family(5)]);
  expect(drawFamilyPointsLost([family(3)])).not.toBe(five);
  expect(drawFamilyPointsLost([family(5)])).toBe(five);
});
