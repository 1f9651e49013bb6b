import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { supplierScores } from '@cmmc/analytics';
import { isIsoDate } from '@cmmc/catalog';
import { writeOutputFile } from '@cmmc/export';
import { fileStampOf } from '@cmmc/ingest';
import {
  buildPortfolioModel,
  buildSupplierModels,
  createPdfRenderer,
  createPortfolioDocument,
  createSupplierDocument,
  listPortfolioInputFiles,
  type PortfolioFigures,
  type ReportDocument,
  type ScorecardFigures,
  scorecardFigures,
  selectShard,
  supplierReportFileName,
} from '@cmmc/report';
import { parseAsOf, parseCommandArgs } from '../args.js';
import { databasePath, withStore } from '../database.js';
import { CliError, usageError } from '../errors.js';
import { type Io, writeJson, writeLine } from '../output.js';
import { createProgress } from '../progress.js';
import {
  applyReuse,
  type RenderReason,
  rendererIdentity,
  reuseKey,
  sha256OfFile,
} from '../reuse/report-reuse.js';
import { readRunManifest, writeRunManifest } from '../reuse/run-manifest.js';

export const reportUsage = `Usage: cmmc report portfolio [--db f] [--as-of d] [--out dir] [--format pdf|html] [--paper letter|a4]
       cmmc report supplier <name-or-cage>... | --all [--db f] [--as-of d] [--out dir] [--shard i/n]
                            [--format pdf|html] [--paper letter|a4] [--reuse-from dir]

Render the portfolio executive report, or supplier scorecards, to PDF (Debian's Chromium through puppeteer-core,
JavaScript off, network blocked) or to HTML. The same database and --as-of give the same figures.

Options:
  --db <file>         database file (default: $CMMC_DB, else ./cmmc.duckdb)
  --as-of <date>      as of this day (default today)
  --out <dir>         output folder (default ./reports)
  --format pdf|html   default pdf
  --paper letter|a4   default letter
  --all               every supplier (supplier reports)
  --shard i/n         render only every n-th supplier starting at the i-th (1-based), to split a batch across
                      machines with no coordination (e.g. a Kubernetes indexed Job: --shard $((JOB_COMPLETION_INDEX+1))/n)
  --reuse-from <dir>  keep the reports of an earlier run in <dir> (its cmmc-manifest.json) whose inputs, rules
                      version, figures, renderer, format and paper are unchanged: hard-linked (or copied) into
                      --out instead of rendered again. Every run records its reports in <out>/cmmc-manifest.json.
  --concurrency <n>   pages rendering at once (default: the number of cores)
  --json              print { asOf, documents: [{ kind, path, organizationName, cage, level, figures }], failures }:
                      figures are the numbers each document shows (the portfolio's equal \`cmmc portfolio --json\`'s)
  -h, --help          show this help

Examples:
  cmmc report portfolio --as-of 2026-11-28 --out out/reports
  cmmc report supplier --all --shard 1/4 --out out/reports/suppliers
  cmmc report supplier --all --out reports/week-49 --reuse-from reports/week-48`;

export interface RenderReportsOptions {
  database: string;
  asOf: string;
  outDir: string;
  /**
   * The folder the user named, when `outDir` is a folder made inside it (the scheduler's `<outDir>/<date>`): nothing
   * is written outside it and no symbolic link inside it is followed. Default `outDir`.
   */
  outputRoot?: string;
  format: 'pdf' | 'html';
  paper: 'letter' | 'a4';
  portfolio: boolean;
  /** `all`, a list of names or CAGE codes, or none. */
  suppliers: 'all' | readonly string[] | null;
  shard?: { index: number; count: number };
  concurrency?: number;
  onProgress?: (done: number, total: number, name: string) => void;
  /**
   * Keep reports from an earlier run's folder (its `cmmc-manifest.json`) instead of rendering them again, when the
   * reuse rule (`reuse/report-reuse.ts`) allows; `force` renders everything. Without it everything is rendered.
   */
  reuse?: { from: string | null; force?: boolean };
  /**
   * Called after rendering and before the manifest records each file's stamp, with whether every report is in place.
   * The scheduler deletes old run folders here: removing a name a kept report shares by hard link moves the file's
   * ctime, so stamps taken before that would no longer match, and the next run would read every such report again.
   */
  beforeManifest?: (allInPlace: boolean) => Promise<void>;
}

/** One rendered document as `--json` reports it: what it is about and the numbers it shows. */
export interface RenderedDocument {
  kind: 'portfolio' | 'supplier';
  path: string;
  /** The supplier (null for the portfolio report). */
  organizationName: string | null;
  cage: string | null;
  /** The scorecard's level (null for the portfolio report). */
  level: number | null;
  /** Portfolio: `cmmc portfolio --json`'s `figures`, key for key. Scorecard: the numbers on its first page. */
  figures: PortfolioFigures | ScorecardFigures;
}

export interface RenderReportsResult {
  /** Every report now in place, rendered or kept, in order. */
  written: string[];
  rendered: string[];
  kept: string[];
  /** How many reports were rendered for each reason (`forced`, `changed`, `previous-missing`, …). */
  renderReasons: Partial<Record<RenderReason, number>>;
  failed: { name: string; error: string }[];
  /** The documents in place (rendered or kept), in order (failed ones are in `failed` only). */
  documents: RenderedDocument[];
  /**
   * Wall time of each step, for the scheduler's log: reading the database and building the models, deciding what
   * to keep (and checking the kept files), rendering, and hashing and recording what is in place.
   */
  seconds: { models: number; reuse: number; render: number; manifest: number };
}

/** Seconds to the millisecond, as logs carry them. */
export function roundSeconds(milliseconds: number): number {
  return Math.round(milliseconds) / 1000;
}

/** A report to produce: its reuse key, what `--json` says of it, and the document, built only if it is rendered. */
interface PlannedDocument {
  outputPath: string;
  key: string;
  description: Omit<RenderedDocument, 'path'>;
  create: () => ReportDocument;
}

/**
 * Builds the models from the database, closes it, keeps what an earlier run already rendered (with `reuse`), renders
 * the rest and records every report in the output folder's manifest; used by `report` and `schedule`.
 */
export async function renderReports(options: RenderReportsOptions): Promise<RenderReportsResult> {
  const { asOf, format, paper } = options;
  const outDir = resolve(options.outDir);
  const outputRoot = resolve(options.outputRoot ?? options.outDir);
  const renderer = await rendererIdentity(format);
  const planned: PlannedDocument[] = [];
  const started = performance.now();
  const suppliersDir = options.portfolio ? join(outDir, 'suppliers') : outDir;
  await withStore(options.database, async (store) => {
    // Both models start from every supplier's score: asked of the database once.
    const scores =
      options.portfolio && options.suppliers !== null
        ? await supplierScores(store, { asOf })
        : undefined;
    if (options.portfolio) {
      const model = await buildPortfolioModel(store, { asOf, ...(scores ? { scores } : {}) });
      const inputFiles = await listPortfolioInputFiles(store);
      const outputPath = join(outDir, `portfolio-${asOf}.${format}`);
      planned.push({
        outputPath,
        key: reuseKey({ kind: 'portfolio', model, inputFiles, renderer, format, paper }),
        description: {
          kind: 'portfolio',
          organizationName: null,
          cage: null,
          level: null,
          figures: model.figures,
        },
        create: () => createPortfolioDocument(model, { outputPath }),
      });
    }
    if (options.suppliers !== null) {
      const wanted = options.suppliers === 'all' ? undefined : options.suppliers;
      let reports = await buildSupplierModels(store, {
        asOf,
        ...(scores ? { scores } : {}),
        ...(wanted ? { organizations: wanted } : {}),
      });
      if (wanted) {
        const found = (name: string) =>
          reports.some(
            (r) =>
              r.score.organizationName.toLowerCase() === name.toLowerCase() ||
              r.score.cage?.toLowerCase() === name.toLowerCase(),
          );
        const missing = wanted.filter((w) => !found(w));
        if (missing.length > 0) {
          throw new CliError(
            'FAILED',
            `no assessed supplier named or with CAGE ${missing.map((m) => `"${m}"`).join(', ')}`,
          );
        }
      }
      if (options.shard) reports = selectShard(reports, options.shard.index, options.shard.count);
      const used = new Set<string>();
      const levels = new Map<number, number>();
      for (const r of reports)
        levels.set(r.score.organizationId, (levels.get(r.score.organizationId) ?? 0) + 1);
      for (const r of reports) {
        // A supplier assessed at two levels gets one scorecard per level.
        const multi = (levels.get(r.score.organizationId) ?? 0) > 1;
        const file = supplierReportFileName(
          {
            organizationName: multi
              ? `${r.score.organizationName} level ${r.score.level}`
              : r.score.organizationName,
            cage: r.score.cage,
          },
          format,
          used,
        );
        const outputPath = join(suppliersDir, file);
        planned.push({
          outputPath,
          key: reuseKey({
            kind: 'supplier',
            model: r.model,
            inputFiles: r.inputFiles,
            renderer,
            format,
            paper,
          }),
          description: {
            kind: 'supplier',
            organizationName: r.model.organizationName,
            cage: r.model.cage,
            level: r.model.level,
            figures: scorecardFigures(r.model),
          },
          create: () => createSupplierDocument(r.model, { outputPath }),
        });
      }
    }
  });
  const modelsDone = performance.now();
  await ensureWritableFolder(options.suppliers === null ? outDir : suppliersDir);
  const previousRun = options.reuse?.from ? await readRunManifest(options.reuse.from) : null;
  const plan = await applyReuse(planned, previousRun, {
    force: options.reuse?.force === true,
    outputRoot,
  });
  const renderReasons: RenderReportsResult['renderReasons'] = {};
  for (const r of plan.render) renderReasons[r.reason] = (renderReasons[r.reason] ?? 0) + 1;
  const toRender = plan.render.map((r) => planned[r.index] as PlannedDocument);
  const reuseDone = performance.now();
  const rendered: string[] = [];
  const failed: { name: string; error: string }[] = [];
  if (format === 'html') {
    for (const [i, p] of toRender.entries()) {
      try {
        const doc = p.create();
        await writeOutputFile(p.outputPath, doc.html, { root: outputRoot });
        rendered.push(p.outputPath);
      } catch (error) {
        failed.push({ name: p.outputPath, error: (error as Error).message });
      }
      options.onProgress?.(i + 1, toRender.length, p.outputPath);
    }
  } else if (toRender.length > 0) {
    let done = 0;
    const pdfRenderer = createPdfRenderer({
      paper,
      outputRoot,
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      onDocument: () => {
        done += 1;
        options.onProgress?.(done, toRender.length, '');
      },
    });
    try {
      // Each document's HTML is made when the renderer reaches it, not all up front.
      const results = await pdfRenderer.render(toRender.map((p) => () => p.create()));
      results.forEach((result, i) => {
        const path = toRender[i]?.outputPath;
        if (path === undefined) return;
        if (result.ok) rendered.push(path);
        else failed.push({ name: path, error: result.error.message });
      });
    } finally {
      await pdfRenderer.close();
    }
  }
  const renderDone = performance.now();
  // Every report in place goes in the manifest with the SHA-256 of its bytes, for the next run to check.
  const renderedSet = new Set(rendered);
  const sha256s = new Map(plan.kept.map((k) => [planned[k.index]?.outputPath, k.sha256]));
  for (const path of rendered) sha256s.set(path, await sha256OfFile(path));
  const inPlace = planned.filter((p) => sha256s.has(p.outputPath));
  await options.beforeManifest?.(failed.length === 0);
  // Stamped last, after every rename and the scheduler's pruning, so the next run finds these stamps on untouched files.
  const stamps = await Promise.all(inPlace.map((p) => fileStampOf(p.outputPath)));
  await writeRunManifest(
    outDir,
    outputRoot,
    asOf,
    inPlace.map((p, i) => ({
      outputPath: p.outputPath,
      key: p.key,
      sha256: sha256s.get(p.outputPath) ?? '',
      stamp: stamps[i] ?? null,
    })),
    toRender.filter((p) => !renderedSet.has(p.outputPath)).map((p) => p.outputPath),
  );
  return {
    written: inPlace.map((p) => p.outputPath),
    rendered,
    kept: plan.kept.map((k) => planned[k.index]?.outputPath ?? ''),
    renderReasons,
    failed,
    documents: inPlace.map((p) => ({ ...p.description, path: p.outputPath })),
    seconds: {
      models: roundSeconds(modelsDone - started),
      reuse: roundSeconds(reuseDone - modelsDone),
      render: roundSeconds(renderDone - reuseDone),
      manifest: roundSeconds(performance.now() - renderDone),
    },
  };
}

/** Creates the output folder, or says in one line why it cannot (not a folder, read-only, disk full, too long). */
async function ensureWritableFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOTDIR' || code === 'EEXIST'
        ? 'a file stands where a folder is needed'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'it is not writable'
          : code === 'ENOSPC'
            ? 'the disk is full'
            : code === 'ENAMETOOLONG'
              ? 'the path is too long'
              : (cause as Error).message;
    throw new CliError('FAILED', `cannot write reports to ${dir}: ${why}`, { cause });
  }
}

function parseShard(value: string | undefined): { index: number; count: number } | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw usageError(`--shard must be i/n with 1 <= i <= n, got "${value}"`, reportUsage);
  }
  return { index, count };
}

export async function runReport(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      db: { type: 'string' },
      'as-of': { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      paper: { type: 'string' },
      all: { type: 'boolean' },
      shard: { type: 'string' },
      concurrency: { type: 'string' },
      'reuse-from': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    reportUsage,
    true,
  );
  if (values.help) {
    writeLine(io, reportUsage);
    return 0;
  }
  const [kind, ...names] = positionals;
  if (kind !== 'portfolio' && kind !== 'supplier') {
    throw usageError(
      'say which report: `cmmc report portfolio` or `cmmc report supplier`',
      reportUsage,
    );
  }
  const format = values.format ?? 'pdf';
  if (format !== 'pdf' && format !== 'html')
    throw usageError(`--format must be pdf or html`, reportUsage);
  const paper = values.paper ?? 'letter';
  if (paper !== 'letter' && paper !== 'a4')
    throw usageError(`--paper must be letter or a4`, reportUsage);
  if (kind === 'portfolio' && (names.length > 0 || values.all || values.shard)) {
    throw usageError('the portfolio report takes no supplier names, --all or --shard', reportUsage);
  }
  if (kind === 'supplier' && names.length === 0 && !values.all) {
    throw usageError('name suppliers (name or CAGE) or use --all', reportUsage);
  }
  if (kind === 'supplier' && names.length > 0 && values.all) {
    throw usageError('use either supplier names or --all, not both', reportUsage);
  }
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
    throw usageError('--concurrency must be a whole number of at least 1', reportUsage);
  }
  const asOf = parseAsOf(values['as-of'], reportUsage, isIsoDate);
  const shard = parseShard(values.shard);
  const progress = values.json ? undefined : createProgress(io);
  const result = await renderReports({
    database: databasePath(values.db, io),
    asOf,
    outDir: values.out ?? 'reports',
    format,
    paper,
    portfolio: kind === 'portfolio',
    suppliers: kind === 'supplier' ? (values.all ? 'all' : names) : null,
    ...(shard ? { shard } : {}),
    ...(concurrency ? { concurrency } : {}),
    ...(values['reuse-from'] ? { reuse: { from: resolve(values['reuse-from']) } } : {}),
    ...(progress
      ? { onProgress: (done: number, total: number) => progress.update(done, total, 'documents') }
      : {}),
  });
  progress?.finish();
  for (const f of result.failed) io.err.write(`failed: ${f.name}: ${f.error}\n`);
  if (values['reuse-from'] && result.renderReasons['no-previous-run']) {
    io.err.write(
      `warning: no readable cmmc-manifest.json in ${resolve(values['reuse-from'])}: every report was rendered\n`,
    );
  }
  if (values.json) {
    writeJson(io, {
      asOf,
      documents: result.documents,
      failures: result.failed.map((f) => ({ path: f.name, error: f.error })),
    });
    return result.failed.length > 0 ? 1 : 0;
  }
  const reused = values['reuse-from']
    ? ` (${result.rendered.length} rendered, ${result.kept.length} kept from ${resolve(values['reuse-from'])})`
    : '';
  writeLine(
    io,
    `${result.written.length} ${format.toUpperCase()} report${result.written.length === 1 ? '' : 's'} written to ${resolve(values.out ?? 'reports')}${reused}${result.failed.length ? `; ${result.failed.length} failed` : ''}.`,
  );
  return result.failed.length > 0 ? 1 : 0;
}
