import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { formatCsv } from './csv.js';
import { neutralizeCsvText } from './neutralize-formula.js';

/**
 * Splits CSV text the way Excel opens it in a locale whose list separator is `delimiter`: a quote only opens a quoted
 * field at the very start of a field (`""` inside is one quote, anything after the closing quote is appended), and
 * elsewhere every delimiter and line break ends the field, quotes or not.
 */
function splitLikeExcel(csv: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let fields: string[] = [];
  let i = 0;
  while (i < csv.length) {
    let field = '';
    if (csv[i] === '"') {
      i += 1;
      while (i < csv.length) {
        if (csv[i] === '"' && csv[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (csv[i] === '"') {
          i += 1;
          break;
        } else field += csv[i++];
      }
    }
    while (i < csv.length && csv[i] !== delimiter && csv[i] !== '\r' && csv[i] !== '\n') {
      field += csv[i++];
    }
    fields.push(field);
    if (csv[i] === delimiter) {
      i += 1;
      continue;
    }
    if (csv[i] === '\r' && csv[i + 1] === '\n') i += 1;
    i += 1;
    rows.push(fields);
    fields = [];
  }
  return rows;
}

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

const HOSTILE = [
  "Acme;=cmd|'/C calc'!A0",
  'note,=HYPERLINK("http://x","y")',
  'tab\t+1+cmd',
  'quote"@SUM(A1)',
  'line one\r\n-2+3',
  'line\n=1',
  'full\uFF1D1+1;\uFF0B2',
  ';\t=both',
];

describe('formatCsv in a ";" locale', () => {
  it('leaves no field starting a formula when Excel splits the file at ";" (or "," or tab)', () => {
    const csv = formatCsv(
      ['Supplier', 'Note'],
      HOSTILE.map((text) => ['Initech', text]),
    );
    for (const delimiter of [';', ',', '\t']) {
      const fields = splitLikeExcel(csv, delimiter).flat();
      expect(fields.length).toBeGreaterThan(HOSTILE.length);
      expect(fields.filter((field) => FORMULA_START.test(field))).toEqual([]);
    }
  });

  it('the attack case: "Acme;=cmd…" after another cell would be a live formula without the fix', () => {
    const csv = formatCsv(['Id', 'Supplier'], [[1, "Acme;=cmd|'/C calc'!A0"]]);
    expect(csv).toBe(`Id,Supplier\r\n1,"Acme;'=cmd|'/C calc'!A0"\r\n`);
    expect(splitLikeExcel(csv, ';')[1]).toEqual(['1,"Acme', "'=cmd|'/C calc'!A0\""]);
  });

  it('quotes every cell holding ",", ";", tab, quote or a line break, and reads back by RFC 4180', () => {
    const csv = formatCsv(
      ['Note'],
      HOSTILE.map((text) => [text]),
    );
    const parsed = Papa.parse<string[]>(csv, { delimiter: ',', newline: '\r\n' }).data;
    expect(parsed.slice(1, HOSTILE.length + 1).map((row) => row[0])).toEqual(
      HOSTILE.map(neutralizeCsvText),
    );
    for (const line of csv.split('\r\n').slice(1, 4)) expect(line.startsWith('"')).toBe(true);
  });
});

describe('neutralizeCsvText', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ["Acme;=cmd|'/C calc'!A0", "Acme;'=cmd|'/C calc'!A0"],
    ['a,-b', "a,'-b"],
    ['Plan:\n- step one', "Plan:\n'- step one"],
    ['say "@x"', `say "'@x"`],
    [';\t=x', ";'\t'=x"],
    ['\uFF1D1+1', "'\uFF1D1+1"],
  ])('neutralises %j as %j', (text, expected) => {
    expect(neutralizeCsvText(text)).toBe(expected);
  });

  it.each(['AC.L2-3.1.3', 'Deploy DLP; train staff', 'a, -b', 'x=y', ''])(
    'leaves %j alone',
    (text) => {
      expect(neutralizeCsvText(text)).toBe(text);
    },
  );
});
