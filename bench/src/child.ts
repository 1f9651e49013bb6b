#!/usr/bin/env node
/**
 * Runs one measurement in a process of its own, so its peak RSS is its own and one stage's garbage or Chromium
 * cannot slow the next. Prints the measurement as one JSON line on stdout, after the marker.
 * Usage: node dist/child.js <measurement> '<json input>'
 */
import { RESULT_MARKER } from './run-child.js';
import { measureAnalytics } from './stages/analytics.js';
import { measureDuckDbCsv } from './stages/duckdb-csv.js';
import { measureExports } from './stages/exports.js';
import { measureIngest } from './stages/ingest.js';
import { measurePortfolioPdf, measureSupplierPdfs } from './stages/pdfs.js';

const measurements: Record<string, (input: never) => Promise<unknown>> = {
  ingest: measureIngest,
  'duckdb-csv': measureDuckDbCsv,
  analytics: measureAnalytics,
  'supplier-pdfs': measureSupplierPdfs,
  'portfolio-pdf': measurePortfolioPdf,
  exports: measureExports,
};

const [name, json] = process.argv.slice(2);
const run = name === undefined ? undefined : measurements[name];
if (!run || json === undefined) {
  process.stderr.write(`usage: child.js <${Object.keys(measurements).join('|')}> '<json>'\n`);
  process.exit(2);
}
const result = await run(JSON.parse(json) as never);
process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(result)}\n`);
