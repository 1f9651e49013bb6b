import { expect, test } from 'vitest';
import { ReportError } from './errors.js';
import { selectShard } from './select-shard.js';

const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

test('every n-th item from position i, in order', () => {
  expect(selectShard(items, 1, 3)).toEqual(['a', 'd', 'g']);
  expect(selectShard(items, 2, 3)).toEqual(['b', 'e']);
  expect(selectShard(items, 3, 3)).toEqual(['c', 'f']);
  expect(selectShard(items, 1, 1)).toEqual(items);
});

test('the shards partition the items', () => {
  const shards = [1, 2, 3, 4].flatMap((index) => selectShard(items, index, 4));
  expect([...shards].sort()).toEqual(items);
});

test('invalid shards are rejected with INVALID_SHARD', () => {
  for (const [index, count] of [
    [0, 3],
    [4, 3],
    [1, 0],
    [1.5, 3],
    [Number.NaN, 2],
  ] as const) {
    expect(() => selectShard(items, index, count)).toThrowError(ReportError);
  }
  expect(() => selectShard(items, 4, 3)).toThrowError(/Shard 4\/3 is not valid/);
});
