import { describe, expect, it } from 'vitest';
import { formatCsv } from './csv.js';
import { exportFileName } from './file-names.js';
import { neutralizeFormula } from './neutralize-formula.js';

describe('neutralizeFormula', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x","y")'])(
    'prefixes an apostrophe to %j',
    (text) => {
      expect(neutralizeFormula(text)).toBe(`'${text}`);
    },
  );

  it.each(['AC.L2-3.1.3', 'Deploy DLP', '', ' =spaced', "'quoted"])('leaves %j alone', (text) => {
    expect(neutralizeFormula(text)).toBe(text);
  });
});

describe('formatCsv', () => {
  it('quotes, neutralises text, and writes numbers and booleans bare (a negative score stays a number)', () => {
    expect(formatCsv(['a', 'b', 'c', 'd'], [['=x', -5, true, 'say "hi", ok']])).toBe(
      `a,b,c,d\r\n'=x,-5,true,"say ""hi"", ok"\r\n`,
    );
  });
});

describe('exportFileName', () => {
  it('keeps ASCII letters, digits and hyphens from the name and CAGE code', () => {
    expect(exportFileName({ name: 'Acme Défense, Inc.', cage: '1abc2' }, 'poam', 'xlsx')).toBe(
      'acme-defense-inc-1abc2-poam.xlsx',
    );
  });

  it('never lets path characters through', () => {
    const name = exportFileName({ name: '../../etc/passwd\\C:\u0000', cage: null }, 'poam', 'json');
    expect(name).toBe('etc-passwd-c-poam.json');
    expect(exportFileName({ name: '../..', cage: null }, 'results', 'csv')).toBe(
      'supplier-results.csv',
    );
  });
});
