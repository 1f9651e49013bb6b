import { describe, expect, test } from 'vitest';
import { PRINT_PART_BOUNDARY } from './print-batch.js';
import {
  createHtmlRenderer,
  createSupplierDocument,
  renderPortfolioHtml,
  renderSupplierHtml,
} from './render-html.js';
import { buildFigures, buildPortfolioModel, buildSupplierModel } from './test-models.js';

/** Every URL a page could load from; the SVG namespace URIs are names, never fetched. */
function remoteReferences(html: string): string[] {
  return (html.match(/(?:src|href|url)\s*[=(]\s*["']?[^"')\s>]+/gi) ?? []).filter(
    (reference) => !/["'(]?(data:|#)/.test(reference.replace(/^(src|href|url)\s*[=(]\s*/i, '')),
  );
}

describe('renderSupplierHtml', () => {
  test('escapes a hostile supplier name everywhere', () => {
    const html = renderSupplierHtml(
      buildSupplierModel({ organizationName: '<script>alert(1)</script>', cage: '"><b>' }),
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('"><b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('shows the computed score beside a different self-reported one', () => {
    const html = renderSupplierHtml(buildSupplierModel());
    expect(html).toContain('Self-reported: 110');
    expect(html).toMatch(/107<span class="muted"[^>]*> \/ 110/);
  });

  test('a null score at Level 2 reads "No score" (3.12.4 SSP NOT MET)', () => {
    const html = renderSupplierHtml(
      buildSupplierModel({ sprsScore: null, selfReportedScore: null, status: 'NO_STATUS' }),
    );
    expect(html).toContain('No score');
    expect(html).toContain('SSP (3.12.4) NOT MET');
  });

  /**
   * 32 CFR 170.22: a status in force needs a yearly affirmation. A failure means an overdue one no longer reads as a
   * warning on the scorecard (or is not stated at all).
   */
  test('an overdue annual affirmation is a warning with the day it became overdue', () => {
    const html = renderSupplierHtml(
      buildSupplierModel({
        status: 'FINAL',
        statusDate: '2025-11-20',
        lastAffirmedOn: null,
        affirmedSinceStatus: false,
        // 2025-11-20 + 1 year; overdue from the next day
        affirmationDueOn: '2026-11-20',
        affirmationOverdue: true,
      }),
    ).replace(/\s+/g, ' ');
    expect(html).toMatch(
      /<div class="callout callout-alert affirmation"><strong>Annual affirmation \(32 CFR 170\.22\): due by 20 Nov 2026<\/strong>, none on record since the status date\.<br> <strong class="overdue">OVERDUE since 21 Nov 2026<\/strong>: no affirmation on record for the past year — SPRS may show the status as lapsed\./,
    );
  });

  test('an affirmation not yet due reads as a plain line with the last one on record', () => {
    const html = renderSupplierHtml(buildSupplierModel()).replace(/\s+/g, ' ');
    expect(html).toContain(
      '<p class="affirmation"><strong>Annual affirmation (32 CFR 170.22):</strong> due by 20 Jul 2027, last affirmed 20 Jul 2026.</p>',
    );
    expect(html).not.toContain('OVERDUE');
  });

  test('an affirmation older than the status date does not count for it', () => {
    // analytics (affirmationStanding in @cmmc/catalog) decides it does not count; the scorecard says so
    const html = renderSupplierHtml(
      buildSupplierModel({
        lastAffirmedOn: '2025-01-10',
        affirmedSinceStatus: false,
        affirmationDueOn: '2027-07-15',
      }),
    );
    expect(html).toContain(
      'due by 15 Jul 2027, none on record since the status date (the latest, 10 Jan 2025, predates it).',
    );
  });

  test('a status with nothing to affirm has no affirmation line', () => {
    const html = renderSupplierHtml(
      buildSupplierModel({
        status: 'NO_STATUS',
        affirmationDueOn: null,
        affirmationOverdue: false,
      }),
    );
    expect(html).not.toContain('Annual affirmation');
  });

  test('Level 1: no score, and no POA&M ever', () => {
    const html = renderSupplierHtml(
      buildSupplierModel({ level: 1, sprsScore: null, maxScore: null, poamItems: [] }),
    );
    expect(html).toContain('Not scored');
    expect(html).toContain('Level 1 permits no POA&amp;M');
  });
  /**
   * 32 CFR 170.21(b): a closeout makes the status Final. A failure means a Final supplier is shown a past deadline as
   * overdue again (the demo's "POA&M closeout deadline 29 Jan 2026, 303 days overdue" beside 110/110).
   */
  test('a Final status after a POA&M closeout shows "Closed out on D" and no deadline', () => {
    const html = renderSupplierHtml(
      buildSupplierModel({
        status: 'FINAL',
        sprsScore: 110,
        assessedScore: 107,
        closeoutDeadline: null,
        daysToDeadline: null,
        closedOutOn: '2026-09-30',
        statusExpiresOn: '2029-07-15',
        reasons: [
          {
            code: 'POAM_CLOSED_OUT',
            requirements: [],
            message: 'every POA&M item was closed by 2026-09-30, within the 180 days to 2027-01-11',
          },
        ],
        poamItems: buildSupplierModel().poamItems.map((item) => ({
          ...item,
          status: 'closed' as const,
          overdue: false,
        })),
      }),
    ).replace(/\s+/g, ' ');
    expect(html).toContain('Closed out on 30 Sep 2026');
    expect(html).not.toContain('POA&amp;M closeout deadline');
    const text = html.slice(html.indexOf('<body>')).replace(/<[^>]+>/g, ' ');
    expect(text).not.toMatch(/days overdue|overdue since|days ago/i);
    // Points lost are the assessment's, said to be before the closeout: 110 - 107 = 3 lost, then closed out.
    expect(html).toContain('Lost at the assessment of 1 Jul 2026 (107 of 110)');
  });

  test('a Conditional status shows its closeout deadline and the days left', () => {
    const html = renderSupplierHtml(buildSupplierModel()).replace(/\s+/g, ' ');
    expect(html).toMatch(
      /POA&amp;M closeout deadline<\/div> <div class="tile-value" style="font-size:15pt">11 Jan 2027<\/div> <div class="tile-note">in 44 days; then the status expires/,
    );
    expect(html).not.toContain('Closed out on');
    // 110 - 3 one-point requirements = 107, drawn against the Conditional minimum of 88.
    expect(html).toContain('3 points lost at the assessment of 1 Jul 2026: 110 − 3 = 107.');
    expect(html).toContain('Conditional minimum 88');
  });

  test('reasons of one code are one line listing their requirements', () => {
    const html = renderSupplierHtml(
      buildSupplierModel({
        status: 'NO_STATUS',
        reasons: [
          {
            code: 'VALUE_ABOVE_ONE_POINT',
            requirements: ['3.1.1', '3.1.2', '3.5.3'],
            message: '3 requirements NOT MET are worth more than 1 point',
          },
        ],
      }),
    ).replace(/\s+/g, ' ');
    expect(html).toContain(
      '<li>3 requirements NOT MET are worth more than 1 point: <span class="id-list">3.1.1, 3.1.2, 3.5.3</span></li>',
    );
  });
});

describe('renderPortfolioHtml', () => {
  test('counts every expiring status but lists only those the model carries', () => {
    const model = buildPortfolioModel();
    const html = renderPortfolioHtml({
      ...model,
      expiringCounts: { ...model.expiringCounts, past: 41, within30: 7 },
    }).replace(/\s+/g, ' ');
    // 41 expired, one listed: the table says how many more there are.
    expect(html).toContain('… and 40 more;');
    expect(html).toContain('… and 6 more;');
  });

  /**
   * A failure means the cover no longer answers the prime's question from the figures: who may be awarded work, who
   * is Conditional with a deadline close, who may not and why.
   */
  test('the cover renders the eligibility figures and the grouped reasons', () => {
    const html = renderPortfolioHtml(buildPortfolioModel()).replace(/\s+/g, ' ');
    expect(html).toMatch(
      /May be awarded work<\/div> <div class="tile-value">3<\/div> <div class="tile-note">2 Final · 1 Conditional</,
    );
    expect(html).toMatch(
      /Conditional: closeout due in 90 days<\/div> <div class="tile-value">1<\/div> <div class="tile-note">30 days: 1 · 60: 0 · 90: 0</,
    );
    expect(html).toMatch(/Not eligible<\/div> <div class="tile-value">2</);
    expect(html).toContain(
      '<tr><td>Conditional status expired: POA&amp;M not closed out within 180 days</td><td class="num">1</td></tr>',
    );
    expect(html).toContain('<strong>Level 2 (Self)</strong> or higher');
  });

  /**
   * A failure means the executive report no longer says how many suppliers' yearly affirmations (32 CFR 170.22) are
   * overdue, or lists them without saying how many were left off.
   */
  test('counts the suppliers whose annual affirmation is overdue and lists them', () => {
    const model = buildPortfolioModel();
    const html = renderPortfolioHtml(model).replace(/\s+/g, ' ');
    expect(html).toMatch(
      /Affirmation overdue<\/div> <div class="tile-value">1<\/div> <div class="tile-note">suppliers with a status unaffirmed for a year</,
    );
    expect(html).toContain(
      '<strong class="overdue">Annual affirmation overdue: 1 supplier</strong> (1 status) with no affirmation on record',
    );
    expect(html).toMatch(
      /<h3 class="overdue">Overdue \(1\)<\/h3> <table class="affirmations">.*?<tbody> <tr> <td>Evergreen Forge Inc<\/td><td class="id">39DU8<\/td> <td>2<\/td><td><span class="badge badge-final">Final<\/span> <\/td> <td class="nowrap">20 Nov 2026<\/td><td><span class="muted">none on record<\/span><\/td> <td class="num overdue">8 days overdue<\/td>/,
    );
    expect(html).toMatch(
      /<h3>Due within 30 days \(1\)<\/h3> <table class="affirmations">.*?<tbody> <tr> <td>Evergreen Forge Inc<\/td><td class="id">39DU8<\/td> <td>3<\/td>/,
    );

    const capped = renderPortfolioHtml({
      ...model,
      affirmationCounts: { overdue: 45, within30: 1 },
      figures: buildFigures({ affirmationOverdueSuppliers: 41 }),
    }).replace(/\s+/g, ' ');
    expect(capped).toContain('Annual affirmation overdue: 41 suppliers</strong> (45 statuses)');
    expect(capped).toContain('<h3 class="overdue">Overdue (45)</h3>');
    expect(capped).toContain('… and 44 more; <span class="id">cmmc scores --json</span>');
  });

  test('says so when no affirmation is overdue or due soon', () => {
    const html = renderPortfolioHtml(
      buildPortfolioModel({
        affirmations: { overdue: [], within30: [] },
        affirmationCounts: { overdue: 0, within30: 0 },
        figures: buildFigures({ affirmationOverdueSuppliers: 0 }),
      }),
    ).replace(/\s+/g, ' ');
    expect(html).toContain('No annual affirmation is overdue or falls due in the next 30 days.');
    expect(html).not.toContain('Annual affirmation overdue:');
  });

  test('escapes a hostile supplier name in the affirmation list', () => {
    const model = buildPortfolioModel();
    const [first] = model.affirmations.overdue;
    if (!first) throw new Error('the test model lists an overdue affirmation');
    const html = renderPortfolioHtml({
      ...model,
      affirmations: {
        ...model.affirmations,
        overdue: [{ ...first, organizationName: '<img src=x>' }],
      },
    });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src&#x3D;x&gt;');
  });

  test('is self-contained: no script, no remote resource', () => {
    const html = renderPortfolioHtml(buildPortfolioModel());
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import/i);
    expect(remoteReferences(html)).toEqual([]);
  });

  test('is reproducible: the same model renders the same HTML', () => {
    expect(renderPortfolioHtml(buildPortfolioModel())).toBe(
      renderPortfolioHtml(buildPortfolioModel()),
    );
  });

  test('has the rules page with its citations', () => {
    const html = renderPortfolioHtml(buildPortfolioModel());
    for (const text of ['32 CFR 170.21', '32 CFR 170.24', 'Assessment Methodology v1.2.1']) {
      expect(html).toContain(text);
    }
    expect(html).toContain('80 % of the 110 possible');
    expect(html).toContain('Source: 32 CFR 170.22');
    expect(html).toContain('AC.L2-3.1.20, AC.L2-3.1.22, CA.L2-3.12.4, PE.L2-3.10.3');
  });

  test('handles an empty portfolio', () => {
    const html = renderPortfolioHtml(
      buildPortfolioModel({
        figures: buildFigures({
          suppliers: 0,
          statuses: 0,
          eligible: { total: 0, final: 0, conditional: 0 },
          conditionalCloseout: { within30: 0, within60: 0, within90: 0, later: 0 },
          notEligible: { total: 0, byReason: [] },
          affirmationOverdueSuppliers: 0,
          statusesByLevel: [],
          statusTotals: { FINAL: 0, CONDITIONAL: 0, EXPIRED: 0, NO_STATUS: 0 },
          level2Scores: { scored: 0, noScore: 0, median: null, histogram: [] },
          poam: { openItems: 0, overdueItems: 0, suppliersWithOverdue: 0 },
        }),
        expiring: { within30: [], within60: [], within90: [], past: [] },
        expiringCounts: { within30: 0, within60: 0, within90: 0, past: 0 },
        affirmations: { overdue: [], within30: [] },
        affirmationCounts: { overdue: 0, within30: 0 },
        scoreDistribution: {
          min: null,
          q1: null,
          median: null,
          q3: null,
          max: null,
          histogram: [],
        },
        poamAgingBuckets: { days0To30: 0, days31To90: 0, days91To180: 0, over180: 0 },
        criticalFailureByFamily: [],
        suppliersAtRisk: [],
        atRiskFirstPage: 0,
        mostFailedRequirements: [],
      }),
    );
    expect(html).toContain('No supplier has a Level 2 score.');
    expect(html).toContain('No supplier is at risk.');
  });
});

/** The test portfolio with `count` suppliers at risk named Supplier 001, 002, … (digits: the width of the names). */
function portfolioAtRisk(count: number, digits: number) {
  const base = buildPortfolioModel();
  const template = base.suppliersAtRisk[0];
  if (!template) throw new Error('the test model has suppliers at risk');
  const suppliersAtRisk = Array.from({ length: count }, (_, i) => ({
    ...template,
    organizationName: `Supplier ${String(i + 1).padStart(digits, '0')}`,
  }));
  return {
    suppliersAtRisk,
    html: renderPortfolioHtml({ ...base, suppliersAtRisk, atRiskFirstPage: 12 }),
  };
}

test('Appendix A lists every supplier at risk once, in numbered tables of 50', () => {
  const { suppliersAtRisk, html } = portfolioAtRisk(120, 3);
  const appendix = html.slice(html.indexOf('Appendix A: all suppliers at risk (120)'));
  expect(appendix.match(/<div class="appendix-part">[^<]*<\/div>/g)).toEqual([
    '<div class="appendix-part">Suppliers 1–50 of 120</div>',
    '<div class="appendix-part">Suppliers 51–100 of 120</div>',
    '<div class="appendix-part">Suppliers 101–120 of 120</div>',
  ]);
  expect(appendix.match(/<table class="at-risk at-risk-compact">/g)).toHaveLength(3);
  const listed = [...appendix.matchAll(/<strong>(Supplier \d{3})<\/strong>/g)].map((m) => m[1]);
  expect(listed).toEqual(suppliersAtRisk.map((s) => s.organizationName));
});

test('Appendix A comes in sections of 1,000 suppliers, each a page that a print part may start', () => {
  const { html } = portfolioAtRisk(2_120, 4);
  const body = html.slice(html.indexOf('<body>'));
  // Print parts are cut only where a new page starts anyway, so a report printed in parts keeps its pages.
  const boundaries = body.split(PRINT_PART_BOUNDARY).slice(1);
  expect(boundaries.length).toBeGreaterThan(3);
  for (const piece of boundaries) expect(piece).toMatch(/^\s*<section class="page">/);
  const appendixSections = boundaries.filter((piece) => piece.includes('appendix-part'));
  expect(
    appendixSections.map(
      (piece) => piece.match(/<div class="appendix-part">[^<]*<\/div>/g)?.length,
    ),
  ).toEqual([20, 20, 3]);
  expect(appendixSections[1]).toMatch(
    /^\s*<section class="page">\s*<div class="appendix-part">Suppliers 1,001–1,050 of 2,120/,
  );
  expect(
    appendixSections.filter((piece) => piece.includes('Appendix A: all suppliers')),
  ).toHaveLength(1);
});

/**
 * Characterisation of the HTML before it becomes a PDF: a changed snapshot means the report changed.
 * Review the diff, then run `npx vitest run -u` in apps/report. The files end in `.snap` so Biome,
 * which lints `.html`, leaves echarts' generated SVG alone.
 */
test('HTML snapshots', async () => {
  await expect(renderPortfolioHtml(buildPortfolioModel())).toMatchFileSnapshot(
    './__snapshots__/portfolio.html.snap',
  );
  await expect(renderSupplierHtml(buildSupplierModel())).toMatchFileSnapshot(
    './__snapshots__/supplier.html.snap',
  );
});

test('the HTML renderer writes each document as is and reports failures per document', async () => {
  const { mkdtempSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const directory = mkdtempSync(join(tmpdir(), 'cmmc-html-'));
  try {
    const renderer = createHtmlRenderer();
    writeFileSync(join(directory, 'missing'), 'a file where a folder belongs');
    const document = createSupplierDocument(buildSupplierModel(), {
      outputPath: join(directory, 'acme.html'),
    });
    const results = await renderer.render([
      { ...document, name: 'unwritable', outputPath: join(directory, 'missing', 'x.html') },
      document,
    ]);
    expect(results[0]?.ok === false && results[0].error.code).toBe('RENDER_FAILED');
    expect(results[1]).toMatchObject({ ok: true, outputPath: join(directory, 'acme.html') });
    expect(readFileSync(join(directory, 'acme.html'), 'utf8')).toBe(document.html);
    await renderer.close();
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
