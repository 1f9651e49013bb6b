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
  type ReportDocument,
} from '@cmmc/report';
import { openStore } from '@cmmc/store';
import { peakRssMiB, seconds } from './timing.js';

export interface SupplierPdfMeasurement {
  modelSeconds: number;
  suppliers: number;
  pooled: { pdfs: number; failed: number; seconds: number };
  baseline: { pdfs: number; failed: number; seconds: number };
  peakRssMiB: number;
}

export async function measureSupplierPdfs(input: {
  database: string;
  asOf: string;
  outDir: string;
  sample: number;
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
  // Every k-th supplier, so the sample spans the status mix rather than the first names of the alphabet.
  const step = Math.max(1, Math.floor(reports.length / Math.max(1, input.sample)));
  const chosen = reports.filter((_, i) => i % step === 0).slice(0, input.sample);
  const documents = (dir: string, list: typeof chosen): ReportDocument[] => {
    mkdirSync(dir, { recursive: true });
    return list.map((r, i) =>
      createSupplierDocument(r.model, { outputPath: join(dir, `${i}.pdf`) }),
    );
  };

  const pooledDocs = documents(join(input.outDir, 'pooled'), chosen);
  const pooledStart = performance.now();
  const renderer = createPdfRenderer();
  let pooledFailed = 0;
  try {
    const results = await renderer.render(pooledDocs);
    pooledFailed = results.filter((r) => !r.ok).length;
  } finally {
    await renderer.close();
  }
  const pooledSeconds = seconds(pooledStart);

  const baselineDocs = documents(
    join(input.outDir, 'browser-per-pdf'),
    chosen.slice(0, input.baselineSample),
  );
  const baselineStart = performance.now();
  let baselineFailed = 0;
  for (const doc of baselineDocs) {
    const single = createPdfRenderer({ concurrency: 1 });
    try {
      const [result] = await single.render([doc]);
      if (!result?.ok) baselineFailed += 1;
    } finally {
      await single.close();
    }
  }
  const baselineSeconds = seconds(baselineStart);
  return {
    modelSeconds,
    suppliers: reports.length,
    pooled: { pdfs: pooledDocs.length, failed: pooledFailed, seconds: pooledSeconds },
    baseline: { pdfs: baselineDocs.length, failed: baselineFailed, seconds: baselineSeconds },
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
