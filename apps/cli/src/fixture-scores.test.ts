import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cmmc } from './test-support/run-cmmc.js';

// fixtures/README.md states, per fixture supplier, the SPRS score and CMMC status as of 2026-11-28, worked out by
// hand. This test ingests the fixtures through the built `cmmc` and checks `cmmc scores --json` against that table.
const fixtures = new URL('../../../fixtures/', import.meta.url).pathname;
const AS_OF = '2026-11-28';
const dir = mkdtempSync(join(tmpdir(), 'cmmc-fixtures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ExpectedRow {
  name: string;
  score: number | null;
  status: string;
}

/** Rows of the README's supplier tables: `| Name (files) | … | **107** | **CONDITIONAL**: … |`. */
function readmeExpectations(): ExpectedRow[] {
  const rows: ExpectedRow[] = [];
  for (const line of readFileSync(join(fixtures, 'README.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 5) continue;
    const status = /\*\*(FINAL|CONDITIONAL|EXPIRED|NO STATUS)\b/.exec(cells.at(-2) ?? '')?.[1];
    if (!status) continue;
    const scoreCell = cells.at(-3) ?? '';
    const score = /\*\*(-?\d+)\*\*/.exec(scoreCell)?.[1];
    rows.push({
      name: (cells[1] ?? '').replace(/\s*\(.*$/, ''),
      score: score === undefined ? null : Number(score),
      status: status.replace(' ', '_'),
    });
  }
  return rows;
}

describe('cmmc scores on the ingested fixtures', () => {
  const expected = readmeExpectations();

  it('finds the 15 fixture suppliers in fixtures/README.md', () => {
    expect(expected).toHaveLength(15);
  });

  it('gives each fixture supplier the score and status written in fixtures/README.md', () => {
    const db = join(dir, 'fixtures.duckdb');
    // The assessments folder holds deliberately broken files too: exit 1 (something rejected) is expected.
    expect(cmmc('ingest', join(fixtures, 'assessments'), '--db', db).status).toBe(1);
    expect(cmmc('ingest', join(fixtures, 'portfolios/small'), '--db', db).status).toBe(0);
    const scores = cmmc('scores', '--db', db, '--as-of', AS_OF, '--json');
    expect(scores.status, scores.stderr).toBe(0);
    const rows = JSON.parse(scores.stdout) as {
      organizationName: string;
      score: number | null;
      status: string;
    }[];
    for (const e of expected) {
      const row = rows.find((r) => r.organizationName.toLowerCase() === e.name.toLowerCase());
      expect(row, e.name).toBeDefined();
      expect({ name: e.name, score: row?.score, status: row?.status }).toEqual(e);
    }
  }, 120_000);
});
