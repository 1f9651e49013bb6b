export type { BuildModelOptions, SupplierReport } from './build-models.js';
export {
  buildPortfolioModel,
  buildSupplierModels,
  listPortfolioInputFiles,
} from './build-models.js';
export type { ReportErrorCode } from './errors.js';
export { ChromiumNotFoundError, ReportError, TemplateError } from './errors.js';
export { supplierReportFileName } from './file-names.js';
export type {
  DocumentOptions,
  DocumentRenderer,
  DocumentSource,
  HtmlRenderOptions,
  RenderResult,
  ReportDocument,
  ScorecardFigures,
} from './render-html.js';
export {
  createHtmlRenderer,
  createPortfolioDocument,
  createSupplierDocument,
  renderPortfolioHtml,
  renderSupplierHtml,
  scorecardFigures,
} from './render-html.js';
export type { PaperFormat, PdfRendererOptions } from './render-pdf.js';
export { createPdfRenderer, resolveChromiumPath } from './render-pdf.js';
export { rendererFingerprint } from './renderer-fingerprint.js';
export { createRulesPage } from './rules-page.js';
export { selectShard } from './select-shard.js';
export type {
  AffirmationDueSupplier,
  AffirmationsDue,
  AssessmentType,
  CmmcLevel,
  CmmcStatus,
  CriticalGap,
  ExpiringSupplier,
  ExpiringSuppliers,
  FailedRequirement,
  FamilyFailureRate,
  FamilyScore,
  HistogramBucket,
  IsoDate,
  PoamAgingBuckets,
  PoamItemView,
  PoamMilestone,
  PortfolioFigures,
  PortfolioReportModel,
  RequirementId,
  RulesPageModel,
  RulesSection,
  ScoreDistribution,
  StatusReason,
  SupplierAtRisk,
  SupplierScorecardModel,
} from './view-models.js';
export { CMMC_LEVELS, CMMC_STATUSES } from './view-models.js';
