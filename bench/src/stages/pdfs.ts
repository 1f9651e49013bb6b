/**
 * Supplier scorecards and the portfolio report through the real renderer (`createPdfRenderer`: one Chromium, a pool
 * of pages), and the baseline a user would write first: a new browser launched for every PDF.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildPortfolioModel,
  buildSupplierModels,
  createPdfRenderer,
  createPortfolioDocument,
  createSupplierDocument,
} from '@cmmc/report';
import { openStore } from '@cmmc/store';
import { peakRssMiB, seconds } from './timing.js';

export interface SupplierPdfMeasurement {
  modelSeconds: number;
  suppliers: number;
  /** Every scorecard (or the sample), batched as `cmmc report supplier --all` prints them; HTML made on the way. */
  batched: { pdfs: number; failed: number; seconds: number; batchSize: number };
  /** The same renderer printing one scorecard per `page.pdf()` (batch size 1): the page pool before batching. */
  onePerPrint: { pdfs: number; failed: number; seconds: number };
  baseline: { pdfs: number; failed: number; seconds: number };
  peakRssMiB: number;
}

export async function measureSupplierPdfs(input: {
  database: string;
  asOf: string;
  outDir: string;
  sample: number;
  onePerPrintSample: number;
  baselineSample: number;
}): Promise<SupplierPdfMeasurement> {
  const store = await openStore(input.database, { readOnly: true });
  const start = performance.now();
  let reports: Awaited<ReturnType<typeof buildSupplierModels>>;
  try {
    reports = await buildSupplierModels(store, { asOf: input.asOf });
  } finally {
    store.close();
  }
  const modelSeconds = seconds(start);
  // Every k-th supplier, so a sample spans the status mix rather than the first names of the alphabet.
  const spread = (count: number) => {
    const step = Math.max(1, Math.floor(reports.length / Math.max(1, count)));
    return reports.filter((_, i) => i % step === 0).slice(0, count);
  };
  const sources = (dir: string, list: typeof reports) => {
    mkdirSync(dir, { recursive: true });
    return list.map(
      (r, i) => () => createSupplierDocument(r.model, { outputPath: join(dir, `${i}.pdf`) }),
    );
  };
  const timeRenderer = async (
    list: typeof reports,
    dir: string,
    options: Parameters<typeof createPdfRenderer>[0],
  ) => {
    const begun = performance.now();
    const renderer = createPdfRenderer(options);
    let failed = 0;
    try {
      failed = (await renderer.render(sources(dir, list))).filter((r) => !r.ok).length;
    } finally {
      await renderer.close();
    }
    return { pdfs: list.length, failed, seconds: seconds(begun) };
  };

  const batchSize = 20;
  const batched = await timeRenderer(spread(input.sample), join(input.outDir, 'batched'), {
    batchSize,
  });
  const onePerPrint = await timeRenderer(
    spread(input.onePerPrintSample),
    join(input.outDir, 'one-per-print'),
    { batchSize: 1 },
  );
  const baselineList = spread(input.baselineSample);
  const baselineDir = join(input.outDir, 'browser-per-pdf');
  const baselineStart = performance.now();
  let baselineFailed = 0;
  for (const source of sources(baselineDir, baselineList)) {
    const single = createPdfRenderer({ concurrency: 1 });
    try {
      const [result] = await single.render([source]);
      if (!result?.ok) baselineFailed += 1;
    } finally {
      await single.close();
    }
  }
  const baselineSeconds = seconds(baselineStart);
  return {
    modelSeconds,
    suppliers: reports.length,
    batched: { ...batched, batchSize },
    onePerPrint,
    baseline: { pdfs: baselineList.length, failed: baselineFailed, seconds: baselineSeconds },
    peakRssMiB: peakRssMiB(),
  };
}

export interface PortfolioPdfMeasurement {
  modelSeconds: number;
  htmlSeconds: number;
  renderSeconds: number;
  totalSeconds: number;
  ok: boolean;
  peakRssMiB: number;
}

export async function measurePortfolioPdf(input: {
  database: string;
  asOf: string;
  outDir: string;
}): Promise<PortfolioPdfMeasurement> {
  const start = performance.now();
  const store = await openStore(input.database, { readOnly: true });
  let model: Awaited<ReturnType<typeof buildPortfolioModel>>;
  try {
    model = await buildPortfolioModel(store, { asOf: input.asOf });
  } finally {
    store.close();
  }
  const modelSeconds = seconds(start);
  mkdirSync(input.outDir, { recursive: true });
  const htmlStart = performance.now();
  const doc = createPortfolioDocument(model, {
    outputPath: join(input.outDir, `portfolio-${input.asOf}.pdf`),
  });
  const htmlSeconds = seconds(htmlStart);
  const renderStart = performance.now();
  const renderer = createPdfRenderer();
  let ok = false;
  try {
    const [result] = await renderer.render([doc]);
    ok = result?.ok === true;
  } finally {
    await renderer.close();
  }
  return {
    modelSeconds,
    htmlSeconds,
    renderSeconds: seconds(renderStart),
    totalSeconds: seconds(start),
    ok,
    peakRssMiB: peakRssMiB(),
  };
}
