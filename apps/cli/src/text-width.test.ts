import { describe, expect, it } from 'vitest';
import { displayWidth, padToWidth, truncateToWidth, wrapToWidth } from './text-width.js';

describe('displayWidth', () => {
  it('counts ASCII one column a character', () => {
    expect(displayWidth('Acme Aerospace')).toBe(14);
    expect(displayWidth('')).toBe(0);
  });

  it('counts East Asian wide and fullwidth characters two columns', () => {
    expect(displayWidth('東京精密')).toBe(8);
    expect(displayWidth('テスト株式会社')).toBe(14);
    expect(displayWidth('한국')).toBe(4);
    expect(displayWidth('ＡＢ')).toBe(4); // fullwidth Latin
    expect(displayWidth('ｱｲ')).toBe(2); // halfwidth katakana stays narrow
  });

  it('counts a letter and its combining marks as one column, composed or not', () => {
    const decomposed = 'Ze\u0301nith';
    expect(decomposed).toHaveLength(7);
    expect(displayWidth(decomposed)).toBe(6);
    expect(displayWidth('Zénith')).toBe(6);
    expect(displayWidth('a\u0300\u0301\u0302')).toBe(1);
  });

  it('counts emoji two columns and zero-width characters none', () => {
    expect(displayWidth('✅ ok')).toBe(5);
    expect(displayWidth('a\u200bb')).toBe(2);
  });
});

describe('truncateToWidth', () => {
  it('cuts by display width and never splits a grapheme or a wide character', () => {
    expect(truncateToWidth('Acme Aerospace', 8)).toBe('Acme Ae…');
    expect(truncateToWidth('東京精密工業', 7)).toBe('東京精…');
    expect(displayWidth(truncateToWidth('東京精密工業', 6))).toBeLessThanOrEqual(6);
    expect(truncateToWidth('Ze\u0301nith De\u0301fense', 4)).toBe('Zén…');
    expect(truncateToWidth('short', 10)).toBe('short');
  });
});

describe('wrapToWidth', () => {
  it('wraps at spaces, splits a word longer than the line, and cuts after the last line allowed', () => {
    expect(wrapToWidth('score 86 is below 88', 10)).toEqual(['score 86', 'is below', '88']);
    expect(wrapToWidth('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    const cut = wrapToWidth('one two three four five six', 9, 2);
    expect(cut).toHaveLength(2);
    expect(cut[1]?.endsWith('…')).toBe(true);
    for (const line of wrapToWidth('東京精密工業株式会社 大阪', 6)) {
      expect(displayWidth(line)).toBeLessThanOrEqual(6);
    }
  });
});

describe('padToWidth', () => {
  it('pads by display width', () => {
    expect(padToWidth('東京', 6)).toBe('東京  ');
    expect(padToWidth('7', 3, 'right')).toBe('  7');
  });
});
