import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmmc } from './test-support/run-cmmc.js';

// End to end through the built `cmmc`: generate 40 suppliers, ingest them, score them, render the reports, and
// compare every supplier's score and status with what the generator worked out from its own truth.
const AS_OF = '2026-11-28';
let dir = '';

interface Expected {
  name: string;
  cage: string;
  level: number;
  score: number | null;
  status: string;
  assessments?: { level: number; score: number | null; status: string }[];
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cmmc-pipeline-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the whole pipeline on a generated portfolio', () => {
  it('generates, ingests, scores and reports 40 suppliers as the generator expects', () => {
    const portfolio = join(dir, 'portfolio');
    const db = join(dir, 'portfolio.duckdb');
    const generated = cmmc(
      'generate',
      '--suppliers',
      '40',
      '--seed',
      'e2e',
      '--as-of',
      AS_OF,
      '--out',
      portfolio,
    );
    expect(generated.status, generated.stderr).toBe(0);

    const ingest = cmmc('ingest', portfolio, '--db', db, '--json');
    expect(ingest.status, ingest.stdout + ingest.stderr).toBe(0);
    const files = (JSON.parse(ingest.stdout) as { files: { status: string }[] }).files;
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(files.every((f) => f.status === 'loaded')).toBe(true);

    const again = cmmc('ingest', portfolio, '--db', db, '--json');
    expect(again.status).toBe(0);
    expect(
      (JSON.parse(again.stdout) as { files: { status: string }[] }).files.every(
        (f) => f.status === 'unchanged',
      ),
    ).toBe(true);

    const scores = cmmc('scores', '--db', db, '--as-of', AS_OF, '--json');
    expect(scores.status, scores.stderr).toBe(0);
    const rows = JSON.parse(scores.stdout) as {
      organizationName: string;
      cage: string;
      level: number;
      score: number | null;
      maxScore: number | null;
      status: string;
      closeoutDeadline: string | null;
    }[];
    const expected = (
      JSON.parse(readFileSync(join(portfolio, 'expected.json'), 'utf8')) as {
        suppliers: Expected[];
      }
    ).suppliers;
    expect(expected).toHaveLength(40);
    for (const supplier of expected) {
      const row = rows.find((r) => r.cage === supplier.cage && r.level === supplier.level);
      expect(row, `${supplier.name} level ${supplier.level}`).toBeDefined();
      expect([row?.score, row?.status], `${supplier.name} (${supplier.cage})`).toEqual([
        supplier.score,
        supplier.status,
      ]);
    }

    const report = cmmc(
      'report',
      'supplier',
      '--all',
      '--db',
      db,
      '--as-of',
      AS_OF,
      '--out',
      join(dir, 'reports'),
    );
    expect(report.status, report.stderr).toBe(0);
    const pdfs = readdirSync(join(dir, 'reports')).filter((f) => f.endsWith('.pdf'));
    expect(pdfs.length).toBe(rows.length);
    // Each scorecard says what `cmmc scores` says: name, score, status, and the closeout deadline while it is open
    // (Conditional) or missed (Expired); a Final status after a closeout says when it was closed out instead.
    const texts = pdfs.map((f) =>
      spawnSync('pdftotext', [join(dir, 'reports', f), '-'], { encoding: 'utf8' }).stdout.replace(
        /\s+/g,
        ' ',
      ),
    );
    const day = (iso: string) =>
      new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      });
    for (const r of rows) {
      // A supplier assessed at two levels has two scorecards; one of them must carry this row's figures.
      const facts = [
        r.organizationName,
        `CAGE ${r.cage}`,
        r.status.replace('_', ' '),
        ...(r.score !== null && r.maxScore !== null ? [`${r.score} / ${r.maxScore}`] : []),
        ...(r.closeoutDeadline && r.status !== 'FINAL' ? [day(r.closeoutDeadline)] : []),
        ...(r.closeoutDeadline && r.status === 'FINAL' ? ['Closed out on'] : []),
      ];
      const text = texts.find((t) => facts.every((f) => t.includes(f)));
      expect(text, `${r.organizationName} level ${r.level}: ${facts.join(' | ')}`).toBeDefined();
    }
    const portfolioReport = cmmc(
      'report',
      'portfolio',
      '--db',
      db,
      '--as-of',
      AS_OF,
      '--out',
      join(dir, 'exec'),
    );
    expect(portfolioReport.status, portfolioReport.stderr).toBe(0);
    const text = spawnSync(
      'pdftotext',
      ['-layout', join(dir, 'exec', `portfolio-${AS_OF}.pdf`), '-'],
      {
        encoding: 'utf8',
      },
    ).stdout;
    expect(text).toContain('40');
  }, 240_000);
});
