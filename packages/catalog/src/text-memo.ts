/**
 * Remembers a pure function of a string. The ingester calls the id and status normalisations once per cell of every
 * candidate column while it detects a table, then again while it reads the rows: on a portfolio that is a few
 * hundred distinct spellings asked for hundreds of thousands of times, each a Unicode normalisation and a chain of
 * regular expressions.
 *
 * Short texts (up to `maxKeyLength`) are kept in one map, emptied when it reaches `maxEntries`. Longer texts, up to
 * `maxLongKeyLength`, are the requirement titles and notes that every candidate column's cells are tested against;
 * the same 110 titles come back in every supplier's file, and computing them every time was the largest single cost
 * of table detection (55,000 foldings of long text per 1,000-supplier ingest). They are kept in two small
 * generations of `longEntries` each: a text found in the older one moves to the newer, and when the newer is full it
 * becomes the older, so titles that recur in every file stay while one-off notes age out. Memory stays bounded
 * (at most 2 x `longEntries` long texts), so a hostile file's 32,767-character cells cost no more than before:
 * anything longer than `maxLongKeyLength` is computed every time.
 */
export function memoizeText<T>(
  compute: (text: string) => T,
  maxEntries = 20_000,
  maxKeyLength = 128,
  longEntries = 512,
  maxLongKeyLength = 2_048,
): (text: string) => T {
  const cache = new Map<string, T>();
  let recentLong = new Map<string, T>();
  let olderLong = new Map<string, T>();
  const rememberLong = (text: string, value: T) => {
    if (recentLong.size >= longEntries) {
      olderLong = recentLong;
      recentLong = new Map();
    }
    recentLong.set(text, value);
  };
  return (text) => {
    if (text.length > maxKeyLength) {
      if (text.length > maxLongKeyLength) return compute(text);
      const recent = recentLong.get(text);
      if (recent !== undefined || recentLong.has(text)) return recent as T;
      const value = olderLong.has(text) ? (olderLong.get(text) as T) : compute(text);
      rememberLong(text, value);
      return value;
    }
    const known = cache.get(text);
    // `has` as well: a function may answer undefined ("no such status"), and that answer is worth keeping too.
    if (known !== undefined || cache.has(text)) return known as T;
    const value = compute(text);
    if (cache.size >= maxEntries) cache.clear();
    cache.set(text, value);
    return value;
  };
}
