import { describe, expect, it } from 'vitest';
import { parseScore } from './facts.js';

describe('parseScore', () => {
  it('reads a score alone, after a label, or over 110', () => {
    expect(parseScore('95')).toBe(95);
    expect(parseScore('SPRS: 95')).toBe(95);
    expect(parseScore('-12 / 110')).toBe(-12);
    expect(parseScore('none yet')).toBeNull();
  });

  it('reads the result of a sum written out, not its first term', () => {
    expect(parseScore('110 + total = 88')).toBe(88);
    expect(parseScore('110 - 22 = 88')).toBe(88);
    expect(parseScore('110 − 125 = −15')).toBe(-15);
  });
});
