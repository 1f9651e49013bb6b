import { describe, expect, it } from 'vitest';
import { STAGES } from './figures.js';
import { defaultResultsFile, isFullRun, type RunShape } from './results-file.js';

const full: RunShape = { suppliers: [100, 1000], quick: false, stages: STAGES, pandas: true };

describe('defaultResultsFile', () => {
  it('sends only the documented full run to the committed results.json', () => {
    expect(defaultResultsFile(full, '/repo/bench/')).toBe('/repo/bench/results.json');
    expect(isFullRun({ ...full, suppliers: [1000, 100] })).toBe(true);
  });

  it.each([
    ['--quick', { quick: true, suppliers: [100] }],
    ['--quick at the full sizes', { quick: true }],
    ['--suppliers 100', { suppliers: [100] }],
    ['--suppliers 10000', { suppliers: [10000] }],
    ['--suppliers 100,1000,10000', { suppliers: [100, 1000, 10000] }],
    ['--stages analytics', { stages: ['analytics'] }],
    ['--no-pandas', { pandas: false }],
  ] as const)('sends %s to results.local.json', (_name, change) => {
    expect(defaultResultsFile({ ...full, ...change }, '/repo/bench/')).toBe(
      '/repo/bench/results.local.json',
    );
  });
});
