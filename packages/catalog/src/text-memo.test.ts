import { describe, expect, it } from 'vitest';
import { memoizeText } from './text-memo.js';

function counted<T>(answer: (text: string) => T) {
  const calls: string[] = [];
  return {
    calls,
    compute: (text: string) => {
      calls.push(text);
      return answer(text);
    },
  };
}

describe('memoizeText', () => {
  it('computes a short text once, undefined answers included', () => {
    const f = counted((text) => (text === 'met' ? 'MET' : undefined));
    const memo = memoizeText(f.compute);
    expect([memo('met'), memo('met'), memo('x'), memo('x')]).toEqual([
      'MET',
      'MET',
      undefined,
      undefined,
    ]);
    expect(f.calls).toEqual(['met', 'x']);
  });

  it('keeps long texts that recur while one-off texts age out, within two generations', () => {
    const f = counted((text) => text.length);
    const memo = memoizeText(f.compute, 100, 4, 3, 50);
    const title = 'a requirement title';
    // The title recurs between one-off notes: each hit moves it to the newer generation, so it is never dropped.
    for (let i = 0; i < 20; i++) {
      expect(memo(title)).toBe(title.length);
      memo(`a one-off note ${i}`);
    }
    expect(f.calls.filter((t) => t === title)).toHaveLength(1);
    // A note seen once is gone after two generations of others.
    const before = f.calls.length;
    memo('a one-off note 0');
    expect(f.calls.length).toBe(before + 1);
  });

  it('computes a text over the long limit every time (a hostile cell is never held)', () => {
    const f = counted((text) => text.length);
    const memo = memoizeText(f.compute, 100, 4, 3, 50);
    const huge = 'x'.repeat(51);
    memo(huge);
    memo(huge);
    expect(f.calls).toHaveLength(2);
  });
});
