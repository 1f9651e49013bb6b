/**
 * A seeded PRNG, so one seed always gives the same portfolio: `Math.random` and the wall clock are never used.
 * mulberry32 is small, fast and good enough for test data (it is not for cryptography).
 */

/** A source of uniform numbers in [0, 1), with the helpers the generator draws from. */
export interface Random {
  next(): number;
  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One key, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
}

/** A 32-bit hash of a string (cyrb53, folded): turns any seed into mulberry32's state. */
export function hashSeed(seed: string | number): number {
  const text = String(seed);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/** A mulberry32 generator seeded from `seed` (any string or number). */
export function createRandom(seed: string | number): Random {
  let state = hashSeed(seed);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items[Math.floor(next() * items.length)] as T;
  };
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick,
    weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
      const entries = Object.entries(weights) as [K, number][];
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      let roll = next() * total;
      for (const [key, weight] of entries) {
        roll -= weight;
        if (roll < 0) return key;
      }
      return (entries[entries.length - 1] as [K, number])[0];
    },
    shuffle<T>(items: readonly T[]): T[] {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
      }
      return copy;
    },
  };
}

/**
 * Exactly `total` draws spread over the keys in proportion to their weights (largest remainder), each key at least
 * once when `total` allows, then shuffled: a 200-supplier portfolio always holds every scenario.
 */
export function dealDeck<K extends string>(
  random: Random,
  weights: Readonly<Record<K, number>>,
  total: number,
): K[] {
  const entries = Object.entries(weights) as [K, number][];
  const sum = entries.reduce((s, [, w]) => s + w, 0);
  const guaranteed = total >= entries.length;
  const counts = entries.map(([key, w]) => {
    const exact = (w / sum) * total;
    const base = Math.floor(exact);
    return { key, count: guaranteed ? Math.max(1, base) : base, remainder: exact - base };
  });
  let dealt = counts.reduce((s, c) => s + c.count, 0);
  const byRemainder = [...counts].sort((a, b) => b.remainder - a.remainder);
  for (let i = 0; dealt < total; i = (i + 1) % byRemainder.length) {
    (byRemainder[i] as { count: number }).count++;
    dealt++;
  }
  const byCount = [...counts].sort((a, b) => b.count - a.count);
  for (let i = 0; dealt > total; i = (i + 1) % byCount.length) {
    const c = byCount[i] as { count: number };
    if (c.count > 1) {
      c.count--;
      dealt--;
    }
  }
  return random.shuffle(counts.flatMap((c) => Array<K>(c.count).fill(c.key)));
}
