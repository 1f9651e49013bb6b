#!/usr/bin/env node
/**
 * Runs one measurement in a process of its own, so its peak RSS is its own and one stage's garbage or Chromium
 * cannot slow the next. Prints the measurement as one JSON line on stdout, after the marker.
 * Usage: node dist/child.js <measurement> '<json input>'
 */
import { RESULT_MARKER } from './run-child.js';

type Measure = (input: never) => Promise<unknown>;

/**
 * Each stage's module is imported only when it runs, so a measurement's process loads what it measures and no
 * more: the ingest child does not load exceljs for the exports, Puppeteer or the report templates (the child's
 * whole-process CPU time is a figure, and V8 would otherwise still be compiling that code during the ingest).
 */
const measurements: Record<string, () => Promise<Measure>> = {
  ingest: async () => (await import('./stages/ingest.js')).measureIngest,
  'duckdb-csv': async () => (await import('./stages/duckdb-csv.js')).measureDuckDbCsv,
  analytics: async () => (await import('./stages/analytics.js')).measureAnalytics,
  'supplier-pdfs': async () => (await import('./stages/pdfs.js')).measureSupplierPdfs,
  'portfolio-pdf': async () => (await import('./stages/pdfs.js')).measurePortfolioPdf,
  exports: async () => (await import('./stages/exports.js')).measureExports,
};

const [name, json] = process.argv.slice(2);
const load = name === undefined ? undefined : measurements[name];
if (!load || json === undefined) {
  process.stderr.write(`usage: child.js <${Object.keys(measurements).join('|')}> '<json>'\n`);
  process.exit(2);
}
const run = await load();
const result = await run(JSON.parse(json) as never);
process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(result)}\n`);
