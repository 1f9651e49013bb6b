import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareText } from './collation.js';
import { displayWidth } from './text-width.js';

// `cmmc scores` on a 100-column terminal, with supplier names in Japanese, with decomposed accents and with
// letters byte order puts after Z, end to end through the built CLI.
const bin = new URL('../bin/cmmc.js', import.meta.url).pathname;
const AS_OF = '2026-11-28';
const NAMES = [
  '東京精密工業株式会社',
  'Ze\u0301nith De\u0301fense Systems International Holdings',
  'Ørsted Metals',
  'zeta corp',
  'Ångström Optics',
  'Acme Aerospace',
];
let dir = '';
let db = '';

function cmmc(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', COLUMNS: '', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cmmc-table-width-'));
  const portfolio = join(dir, 'portfolio');
  const generated = cmmc([
    'generate',
    '--suppliers',
    String(NAMES.length),
    '--seed',
    'widths',
    '--as-of',
    AS_OF,
    '--out',
    portfolio,
  ]);
  expect(generated.status, generated.stderr).toBe(0);
  // rename the suppliers: suppliers.csv decides the names ingest records
  const suppliersCsv = join(portfolio, 'suppliers.csv');
  const parsed = Papa.parse<Record<string, string>>(readFileSync(suppliersCsv, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  parsed.data.forEach((row, i) => {
    row.name = NAMES[i] ?? row.name ?? '';
  });
  writeFileSync(suppliersCsv, Papa.unparse(parsed.data));
  db = join(dir, 'portfolio.duckdb');
  const ingest = cmmc(['ingest', portfolio, '--db', db]);
  expect(ingest.status, ingest.stdout + ingest.stderr).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cmmc scores on a 100-column terminal', () => {
  it('fits every line in 100 columns and keeps the columns aligned by display width', () => {
    const wide = cmmc(['scores', '--db', db, '--as-of', AS_OF]);
    expect(wide.status, wide.stderr).toBe(0);
    // without a width (a pipe), the table is wider than 100: the test below is not trivially true
    expect(Math.max(...wide.stdout.split('\n').map(displayWidth))).toBeGreaterThan(100);

    const run = cmmc(['scores', '--db', db, '--as-of', AS_OF], { COLUMNS: '100' });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(100);
    const [header = '', rule = ''] = lines;
    expect(header).toMatch(/^Supplier +CAGE +L +/);
    expect(header).toMatch(/Why$/);
    expect(rule).toMatch(/^-+( +-+)+$/);
    // every row's CAGE starts where the header's does, measured in display columns
    const cageAt = displayWidth(header.slice(0, header.indexOf('CAGE')));
    const json = JSON.parse(cmmc(['scores', '--db', db, '--as-of', AS_OF, '--json']).stdout) as {
      organizationName: string;
      cage: string;
    }[];
    for (const { cage } of json) {
      const row = lines.find((l) => l.includes(` ${cage} `));
      expect(row, cage).toBeDefined();
      expect(displayWidth((row ?? '').slice(0, (row ?? '').indexOf(` ${cage} `) + 1)), cage).toBe(
        cageAt,
      );
    }
    // names are composed (NFC), never half a wide character
    expect(run.stdout).toContain('Zénith');
    expect(run.stdout).not.toContain('\u0301');
    expect(run.stdout).toContain('東京精密工業');
    expect(run.stdout).toMatch(/left out to fit 100 columns/);
  });

  it('lists suppliers in one collation in scores and poam, table and JSON alike', () => {
    const scores = JSON.parse(cmmc(['scores', '--db', db, '--as-of', AS_OF, '--json']).stdout) as {
      organizationName: string;
    }[];
    const names = [...new Set(scores.map((s) => s.organizationName))];
    expect(names).toEqual([...names].sort(compareText));
    expect(names.indexOf('Ångström Optics')).toBeLessThan(names.indexOf('Ørsted Metals'));
    expect(names.indexOf('Ørsted Metals')).toBeLessThan(names.indexOf('zeta corp'));
    const poam = JSON.parse(cmmc(['poam', '--db', db, '--as-of', AS_OF, '--json']).stdout) as {
      items: { organizationName: string }[];
      suppliers: { organizationName: string }[];
    };
    const itemNames = [...new Set(poam.items.map((i) => i.organizationName))];
    expect(itemNames.length).toBeGreaterThan(1);
    expect(itemNames).toEqual([...itemNames].sort(compareText));
    expect(poam.suppliers.map((s) => s.organizationName)).toEqual(
      poam.suppliers.map((s) => s.organizationName).sort(compareText),
    );
  });

  it('colours with FORCE_COLOR on a pipe, and not with NO_COLOR', () => {
    const forced = cmmc(['scores', '--db', db, '--as-of', AS_OF], {
      NO_COLOR: '',
      FORCE_COLOR: '1',
    });
    const esc = String.fromCharCode(27);
    expect(forced.stdout).toMatch(
      new RegExp(`${esc}\\[3[123]m(FINAL|CONDITIONAL|NO_STATUS|EXPIRED)${esc}\\[0m`),
    );
    const plain = cmmc(['scores', '--db', db, '--as-of', AS_OF], {
      NO_COLOR: '1',
      FORCE_COLOR: '1',
    });
    expect(plain.stdout).not.toContain('\u001b[');
  });
});
