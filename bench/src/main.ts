#!/usr/bin/env node
/**
 * `npm run bench [-- --suppliers 100,1000,10000] [--quick] [--stages a,b] [--merge] [--no-pandas] [--out file]`
 * Prints the table and writes bench/results.json. `--merge` keeps the figures of sizes and stages this run did not
 * measure, so a long 10,000-supplier run can be added to an earlier 100/1,000 run.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type BenchResults, formatTable, STAGES, type StageName } from './figures.js';
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
      '                        [--merge] [--no-pandas] [--out results.json] [--work-dir dir]\n',
  );
  process.exit(0);
}
const suppliers = (values.suppliers ?? (values.quick ? '100' : '100,1000'))
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
const outFile = values.out ?? `${benchDir}results.json`;

const results = await runBench({
  suppliers,
  quick: values.quick,
  stages,
  workDir,
  pandas: values['no-pandas'] ? 'skip' : 'install',
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
