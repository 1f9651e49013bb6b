import { describe, expect, test } from 'vitest';
import { IdentityPool, slugify } from './names.js';
import { createRandom } from './random.js';

describe('slugify', () => {
  test('strips accents and joins words with dashes', () => {
    expect(slugify('Société Générale Défense')).toBe('societe-generale-defense');
    expect(slugify('Straßburger Ørsted Mekanik AB')).toBe('strassburger-orsted-mekanik-ab');
    expect(slugify("O'Brien Tool & Die Inc.")).toBe('obrien-tool-and-die-inc');
  });
});

describe('IdentityPool', () => {
  test('names, CAGE codes and UEIs are unique and well formed over 3,000 draws', () => {
    const pool = new IdentityPool();
    const random = createRandom('names');
    const slugs = new Set<string>();
    const cages = new Set<string>();
    const ueis = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      slugs.add(slugify(pool.drawName(random, i % 5 === 0)));
      cages.add(pool.drawCage(random));
      ueis.add(pool.drawUei(random));
    }
    expect(slugs.size).toBe(3000);
    expect(cages.size).toBe(3000);
    expect(ueis.size).toBe(3000);
    for (const cage of cages) expect(cage).toMatch(/^[1-9][A-HJ-NP-Z0-9]{3}[0-9]$/);
    for (const uei of ueis) expect(uei).toMatch(/^[A-HJ-NP-Z1-9][A-HJ-NP-Z0-9]{11}$/);
  });

  test('the first European name is the one ingest tests look for', () => {
    expect(new IdentityPool().drawName(createRandom(1), true)).toBe('Société Générale Défense');
  });
});
