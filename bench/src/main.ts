#!/usr/bin/env node
/**
 * `npm run bench [-- --suppliers 100,1000,10000] [--quick] [--stages a,b] [--merge] [--no-pandas] [--out file]`
 * Prints the table and writes the results: the full run (every stage at 100 and 1,000 suppliers) to the committed
 * bench/results.json, any other run to the git-ignored bench/results.local.json, `--out file` to that file
 * (`results-file.ts`). `--merge` keeps the figures of sizes and stages this run did not measure, so a long
 * 10,000-supplier run, or one new stage, can be added to an earlier 100/1,000 run (`--merge --out
 * bench/results.json`); the merged `options` list every size and stage the file then holds figures of.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type BenchResults, formatTable, STAGES, type StageName } from './figures.js';
import { defaultResultsFile, FULL_RUN_SUPPLIERS, isFullRun } from './results-file.js';
import { runBench, withGrowth } from './run-bench.js';

const benchDir = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({
  options: {
    suppliers: { type: 'string' },
    quick: { type: 'boolean', default: false },
    stages: { type: 'string' },
    merge: { type: 'boolean', default: false },
    'no-pandas': { type: 'boolean', default: false },
    out: { type: 'string' },
    'work-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write(
    `Usage: npm run bench -- [--suppliers 100,1000,10000] [--quick] [--stages ${STAGES.join(',')}]\n` +
      '                        [--merge] [--no-pandas] [--out file] [--work-dir dir]\n' +
      'Writes bench/results.json for the full run (every stage at 100 and 1,000 suppliers, with pandas),\n' +
      'any other run to bench/results.local.json; --out bench/results.json updates the committed figures.\n',
  );
  process.exit(0);
}
const suppliers = (values.suppliers ?? (values.quick ? '100' : FULL_RUN_SUPPLIERS.join(',')))
  .split(',')
  .map((s) => Number(s.trim()));
if (suppliers.some((n) => !Number.isInteger(n) || n < 1)) {
  process.stderr.write(`--suppliers must be whole numbers, got "${values.suppliers}"\n`);
  process.exit(2);
}
const stages = (values.stages?.split(',').map((s) => s.trim()) ?? STAGES) as StageName[];
const unknown = stages.filter((s) => !STAGES.includes(s));
if (unknown.length > 0) {
  process.stderr.write(`unknown stage ${unknown.join(', ')}; stages: ${STAGES.join(', ')}\n`);
  process.exit(2);
}
const workDir = values['work-dir'] ?? fileURLToPath(new URL('../../out/bench/', import.meta.url));
mkdirSync(workDir, { recursive: true });
const pandas = !values['no-pandas'];
const shape = { suppliers, quick: values.quick, stages, pandas };
const outFile = values.out ?? defaultResultsFile(shape, benchDir);
if (values.out === undefined && !isFullRun(shape)) {
  process.stderr.write(
    `bench: not the full run (every stage at ${FULL_RUN_SUPPLIERS.join(' and ')} suppliers, with pandas), so results go to ${outFile}; --out bench/results.json updates the committed figures\n`,
  );
}

const results = await runBench({
  suppliers,
  quick: values.quick,
  stages,
  workDir,
  pandas: pandas ? 'install' : 'skip',
  log: (line) => process.stderr.write(`bench: ${line}\n`),
});

let written = results;
if (values.merge && existsSync(outFile)) {
  const earlier = JSON.parse(readFileSync(outFile, 'utf8')) as BenchResults;
  const measured = (f: { suppliers: number; stage: StageName }) =>
    results.options.suppliers.includes(f.suppliers) && results.options.stages.includes(f.stage);
  written = {
    ...results,
    options: {
      ...results.options,
      suppliers: [...new Set([...earlier.options.suppliers, ...results.options.suppliers])].sort(
        (a, b) => a - b,
      ),
      // every stage the merged file holds figures of, not only the ones this run measured
      stages: STAGES.filter(
        (s) => results.options.stages.includes(s) || earlier.figures.some((f) => f.stage === s),
      ),
    },
    figures: withGrowth(
      [...earlier.figures.filter((f) => !measured(f)), ...results.figures].sort(
        (a, b) => a.suppliers - b.suppliers || STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage),
      ),
    ),
    notes: [...earlier.notes.filter((n) => !measured(n)), ...results.notes],
  };
}
writeFileSync(outFile, `${JSON.stringify(written, null, 2)}\n`);
process.stdout.write(`${formatTable(written.figures)}\n\n`);
for (const n of written.notes) {
  process.stdout.write(`note [${n.suppliers} ${n.stage}]: ${n.note}\n`);
}
process.stdout.write(
  `\n${written.machine.cores} cores (${written.machine.cpuModel}), ${written.machine.memoryGiB} GiB, Node ${written.node}, DuckDB ${written.duckdb}; written to ${outFile}\n`,
);
