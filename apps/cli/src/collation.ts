/**
 * The one order every list the CLI sorts by name uses (scores, gaps, poam, portfolio): Unicode collation (ICU, the
 * `en` tailoring, so "Ångström" sorts with A and "Ørsted" with O, and digits compare as numbers: "Supplier 2" before
 * "Supplier 10"), then, for names the collation calls equal (case, accents), code point order of the NFC form. A
 * fixed locale rather than the user's: the same database gives the same order on every machine, which diffs and
 * tests rely on; a total order, so ties never depend on the order rows came from the database.
 */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

export function compareText(a: string, b: string): number {
  const left = a.normalize('NFC');
  const right = b.normalize('NFC');
  const collated = collator.compare(left, right);
  if (collated !== 0) return collated;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Sorts a copy of `rows` by the keys in turn: strings by `compareText`, numbers ascending, nulls last. */
export function sortRows<T>(
  rows: readonly T[],
  ...keys: ((row: T) => string | number | null | undefined)[]
): T[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort((x, y) => {
      for (const key of keys) {
        const a = key(x.row);
        const b = key(y.row);
        if (a === b) continue;
        if (a === null || a === undefined) return 1;
        if (b === null || b === undefined) return -1;
        const order =
          typeof a === 'number' && typeof b === 'number'
            ? a - b
            : compareText(String(a), String(b));
        if (order !== 0) return order;
      }
      return x.index - y.index;
    })
    .map(({ row }) => row);
}
