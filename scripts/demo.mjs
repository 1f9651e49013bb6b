#!/usr/bin/env node
// `npm run demo`: the main job on the bundled portfolio. Generates it if missing (seeded, so byte-identical),
// ingests it into out/demo.duckdb (a second run finds every file unchanged), prints the portfolio summary and the
// suppliers at risk, and renders the portfolio report and every supplier scorecard into out/reports/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const cmmcBin = join(root, 'apps/cli/bin/cmmc.js');
const portfolio = join(root, 'fixtures/portfolios/demo');
const out = join(root, 'out');
const database = join(out, 'demo.duckdb');
const reports = join(out, 'reports');
const DEMO = { suppliers: '60', seed: '2026', asOf: '2026-11-28' };

function step(title) {
  console.log(`\n\u2500\u2500 ${title} ${'\u2500'.repeat(Math.max(0, 70 - title.length))}`);
}

function cmmc(args, { allowExit = [0] } = {}) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [cmmcBin, ...args], { stdio: 'inherit', cwd: root });
  if (!allowExit.includes(result.status ?? -1)) {
    console.error(
      `demo: \`cmmc ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`,
    );
    process.exit(1);
  }
  return { status: result.status, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

const started = Date.now();
if (!existsSync(join(portfolio, 'suppliers.csv'))) {
  step(`Generating a ${DEMO.suppliers}-supplier portfolio (seed ${DEMO.seed})`);
  cmmc([
    'generate',
    '--suppliers',
    DEMO.suppliers,
    '--seed',
    DEMO.seed,
    '--as-of',
    DEMO.asOf,
    '--out',
    portfolio,
  ]);
}
const asOf = JSON.parse(readFileSync(join(portfolio, 'expected.json'), 'utf8')).asOf ?? DEMO.asOf;
mkdirSync(out, { recursive: true });

step(`Ingesting ${relative(root, portfolio)} into ${relative(root, database)}`);
// Exit 1 means some rows or files were rejected: they are listed, and the rest is loaded, so the demo goes on.
cmmc(['ingest', portfolio, '--db', database], { allowExit: [0, 1] });

step(`Portfolio as of ${asOf}`);
cmmc(['portfolio', '--db', database, '--as-of', asOf]);

step('Rendering the portfolio report and every supplier scorecard');
const portfolioRun = cmmc([
  'report',
  'portfolio',
  '--db',
  database,
  '--as-of',
  asOf,
  '--out',
  reports,
]);
const supplierRun = cmmc([
  'report',
  'supplier',
  '--all',
  '--db',
  database,
  '--as-of',
  asOf,
  '--out',
  join(reports, 'suppliers'),
]);

step('Done');
console.log(
  `Portfolio report:    ${relative(root, join(reports, `portfolio-${asOf}.pdf`))} (${portfolioRun.seconds} s)`,
);
console.log(
  `Supplier scorecards: ${relative(root, join(reports, 'suppliers'))}/ (${supplierRun.seconds} s)`,
);
console.log(
  `Database:            ${relative(root, database)}  (try: npx cmmc scores --db ${relative(root, database)} --as-of ${asOf})`,
);
console.log(`Total: ${((Date.now() - started) / 1000).toFixed(1)} s`);
