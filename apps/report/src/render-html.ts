import { addDays, LEVEL2_CONDITIONAL_MIN_SCORE, LEVEL3_CONDITIONAL_MIN_SCORE } from '@cmmc/catalog';
import { writeOutputFile } from '@cmmc/export';
import { ReportError } from './errors.js';
import { loadReportTemplate } from './templates.js';
import type {
  CmmcLevel,
  IsoDate,
  PortfolioReportModel,
  SupplierScorecardModel,
} from './view-models.js';
import { CMMC_STATUSES } from './view-models.js';

export interface HtmlRenderOptions {
  /** Title on the cover and in the PDF header; each report has its own default. */
  title?: string;
}

/** A rendered report ready for `createPdfRenderer().render()` or to be written as HTML. */
export interface ReportDocument {
  /** Identifies the document in results and messages (e.g. its output file name). */
  name: string;
  /** A complete, self-contained HTML page: inline CSS and SVG, no remote resources, no scripts. */
  html: string;
  /** Left of the PDF page header. */
  title: string;
  /** Right of the PDF page header. */
  asOf: IsoDate;
  /** PDF footer: traces the document to its input and rule set. */
  inputHash: string;
  rulesVersion: string;
  /** Where the renderer writes the PDF; without it the bytes are returned in the result. */
  outputPath?: string;
}

export type RenderResult =
  | {
      name: string;
      ok: true;
      /** Set when the document had an `outputPath`: the file was written there. */
      outputPath?: string;
      /** The PDF (or HTML) bytes, when the document had no `outputPath`. */
      content?: Uint8Array;
      /** 2 when the first attempt was lost to a browser crash. */
      attempts: number;
    }
  | { name: string; ok: false; error: ReportError; attempts: number };

/**
 * A document, or a function that makes it when the renderer reaches it: a run over 10,000 suppliers then never holds
 * every report's HTML at once. A function that throws gives that document a failed result, named by its position.
 */
export type DocumentSource = ReportDocument | (() => ReportDocument);

/** A document source made into a document, or the failed result of making it (a template or chart error). */
export function materializeDocument(
  source: DocumentSource,
  index: number,
): { document: ReportDocument } | { failure: RenderResult } {
  if (typeof source !== 'function') return { document: source };
  try {
    return { document: source() };
  } catch (cause) {
    const error =
      cause instanceof ReportError
        ? cause
        : new ReportError(
            'RENDER_FAILED',
            `Document ${index + 1} could not be made: ${cause instanceof Error ? cause.message : String(cause)}`,
            { cause },
          );
    return { failure: { name: `document ${index + 1}`, ok: false, error, attempts: 1 } };
  }
}

/** Turns documents into files: `createPdfRenderer()` for PDF, `createHtmlRenderer()` for HTML. */
export interface DocumentRenderer {
  /**
   * Renders every document and resolves with one result per document, in input order. Never rejects
   * for a single document's failure; rejects only after `close()`.
   */
  render(documents: readonly DocumentSource[]): Promise<RenderResult[]>;
  /** Releases what the renderer holds (Chromium for PDF). Idempotent. */
  close(): Promise<void>;
}

/**
 * The `--format html` renderer: writes each document's HTML as it is, no browser involved. Same
 * contract as the PDF renderer, so a caller picks one by format and treats them alike.
 */
export function createHtmlRenderer(
  options: { onDocument?: (result: RenderResult) => void } = {},
): DocumentRenderer {
  let closed = false;
  async function write(document: ReportDocument): Promise<RenderResult> {
    const { name, outputPath } = document;
    if (outputPath === undefined) {
      return { name, ok: true, content: new TextEncoder().encode(document.html), attempts: 1 };
    }
    try {
      await writeOutputFile(outputPath, document.html);
      return { name, ok: true, outputPath, attempts: 1 };
    } catch (error) {
      const message = `Document "${name}": the HTML could not be written to ${outputPath}: ${error instanceof Error ? error.message : String(error)}`;
      return {
        name,
        ok: false,
        error: new ReportError('RENDER_FAILED', message, { cause: error }),
        attempts: 1,
      };
    }
  }
  async function writeSource(source: DocumentSource, index: number): Promise<RenderResult> {
    const made = materializeDocument(source, index);
    return 'document' in made ? write(made.document) : made.failure;
  }
  return {
    async render(documents) {
      if (closed) throw new ReportError('RENDER_FAILED', 'The HTML renderer has been closed.');
      const results: RenderResult[] = [];
      for (const [index, source] of documents.entries()) {
        const result = await writeSource(source, index);
        options.onDocument?.(result);
        results.push(result);
      }
      return results;
    },
    async close() {
      closed = true;
    },
  };
}

export interface DocumentOptions extends HtmlRenderOptions {
  /** See `ReportDocument.name`; defaults to `outputPath`, else a name derived from the report. */
  name?: string;
  outputPath?: string;
}

const PORTFOLIO_TITLE = 'Supplier CMMC Portfolio Report';

function supplierTitle(model: SupplierScorecardModel): string {
  return `CMMC Scorecard: ${model.organizationName}`;
}

function shareOf(count: number, total: number): number | null {
  return total > 0 ? count / total : null;
}

const LEVEL_LABELS: Record<CmmcLevel, string> = {
  1: 'Level 1 (FAR 52.204-21)',
  2: 'Level 2 (NIST SP 800-171)',
  3: 'Level 3 (NIST SP 800-172)',
};

/**
 * The portfolio report as one HTML page (cover, summary, risks, rules used). Pure and deterministic:
 * the same model gives the same string.
 * @throws TemplateError when a template fails, naming it.
 */
export function renderPortfolioHtml(
  model: PortfolioReportModel,
  options: HtmlRenderOptions = {},
): string {
  const windows = [
    { key: 'past', label: 'Expired', tone: 'expired' },
    { key: 'within30', label: 'Within 30 days', tone: 'soon' },
    { key: 'within60', label: 'In 31–60 days', tone: 'later' },
    { key: 'within90', label: 'In 61–90 days', tone: 'later' },
  ] as const;
  const expiringWindows = windows.map((w) => ({
    label: w.label,
    tone: w.tone,
    suppliers: model.expiring[w.key],
    // A large portfolio lists the soonest of each window; the rest are counted in one line.
    more: Math.max(0, model.expiringCounts[w.key] - model.expiring[w.key].length),
  }));
  const affirmationWindows = (
    [
      { key: 'overdue', label: 'Overdue', tone: 'overdue' },
      { key: 'within30', label: 'Due within 30 days', tone: 'soon' },
    ] as const
  ).map((w) => ({
    label: w.label,
    tone: w.tone,
    suppliers: model.affirmations[w.key],
    count: model.affirmationCounts[w.key],
    more: Math.max(0, model.affirmationCounts[w.key] - model.affirmations[w.key].length),
  }));
  const { figures } = model;
  const closeout = figures.conditionalCloseout;
  return loadReportTemplate('portfolio')({
    ...model,
    title: options.title ?? PORTFOLIO_TITLE,
    closeoutWithin90: closeout.within30 + closeout.within60 + closeout.within90,
    statusRows: CMMC_STATUSES.map((status) => ({
      status,
      count: figures.statusTotals[status],
      share: shareOf(figures.statusTotals[status], figures.statuses),
    })),
    levelRows: figures.statusesByLevel.map((row) => ({
      ...row,
      label: LEVEL_LABELS[row.level],
    })),
    expiringWindows,
    // The tile counts statuses still alive that expire within 90 days; the expired ones are its note.
    expiringCount:
      model.expiringCounts.within30 + model.expiringCounts.within60 + model.expiringCounts.within90,
    anyExpiring:
      model.expiringCounts.within30 +
        model.expiringCounts.within60 +
        model.expiringCounts.within90 +
        model.expiringCounts.past >
      0,
    affirmationWindows,
    anyAffirmationDue: model.affirmationCounts.overdue + model.affirmationCounts.within30 > 0,
    hasScores: figures.level2Scores.median !== null,
    atRiskPage: model.suppliersAtRisk.slice(0, model.atRiskFirstPage),
    atRiskMore: model.suppliersAtRisk.length - model.atRiskFirstPage,
    atRiskAppendix: inParts(
      inParts(model.suppliersAtRisk, APPENDIX_PART_ROWS),
      APPENDIX_SECTION_TABLES,
    ).map((section) => ({ tables: section.rows })),
  });
}

/**
 * Rows per table of Appendix A. Chromium's print layout of one table grows with the square of its rows: 8,337 suppliers
 * at risk (10,000 in the portfolio) took 44 s to print as one table and 15 s as tables of 40, so the appendix is a
 * numbered run of short tables, each with its own heading row ("Suppliers 41–80 of 8,337").
 */
const APPENDIX_PART_ROWS = 50;

/**
 * Tables per section of Appendix A (1,000 suppliers). Each section starts a new page, so the renderer may print the
 * report in parts at the section boundaries (PRINT_PART_BOUNDARY in print-batch.ts) and the pages come out the same.
 */
const APPENDIX_SECTION_TABLES = 20;

function inParts<T>(rows: readonly T[], size: number) {
  const parts: { first: number; last: number; rows: T[] }[] = [];
  for (let start = 0; start < rows.length; start += size) {
    const part = rows.slice(start, start + size);
    parts.push({ first: start + 1, last: start + part.length, rows: part });
  }
  return parts;
}

/** The numbers a scorecard shows, as `cmmc report supplier --json` reports them; the template reads the same. */
export interface ScorecardFigures {
  status: SupplierScorecardModel['status'];
  sprsScore: number | null;
  maxScore: number | null;
  /** The score the assessment earned; below `sprsScore` only when a POA&M closeout raised it. */
  assessedScore: number | null;
  /** Sum of the family table's points lost: the assessment's, `maxScore − assessedScore`. */
  pointsLost: number;
  closeoutDeadline: IsoDate | null;
  daysToDeadline: number | null;
  closedOutOn: IsoDate | null;
  expiredOn: IsoDate | null;
  statusExpiresOn: IsoDate | null;
  openPoamItems: number;
  overduePoamItems: number;
  notMet: number;
  notAssessed: number;
  criticalGaps: number;
  affirmationDueOn: IsoDate | null;
  affirmationOverdue: boolean;
}

export function scorecardFigures(model: SupplierScorecardModel): ScorecardFigures {
  return {
    status: model.status,
    sprsScore: model.sprsScore,
    maxScore: model.maxScore,
    assessedScore: model.assessedScore,
    pointsLost: model.scoreByFamily.reduce((total, family) => total + family.pointsLost, 0),
    closeoutDeadline: model.closeoutDeadline,
    daysToDeadline: model.daysToDeadline,
    closedOutOn: model.closedOutOn,
    expiredOn: model.expiredOn,
    statusExpiresOn: model.statusExpiresOn,
    openPoamItems: model.poamItems.filter((item) => item.status === 'open').length,
    overduePoamItems: model.poamItems.filter((item) => item.status === 'open' && item.overdue)
      .length,
    notMet: model.notMet.length,
    notAssessed: model.notAssessed.length,
    criticalGaps: model.criticalGaps.length,
    affirmationDueOn: model.affirmationDueOn,
    affirmationOverdue: model.affirmationOverdue,
  };
}

/**
 * One supplier's scorecard as an HTML page. Pure and deterministic.
 * @throws TemplateError when a template fails, naming it.
 */
export function renderSupplierHtml(
  model: SupplierScorecardModel,
  options: HtmlRenderOptions = {},
): string {
  const figures = scorecardFigures(model);
  const pointsPossibleTotal = model.scoreByFamily.reduce(
    (total, family) => total + family.maxPoints,
    0,
  );
  return loadReportTemplate('supplier')({
    ...model,
    title: options.title ?? supplierTitle(model),
    levelLabel: LEVEL_LABELS[model.level],
    closedOut: model.closedOutOn !== null,
    // Level 2: 88 of 110; Level 3: 20 of 24 (32 CFR 170.21(a)(2)(i), (a)(3)(i)); Level 1 has no score.
    scoreScale:
      model.sprsScore !== null && model.maxScore !== null && model.level !== 1
        ? {
            score: model.sprsScore,
            maxScore: model.maxScore,
            minimum:
              model.level === 3 ? LEVEL3_CONDITIONAL_MIN_SCORE : LEVEL2_CONDITIONAL_MIN_SCORE,
          }
        : null,
    pointsLostTotal: figures.pointsLost,
    affirmationOverdueSince:
      model.affirmationOverdue && model.affirmationDueOn !== null
        ? addDays(model.affirmationDueOn, 1)
        : null,
    scoreDiffers: model.selfReportedScore !== null && model.selfReportedScore !== model.sprsScore,
    familiesWithLoss: model.scoreByFamily.filter((family) => family.pointsLost > 0),
    familiesWithoutLoss: model.scoreByFamily.filter((family) => family.pointsLost === 0).length,
    pointsWithoutLoss: model.scoreByFamily
      .filter((family) => family.pointsLost === 0)
      .reduce((total, family) => total + family.maxPoints, 0),
    notMetTotal: model.scoreByFamily.reduce((total, family) => total + family.notMet, 0),
    pointsPossibleTotal,
    lowestScore:
      model.level === 2 && model.maxScore !== null ? model.maxScore - pointsPossibleTotal : null,
    openPoamItems: figures.openPoamItems,
    overduePoamItems: figures.overduePoamItems,
  });
}

/** Renders the portfolio report and wraps it with what the PDF header and footer need. */
export function createPortfolioDocument(
  model: PortfolioReportModel,
  options: DocumentOptions = {},
): ReportDocument {
  const title = options.title ?? PORTFOLIO_TITLE;
  return {
    name: options.name ?? options.outputPath ?? 'portfolio',
    html: renderPortfolioHtml(model, { title }),
    title,
    asOf: model.asOf,
    inputHash: model.inputHash,
    rulesVersion: model.rulesVersion,
    ...(options.outputPath === undefined ? {} : { outputPath: options.outputPath }),
  };
}

/** Renders a supplier scorecard and wraps it with what the PDF header and footer need. */
export function createSupplierDocument(
  model: SupplierScorecardModel,
  options: DocumentOptions = {},
): ReportDocument {
  const title = options.title ?? supplierTitle(model);
  return {
    name: options.name ?? options.outputPath ?? model.organizationName,
    html: renderSupplierHtml(model, { title }),
    title,
    asOf: model.asOf,
    inputHash: model.inputHash,
    rulesVersion: model.rulesVersion,
    ...(options.outputPath === undefined ? {} : { outputPath: options.outputPath }),
  };
}
