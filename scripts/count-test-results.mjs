#!/usr/bin/env node
// Adds up vitest's JSON results (test-results.json) of every workspace that has tests and prints
// "N passed, N failed". A workspace with test files but no results file counts as one failure: its run crashed.
//
//   node scripts/count-test-results.mjs                       count the results in the work tree
//   node scripts/count-test-results.mjs --only packages/      count only the workspaces under packages/
//   node scripts/count-test-results.mjs --save run.json       count, and keep the counts in run.json
//   node scripts/count-test-results.mjs --sum a.json b.json   add up kept counts (CI: one run per Node version)
//
// The last line printed is always "N passed, N failed"; skipped tests and problems go on the lines before it.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};

function hasTests(dir) {
  const walk = (d) =>
    readdirSync(d, { withFileTypes: true }).some((e) =>
      e.isDirectory()
        ? e.name !== 'node_modules' && e.name !== 'dist' && walk(join(d, e.name))
        : /\.test\.ts$/.test(e.name),
    );
  return existsSync(join(dir, 'src')) && walk(join(dir, 'src'));
}

/** Every workspace of the root package.json: `packages/*`, `apps/*` and plain folders such as `bench`. */
function workspaces() {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces.flatMap(
    (pattern) =>
      pattern.endsWith('/*')
        ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true })
            .filter((e) => e.isDirectory())
            .map((e) => `${pattern.slice(0, -2)}/${e.name}`)
        : [pattern],
  );
}

/** The counts of the results files in the work tree, for the workspaces whose path starts with `only`. */
function countWorkTree(only = '') {
  const run = { passed: 0, failed: 0, skipped: 0, problems: [] };
  for (const workspace of workspaces()) {
    if (!workspace.startsWith(only)) continue;
    const dir = join(root, workspace);
    if (!hasTests(dir)) continue;
    const file = join(dir, 'test-results.json');
    if (!existsSync(file)) {
      run.failed += 1;
      run.problems.push(`${workspace}: no test results (the test run did not finish)`);
      continue;
    }
    const results = JSON.parse(readFileSync(file, 'utf8'));
    run.passed += results.numPassedTests ?? 0;
    run.failed += results.numFailedTests ?? 0;
    run.skipped += (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
    // A test file that failed to load has no test counted as failed; count it.
    for (const suite of results.testResults ?? []) {
      if (
        suite.status === 'failed' &&
        (suite.assertionResults ?? []).every((a) => a.status !== 'failed')
      ) {
        run.failed += 1;
        run.problems.push(
          `${workspace}: ${suite.name} failed to run: ${(suite.message ?? '').split('\n')[0]}`,
        );
      }
    }
  }
  return run;
}

let total;
const sum = args.indexOf('--sum');
if (sum >= 0) {
  const files = args.slice(sum + 1);
  total = { passed: 0, failed: 0, skipped: 0, problems: [] };
  if (files.length === 0) total.problems.push('--sum: no runs to add up');
  for (const file of files) {
    if (!existsSync(file)) {
      total.failed += 1;
      total.problems.push(`${file}: no counts (that run did not finish)`);
      continue;
    }
    const run = JSON.parse(readFileSync(file, 'utf8'));
    console.error(
      `${run.label ?? file}: ${run.passed} passed, ${run.failed} failed, ${run.skipped} skipped`,
    );
    total.passed += run.passed;
    total.failed += run.failed;
    total.skipped += run.skipped;
    total.problems.push(...run.problems.map((p) => `${run.label ?? file}: ${p}`));
  }
} else {
  total = countWorkTree(option('--only'));
  const save = option('--save');
  if (save) writeFileSync(save, `${JSON.stringify({ label: option('--label'), ...total })}\n`);
}
for (const p of total.problems) console.error(p);
if (total.skipped) console.error(`${total.skipped} skipped`);
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
