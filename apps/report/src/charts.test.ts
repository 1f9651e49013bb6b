import { describe, expect, test } from 'vitest';
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
  const low = drawScoreScale({ score: 40, maxScore: 110, minimum: 88 });
  expect(drawScoreScale({ score: 41, maxScore: 110, minimum: 88 })).not.toBe(low);
  expect(drawScoreScale({ score: 40, maxScore: 110, minimum: 88 })).toBe(low);
});

describe('points lost by family', () => {
  const family = (code: string, pointsLost: number) => ({
    family: code,
    familyName: code,
    pointsLost,
    maxPoints: 61,
    notMet: 1,
  });

  test('one bar per family, first on top, each labelled with its points, on a 0-based axis', () => {
    const svg = drawFamilyPointsLost([family('AC', 6), family('MP', 7), family('SI', 3)]);
    const labels = [...svg.matchAll(/text-anchor="end"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(labels).toEqual(['AC', 'MP', 'SI']);
    const bars = [...svg.matchAll(/<path d="M42 ([\d.]+)l([\d.]+) 0/g)].map((m) => ({
      y: Number(m[1]),
      length: Number(m[2]),
    }));
    expect(bars).toHaveLength(3);
    expect(bars[0]?.y).toBeLessThan(bars[1]?.y ?? 0);
    // Axis 0-7 by 1 over 268 px: 7 points fill it, 6 and 3 in proportion.
    expect(bars.map((bar) => Math.round(bar.length))).toEqual([230, 268, 115]);
    const values = [...svg.matchAll(/text-anchor="start"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(values).toEqual(['6', '7', '3']);
    const ticks = [...svg.matchAll(/text-anchor="middle"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(ticks).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
  });

  test('large losses get a round interval; family codes from data are escaped', () => {
    const svg = drawFamilyPointsLost([family('<img src=x>', 23)]);
    const ticks = [...svg.matchAll(/text-anchor="middle"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(ticks).toEqual(['0', '5', '10', '15', '20', '25']);
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img src=x&gt;');
  });
});
