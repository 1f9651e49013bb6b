/**
 * Remembers a pure function of a short string. The ingester calls the id and status normalisations once per cell of
 * every candidate column while it detects a table, then again while it reads the rows: on a portfolio that is a few
 * hundred distinct spellings asked for hundreds of thousands of times, each a Unicode normalisation and a chain of
 * regular expressions. Texts longer than `maxKeyLength` are computed every time (a cell holds up to 32,767
 * characters: caching those would hold a hostile file's text), and the map is emptied when it reaches `maxEntries`.
 */
export function memoizeText<T>(
  compute: (text: string) => T,
  maxEntries = 20_000,
  maxKeyLength = 128,
): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    if (text.length > maxKeyLength) return compute(text);
    const known = cache.get(text);
    if (known !== undefined) return known;
    const value = compute(text);
    if (cache.size >= maxEntries) cache.clear();
    cache.set(text, value);
    return value;
  };
}
