#!/usr/bin/env node
// Adds up vitest's JSON results (test-results.json) of every workspace that has tests and prints
// "N passed, N failed". A workspace with test files but no results file counts as one failure: its run crashed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];

function hasTests(dir) {
  const walk = (d) =>
    readdirSync(d, { withFileTypes: true }).some((e) =>
      e.isDirectory()
        ? e.name !== 'node_modules' && e.name !== 'dist' && walk(join(d, e.name))
        : /\.test\.ts$/.test(e.name),
    );
  return existsSync(join(dir, 'src')) && walk(join(dir, 'src'));
}

// Every workspace of the root package.json: `packages/*`, `apps/*` and plain folders such as `bench`.
const workspaces = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces.flatMap(
  (pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => `${pattern.slice(0, -2)}/${e.name}`)
      : [pattern],
);
for (const workspace of workspaces) {
  const dir = join(root, workspace);
  if (!hasTests(dir)) continue;
  const file = join(dir, 'test-results.json');
  if (!existsSync(file)) {
    failed += 1;
    problems.push(`${workspace}: no test results (the test run did not finish)`);
    continue;
  }
  const results = JSON.parse(readFileSync(file, 'utf8'));
  passed += results.numPassedTests ?? 0;
  failed += results.numFailedTests ?? 0;
  skipped += (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
  // A test file that failed to load has no test counted as failed; count it.
  for (const suite of results.testResults ?? []) {
    if (
      suite.status === 'failed' &&
      (suite.assertionResults ?? []).every((a) => a.status !== 'failed')
    ) {
      failed += 1;
      problems.push(
        `${workspace}: ${suite.name} failed to run: ${(suite.message ?? '').split('\n')[0]}`,
      );
    }
  }
}
for (const p of problems) console.error(p);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
