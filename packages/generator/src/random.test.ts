import { expect, test } from 'vitest';
import { createRandom, dealDeck } from './random.js';

test('the same seed gives the same sequence; another seed does not', () => {
  const draw = (seed: string | number) => Array.from({ length: 5 }, createRandom(seed).next);
  expect(draw('a')).toEqual(draw('a'));
  expect(draw('a')).not.toEqual(draw('b'));
  expect(draw(42)).toEqual(draw('42'));
});

test('dealDeck deals exactly the total, every key at least once when it can', () => {
  const deck = dealDeck(createRandom('deck'), { a: 90, b: 9, c: 1 }, 20);
  expect(deck).toHaveLength(20);
  expect(new Set(deck)).toEqual(new Set(['a', 'b', 'c']));
  // 90 % of 20 = 18 → a gets 17 once b and c have their one each... b: 1.8 → 1, c: 0.2 → 1 (floor at one)
  expect(deck.filter((k) => k === 'a').length).toBeGreaterThanOrEqual(17);
});
