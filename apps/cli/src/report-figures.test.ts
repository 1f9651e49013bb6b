/**
 * The portfolio report tells the CLI's story and never contradicts itself. Through the built `cmmc`, on the demo
 * portfolio and on a generated one:
 * - `cmmc report portfolio --json` reports the very `figures` object `cmmc portfolio --json` prints;
 * - those figures agree with `cmmc scores --json` (suppliers, statuses by status) and with themselves (level rows sum
 *   to the totals, the Level 2 histogram sums to the scored suppliers, eligible + not eligible = suppliers);
 * - every cover tile and table of the rendered HTML shows those numbers, and the pages agree with each other (expired
 *   rows = expired statuses, the affirmation callout = the cover tile);
 * - the demo's PDF text layer has no two overlapping words, no word outside the page's margins, no font under 7 pt
 *   outside the running header and footer, and no page more than half empty unless it ends a section.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmmc } from './test-support/run-cmmc.js';

const demo = new URL('../../../fixtures/portfolios/demo', import.meta.url).pathname;
const AS_OF = '2026-11-28';
let dir = '';

type StatusCounts = Record<'FINAL' | 'CONDITIONAL' | 'EXPIRED' | 'NO_STATUS', number>;
interface Figures {
  suppliers: number;
  statuses: number;
  requirement: { defaultLabel: string };
  eligible: { total: number; final: number; conditional: number };
  conditionalCloseout: { within30: number; within60: number; within90: number; later: number };
  notEligible: { total: number; byReason: { label: string; suppliers: number }[] };
  affirmationOverdueSuppliers: number;
  statusesByLevel: { level: number; total: number; byStatus: StatusCounts }[];
  statusTotals: StatusCounts;
  level2Scores: {
    scored: number;
    noScore: number;
    median: number | null;
    histogram: { count: number }[];
  };
  poam: { openItems: number; overdueItems: number; suppliersWithOverdue: number };
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const html = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** `<div class="tile-label">label</div> <div class="tile-value">value</div>` in whitespace-collapsed HTML. */
function tileValue(page: string, label: string): string | undefined {
  const at = page.indexOf(`<div class="tile-label">${html(label)}</div>`);
  if (at < 0) return undefined;
  return /<div class="tile-value">([^<]*)<\/div>/.exec(page.slice(at))?.[1];
}

/** Ingests `portfolio`, then checks the figures of `portfolio --json`, `report --json`, `scores --json` and the HTML. */
function checkFigures(portfolio: string, name: string): { figures: Figures; db: string } {
  const db = join(dir, `${name}.duckdb`);
  const ingest = cmmc('ingest', portfolio, '--db', db, '--json');
  expect([0, 1], ingest.stderr).toContain(ingest.status);

  const summary = cmmc('portfolio', '--db', db, '--as-of', AS_OF, '--json');
  expect(summary.status, summary.stderr).toBe(0);
  const figures = (JSON.parse(summary.stdout) as { figures: Figures }).figures;

  const out = join(dir, `${name}-html`);
  const report = cmmc(
    'report',
    'portfolio',
    '--db',
    db,
    '--as-of',
    AS_OF,
    '--out',
    out,
    '--format',
    'html',
    '--json',
  );
  expect(report.status, report.stderr).toBe(0);
  const rendered = JSON.parse(report.stdout) as {
    documents: { kind: string; path: string; figures: Figures }[];
    failures: unknown[];
  };
  expect(rendered.failures).toEqual([]);
  const [document] = rendered.documents;
  expect(document?.kind).toBe('portfolio');
  // One source: the report's figures are the CLI's, key for key.
  expect(document?.figures).toStrictEqual(figures);

  // The figures are the rows of `cmmc scores`, counted.
  const scores = cmmc('scores', '--db', db, '--as-of', AS_OF, '--json');
  const rows = JSON.parse(scores.stdout) as { organizationName: string; status: string }[];
  expect(figures.statuses).toBe(rows.length);
  expect(figures.suppliers).toBe(new Set(rows.map((r) => r.organizationName)).size);
  for (const status of ['FINAL', 'CONDITIONAL', 'EXPIRED', 'NO_STATUS'] as const) {
    expect(figures.statusTotals[status], status).toBe(
      rows.filter((r) => r.status === status).length,
    );
  }
  // ... and agree with themselves.
  expect(figures.eligible.total + figures.notEligible.total).toBe(figures.suppliers);
  expect(figures.eligible.final + figures.eligible.conditional).toBe(figures.eligible.total);
  expect(sum(Object.values(figures.conditionalCloseout))).toBe(figures.eligible.conditional);
  expect(sum(figures.notEligible.byReason.map((r) => r.suppliers))).toBe(figures.notEligible.total);
  expect(sum(figures.statusesByLevel.map((l) => l.total))).toBe(figures.statuses);
  for (const l of figures.statusesByLevel) expect(sum(Object.values(l.byStatus))).toBe(l.total);
  expect(sum(Object.values(figures.statusTotals))).toBe(figures.statuses);
  expect(sum(figures.level2Scores.histogram.map((b) => b.count))).toBe(figures.level2Scores.scored);
  const level2 = figures.statusesByLevel.find((l) => l.level === 2);
  expect(figures.level2Scores.scored + figures.level2Scores.noScore).toBe(level2?.total ?? 0);

  // The document shows them: cover tiles, reasons, tables, and no page says otherwise.
  const page = readFileSync(document?.path ?? '', 'utf8').replace(/\s+/g, ' ');
  const n = (value: number) => value.toLocaleString('en-US');
  expect(page).toContain(`<strong>${n(figures.suppliers)} suppliers</strong>`);
  expect(page).toContain(`<strong>${html(figures.requirement.defaultLabel)}</strong> or higher`);
  expect(tileValue(page, 'May be awarded work')).toBe(n(figures.eligible.total));
  const { within30, within60, within90 } = figures.conditionalCloseout;
  expect(tileValue(page, 'Conditional: closeout due in 90 days')).toBe(
    n(within30 + within60 + within90),
  );
  expect(page).toContain(`30 days: ${within30} · 60: ${within60} · 90: ${within90}`);
  expect(tileValue(page, 'Not eligible')).toBe(n(figures.notEligible.total));
  for (const r of figures.notEligible.byReason) {
    expect(page).toContain(
      `<tr><td>${html(r.label)}</td><td class="num">${n(r.suppliers)}</td></tr>`,
    );
  }
  expect(tileValue(page, 'Affirmation overdue')).toBe(n(figures.affirmationOverdueSuppliers));
  if (figures.affirmationOverdueSuppliers > 0) {
    expect(page).toContain(
      `Annual affirmation overdue: ${n(figures.affirmationOverdueSuppliers)} supplier`,
    );
  }
  expect(tileValue(page, 'Median Level 2 SPRS score')).toBe(
    figures.level2Scores.median === null ? '—' : n(figures.level2Scores.median),
  );
  expect(tileValue(page, 'Open POA&M items')).toBe(n(figures.poam.openItems));
  expect(tileValue(page, 'Overdue POA&M items')).toBe(n(figures.poam.overdueItems));
  expect(tileValue(page, 'Statuses')).toBe(n(figures.statuses));
  const t = figures.statusTotals;
  expect(page).toContain(
    `<td><strong>All levels</strong></td><td class="num">${n(t.FINAL)}</td><td class="num">${n(t.CONDITIONAL)}</td><td class="num">${n(t.EXPIRED)}</td><td class="num">${n(t.NO_STATUS)}</td><td class="num"><strong>${n(figures.statuses)}</strong></td>`,
  );
  expect(page).toContain(`Statuses by CMMC status (all levels: ${n(figures.statuses)})`);
  expect(page).toContain(`Level 2 SPRS scores (${n(figures.level2Scores.scored)} scored)`);
  // The expired list counts what the status table counts (listed rows plus "… and N more").
  const expiredRows = page.match(/<td class="nowrap overdue">Expired<\/td>/g)?.length ?? 0;
  const moreExpired =
    /<td class="nowrap">Expired<\/td><td colspan="6" class="muted">… and (\d+) more/.exec(page);
  expect(expiredRows + Number(moreExpired?.[1] ?? 0)).toBe(t.EXPIRED);
  return { figures, db };
}

interface Word {
  page: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

function decodeEntities(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&#x27;', "'")
    .replaceAll('&#x3D;', '=')
    .replaceAll('&#x60;', '`')
    .replaceAll('&amp;', '&');
}

/** Words of `pdftotext -bbox-layout` output, with the page size. */
function readWords(xhtml: string): { words: Word[]; width: number; height: number }[] {
  return xhtml
    .split('<page ')
    .slice(1)
    .map((chunk, index) => {
      const width = Number(/width="([\d.]+)"/.exec(chunk)?.[1]);
      const height = Number(/height="([\d.]+)"/.exec(chunk)?.[1]);
      const words = [
        ...chunk.matchAll(
          /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
        ),
      ].map((m) => ({
        page: index + 1,
        x0: Number(m[1]),
        y0: Number(m[2]),
        x1: Number(m[3]),
        y1: Number(m[4]),
        text: decodeEntities(m[5] ?? ''),
      }));
      return { words, width, height };
    });
}

/** Running header and footer bands (Chromium's header/footer templates, allowed below 7 pt). */
const BAND = 36;
/** A word box is about 1.12 times its font size (Liberation Sans ascent + descent); 7 pt gives 7.8. */
const MIN_WORD_HEIGHT = 7 * 1.1;
/**
 * The PDF's side margins (14 mm, render-pdf.ts). Body text keeps inside them with room to spare (cell padding); a word
 * that reaches the edge was cut there by `overflow: hidden` or pushed out of its table.
 */
const MARGIN = (14 / 25.4) * 72;

/** The words of an HTML document's visible text (and its SVG text), lower-cased: what the PDF may show. */
function wordsOf(source: string): Set<string> {
  const body = source.slice(source.indexOf('<body'));
  const text = decodeEntities(body.replace(/<[^>]+>/g, ' '));
  const words = new Set<string>();
  for (const word of text.toLowerCase().split(/\s+/).filter(Boolean)) {
    words.add(word);
    // A line may break after a hyphen ("2025-" / "11-11"): each part is a word too.
    word.split('-').forEach((_, i, parts) => {
      if (i === 0) return;
      words.add(`${parts.slice(0, i).join('-')}-`);
      words.add(parts.slice(i).join('-'));
    });
  }
  return words;
}

/**
 * What is wrong with the layout of a PDF's text layer, one line per finding; with `sourceWords` (see `wordsOf`), a
 * word the source does not have was cut.
 */
function layoutFindings(
  xhtml: string,
  sectionTitles: readonly string[],
  sourceWords?: ReadonlySet<string>,
): string[] {
  const findings: string[] = [];
  const pages = readWords(xhtml);
  pages.forEach(({ words, width, height }, index) => {
    const body = words.filter((w) => w.y0 > BAND && w.y1 < height - BAND);
    for (const w of body) {
      if (w.x0 < MARGIN - 1 || w.x1 > width - MARGIN + 1) {
        findings.push(`page ${w.page}: "${w.text}" is outside the page margins`);
      }
      // The text layer keeps only the visible part of a clipped word ("OVERDUE ITE" for "Overdue items").
      if (sourceWords && !sourceWords.has(w.text.toLowerCase())) {
        findings.push(`page ${w.page}: "${w.text}" is not a word of the document (cut?)`);
      }
      if (w.y1 - w.y0 < MIN_WORD_HEIGHT) {
        findings.push(
          `page ${w.page}: "${w.text}" is ${((w.y1 - w.y0) / 1.12).toFixed(1)} pt, under 7 pt`,
        );
      }
    }
    // Two words overlap when their boxes intersect by more than a hair in both directions; on one line they touch
    // when less than a space (about 2 pt) apart: a nowrap cell ran into the next one ("Within 30 daysBeacon").
    const sorted = [...body].sort((a, b) => a.x0 - b.x0);
    for (let i = 0; i < sorted.length; i += 1) {
      const a = sorted[i] as Word;
      for (let j = i + 1; j < sorted.length; j += 1) {
        const b = sorted[j] as Word;
        if (b.x0 > a.x1 + 1) break;
        const overlapX = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
        const overlapY = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
        const sameLine = overlapY > 0.6 * Math.min(a.y1 - a.y0, b.y1 - b.y0);
        if (overlapX > 0.5 && overlapY > 1) {
          findings.push(`page ${a.page}: "${a.text}" and "${b.text}" overlap`);
        } else if (sameLine && b.x0 - a.x1 <= 1) {
          findings.push(`page ${a.page}: "${a.text}" and "${b.text}" touch`);
        }
      }
    }
    // A page that ends above its middle must end a section: the next page starts with a section title.
    const next = pages[index + 1];
    if (next && body.length > 0) {
      const lowest = Math.max(...body.map((w) => w.y1));
      const nextBody = next.words.filter((w) => w.y0 > BAND);
      const topY = Math.min(...nextBody.map((w) => w.y0));
      const firstLine = nextBody
        .filter((w) => w.y0 < topY + 4)
        .sort((a, b) => a.x0 - b.x0)
        .map((w) => w.text)
        .join(' ');
      const startsSection = sectionTitles.some((title) => firstLine.startsWith(title));
      if (lowest < height / 2 && !startsSection) {
        findings.push(`page ${index + 1} is more than half empty and does not end a section`);
      }
    }
  });
  return findings;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cmmc-figures-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the portfolio report shows the CLI figures and never contradicts itself', () => {
  it('on the demo portfolio, and its PDF has no overlapping, clipped, tiny or stranded text', () => {
    // The fixtures are read-only to the test: ingest a copy.
    const copy = join(dir, 'demo');
    cpSync(demo, copy, { recursive: true });
    const { db } = checkFigures(copy, 'demo');

    const out = join(dir, 'demo-pdf');
    const report = cmmc('report', 'portfolio', '--db', db, '--as-of', AS_OF, '--out', out);
    expect(report.status, report.stderr).toBe(0);
    const pdf = join(out, `portfolio-${AS_OF}.pdf`);
    const xhtml = spawnSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
    const source = readFileSync(join(dir, 'demo-html', `portfolio-${AS_OF}.html`), 'utf8');
    const titles = [...source.matchAll(/<h2[^>]*>([^<]*)</g)].map((m) =>
      (m[1] ?? '').split(' ').slice(0, 2).join(' '),
    );
    expect(titles.length).toBeGreaterThan(4);
    expect(layoutFindings(xhtml, titles, wordsOf(source))).toEqual([]);

    // One scorecard per status (and a Level 3 one), the same checks page by page.
    const scores = JSON.parse(cmmc('scores', '--db', db, '--as-of', AS_OF, '--json').stdout) as {
      cage: string;
      level: number;
      status: string;
    }[];
    const picked = new Set<string>();
    for (const status of ['FINAL', 'CONDITIONAL', 'EXPIRED', 'NO_STATUS']) {
      const row = scores.find((s) => s.status === status && s.level === 2);
      if (row) picked.add(row.cage);
    }
    const level3 = scores.find((s) => s.level === 3);
    if (level3) picked.add(level3.cage);
    expect(picked.size).toBeGreaterThanOrEqual(4);
    const cards = join(dir, 'demo-cards');
    const rendered = cmmc(
      'report',
      'supplier',
      ...picked,
      '--db',
      db,
      '--as-of',
      AS_OF,
      '--out',
      cards,
      '--json',
    );
    expect(rendered.status, rendered.stderr).toBe(0);
    const documents = (
      JSON.parse(rendered.stdout) as {
        documents: {
          path: string;
          figures: {
            status: string;
            maxScore: number | null;
            assessedScore: number | null;
            pointsLost: number;
            closeoutDeadline: string | null;
            daysToDeadline: number | null;
          };
        }[];
      }
    ).documents;
    expect(documents.length).toBeGreaterThanOrEqual(picked.size);
    for (const card of documents) {
      const f = card.figures;
      // Points lost are the deciding assessment's; a deadline only while Conditional, never one already past.
      if (f.maxScore !== null && f.assessedScore !== null) {
        expect(f.pointsLost, card.path).toBe(f.maxScore - f.assessedScore);
      }
      if (f.status !== 'CONDITIONAL') expect(f.closeoutDeadline, card.path).toBeNull();
      else expect(f.daysToDeadline, card.path).toBeGreaterThanOrEqual(0);
    }
    const cardTitles = ['Points lost', 'Critical gaps', 'Plan of', 'Requirements NOT'];
    for (const card of documents) {
      const text = spawnSync('pdftotext', ['-bbox-layout', card.path, '-'], {
        encoding: 'utf8',
      }).stdout;
      expect(layoutFindings(text, cardTitles), card.path).toEqual([]);
    }
  }, 300_000);

  it('on a generated portfolio', () => {
    const portfolio = join(dir, 'generated');
    const generated = cmmc(
      'generate',
      '--suppliers',
      '30',
      '--seed',
      'figures',
      '--as-of',
      AS_OF,
      '--out',
      portfolio,
    );
    expect(generated.status, generated.stderr).toBe(0);
    const { figures } = checkFigures(portfolio, 'generated');
    expect(figures.suppliers).toBe(30);
  }, 180_000);
});

describe('layoutFindings', () => {
  const page = (words: string) =>
    `<doc><page width="612.000000" height="792.000000">${words}</page><page width="612.000000" height="792.000000"><word xMin="40" yMin="60" xMax="90" yMax="70">Next</word></page></doc>`;
  const word = (x0: number, y0: number, x1: number, y1: number, text: string) =>
    `<word xMin="${x0}" yMin="${y0}" xMax="${x1}" yMax="${y1}">${text}</word>`;
  const full = word(45, 700, 80, 709, 'end');

  it('finds overlapping words, words past the margin, tiny text and a stranded half page', () => {
    expect(
      layoutFindings(
        page(word(45, 100, 100, 109, 'CONDITIONAL') + word(90, 102, 140, 111, 'Why') + full),
        ['Next'],
      ),
    ).toEqual(['page 1: "CONDITIONAL" and "Why" overlap']);
    expect(
      layoutFindings(
        page(word(45, 100, 90, 109, 'days') + word(90.4, 100, 130, 109, 'Beacon') + full),
        ['Next'],
      ),
    ).toEqual(['page 1: "days" and "Beacon" touch']);
    expect(
      layoutFindings(
        page(word(45, 100, 90, 109, 'two') + word(92.5, 100, 130, 109, 'words') + full),
        ['Next'],
      ),
    ).toEqual([]);
    expect(layoutFindings(page(word(560, 100, 600, 109, 'ITEMS') + full), ['Next'])).toEqual([
      'page 1: "ITEMS" is outside the page margins',
    ]);
    expect(
      layoutFindings(
        page(word(520, 100, 572, 109, 'ITE') + full),
        ['Next'],
        new Set(['items', 'end', 'next']),
      ),
    ).toEqual(['page 1: "ITE" is not a word of the document (cut?)']);
    expect(layoutFindings(page(word(45, 100, 60, 106, 'tiny') + full), ['Next'])).toEqual([
      'page 1: "tiny" is 5.4 pt, under 7 pt',
    ]);
    expect(layoutFindings(page(word(45, 100, 60, 109, 'short')), ['Other'])).toEqual([
      'page 1 is more than half empty and does not end a section',
    ]);
    expect(layoutFindings(page(word(45, 100, 60, 109, 'short')), ['Next'])).toEqual([]);
  });
});
