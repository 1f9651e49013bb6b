import { describe, expect, it } from 'vitest';
import { compareText, sortRows } from './collation.js';

describe('compareText', () => {
  it('sorts accented and lower-case names with their letter, not after Z as byte order does', () => {
    const names = ['Zeta Corp', 'Ørsted Metals', 'acme', 'Ångström Optics', 'Acme', 'Beta'];
    expect([...names].sort()).toEqual([
      'Acme',
      'Beta',
      'Zeta Corp',
      'acme',
      'Ångström Optics',
      'Ørsted Metals',
    ]);
    expect([...names].sort(compareText)).toEqual([
      'acme',
      'Acme',
      'Ångström Optics',
      'Beta',
      'Ørsted Metals',
      'Zeta Corp',
    ]);
  });

  it('compares digits as numbers and a decomposed name equal to its composed form', () => {
    expect(['Supplier 10', 'Supplier 2'].sort(compareText)).toEqual(['Supplier 2', 'Supplier 10']);
    expect(compareText('Ze\u0301nith', 'Zénith')).toBe(0);
  });

  it('is a total order: names the collation calls equal still get one fixed order', () => {
    const a = ['ACME', 'Acme', 'acme'];
    const b = [...a].reverse();
    expect(a.sort(compareText)).toEqual(b.sort(compareText));
  });
});

describe('sortRows', () => {
  it('sorts by each key in turn, nulls last, and keeps the input order of full ties', () => {
    const rows = [
      { name: 'b', level: 2, id: 1 },
      { name: 'a', level: null, id: 2 },
      { name: 'a', level: 1, id: 3 },
      { name: 'b', level: 2, id: 4 },
    ];
    expect(
      sortRows(
        rows,
        (r) => r.name,
        (r) => r.level,
      ).map((r) => r.id),
    ).toEqual([3, 2, 1, 4]);
  });
});
