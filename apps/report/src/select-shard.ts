import { ReportError } from './errors.js';

/**
 * The items shard `index` of `count` owns, for `--shard i/n`: items at 0-based positions
 * `index − 1, index − 1 + count, …`. Every item lands in exactly one shard and the order is kept, so
 * n machines given the same sorted list split it without talking to each other.
 *
 * @param index 1-based shard number, 1..count.
 * @throws ReportError `INVALID_SHARD` when index or count is not an integer with 1 ≤ index ≤ count.
 */
export function selectShard<T>(items: readonly T[], index: number, count: number): T[] {
  if (
    !Number.isInteger(index) ||
    !Number.isInteger(count) ||
    count < 1 ||
    index < 1 ||
    index > count
  ) {
    throw new ReportError(
      'INVALID_SHARD',
      `Shard ${index}/${count} is not valid: use i/n with whole numbers and 1 ≤ i ≤ n, e.g. --shard 1/4.`,
    );
  }
  return items.filter((_, position) => position % count === index - 1);
}
