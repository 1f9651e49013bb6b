import { describe, expect, test } from 'vitest';
import { formatDate } from './format.js';
import type { ReportDocument } from './render-html.js';
import { createPortfolioDocument, createSupplierDocument } from './render-html.js';
import { buildPortfolioModel, buildSupplierModel } from './test-models.js';

/**
 * `cmmc schedule` keeps a report rendered as of an earlier day when its view model is the same apart from `asOf`
 * (and the footer hash built from it): every day count, overdue flag and status is computed into the model before
 * rendering, so the kept file prints the same figures a new one would, under its older as-of stamp
 * (apps/cli/src/reuse/report-reuse.ts). That holds only while the templates and the code around them use `asOf`
 * for the stamp alone. A failure here means a document now derives something else from the as-of date, and the
 * reuse key must then include it.
 */
const EARLIER = '2030-01-07';
const LATER = '2031-03-05';

/** The document with its as-of stamp replaced by a marker, and how many stamps were replaced. */
function withoutStamp(doc: ReportDocument, asOf: string): { doc: object; stamps: number } {
  let stamps = 0;
  const html = doc.html
    .replaceAll(formatDate(asOf), () => {
      stamps += 1;
      return '<as-of>';
    })
    .replaceAll(asOf, () => {
      stamps += 1;
      return '<as-of>';
    });
  const { asOf: _asOf, inputHash: _inputHash, ...rest } = doc;
  return { doc: { ...rest, html }, stamps };
}

describe('the as-of date is only a stamp', () => {
  test('a scorecard differs between two as-of days only where it prints the date', () => {
    const earlier = withoutStamp(
      createSupplierDocument(buildSupplierModel({ asOf: EARLIER })),
      EARLIER,
    );
    const later = withoutStamp(createSupplierDocument(buildSupplierModel({ asOf: LATER })), LATER);
    expect(earlier.stamps).toBeGreaterThan(0);
    expect(later.stamps).toBe(earlier.stamps);
    expect(later.doc).toEqual(earlier.doc);
  });

  test('so does the portfolio report', () => {
    const earlier = withoutStamp(
      createPortfolioDocument(buildPortfolioModel({ asOf: EARLIER })),
      EARLIER,
    );
    const later = withoutStamp(
      createPortfolioDocument(buildPortfolioModel({ asOf: LATER })),
      LATER,
    );
    expect(earlier.stamps).toBeGreaterThan(0);
    expect(later.stamps).toBe(earlier.stamps);
    expect(later.doc).toEqual(earlier.doc);
  });

  test('a figure that changes with the day does change the document (the check above can fail)', () => {
    const model = buildSupplierModel({ asOf: EARLIER });
    const older = { ...model, daysToDeadline: (model.daysToDeadline ?? 0) - 7 };
    expect(withoutStamp(createSupplierDocument(older), EARLIER).doc).not.toEqual(
      withoutStamp(createSupplierDocument(model), EARLIER).doc,
    );
  });
});
