/**
 * The bad-input corpus (fixtures/bad): loads every file in one batch together with a good file and checks each row
 * of fixtures/bad/expected.json (written with README.md by fixtures/scripts/make-bad-fixtures.mjs): status, error
 * code and location, every rejected location, rows written, the organization name stored byte for byte, and that a
 * failed file leaves nothing behind but its rejected_rows entries.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, type Store } from '@cmmc/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestReport, ingestPaths } from './ingest-paths.js';
import type { FileOutcome } from './load/load-file.js';

interface Expected {
  file: string;
  quirk: string;
  status: 'loaded' | 'failed';
  code?: string;
  at?: string;
  rows?: number;
  rejected?: [string, string][];
  organization?: string;
  warning?: string;
}

const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const badDir = join(fixtures, 'bad');
const goodFile = join(fixtures, 'portfolios/small/globex-metals/sprs-self-assessment.csv');
const expected = JSON.parse(readFileSync(join(badDir, 'expected.json'), 'utf8')) as Expected[];

let store: Store;
let report: IngestReport;

beforeAll(async () => {
  store = await openStore(':memory:');
  report = await ingestPaths(store, [badDir, goodFile], { fileTimeoutMs: 20_000 });
}, 120_000);
afterAll(() => store?.close());

function outcomeOf(file: string): FileOutcome {
  const outcome = report.files.find((f) => f.path === join(badDir, file));
  if (!outcome) throw new Error(`no outcome for ${file}`);
  return outcome;
}

function locationOf(r: FileOutcome['rejected'][number]): string {
  const cell =
    r.row !== null && r.column !== null
      ? `${r.column}${r.row}`
      : r.row !== null
        ? `row ${r.row}`
        : '';
  return r.sheet !== null ? `${r.sheet} › ${cell}` : cell;
}

describe('fixtures/bad', () => {
  it('has at least 30 cases, one file per expected.json row and one README row per file', () => {
    expect(expected.length).toBeGreaterThanOrEqual(30);
    const onDisk = readdirSync(badDir)
      .filter((n) => n !== 'README.md' && n !== 'expected.json')
      .sort();
    expect(onDisk).toEqual(expected.map((e) => e.file).sort());
    const readme = readFileSync(join(badDir, 'README.md'), 'utf8');
    for (const e of expected) {
      expect(readme).toMatch(new RegExp(`^\\| \`${escapeRegExp(e.file)}\` +\\| `, 'm'));
    }
  });

  it.each(expected.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    const outcome = outcomeOf(file);
    expect(outcome.status, outcome.error ?? '').toBe(e.status);
    const path = join(badDir, file);
    if (e.status === 'failed') {
      expect(outcome.error).toMatch(
        new RegExp(`^${escapeRegExp(path)}${e.at ? ` › ${escapeRegExp(e.at)}` : ''}: `),
      );
      const [failure] = await store.all<{ reason_code: string }>(
        `select reason_code from rejected_rows where source_path = $path and source_file_id is null and row_number is null`,
        { path },
      );
      expect(failure?.reason_code).toBe(e.code);
      // Nothing of a failed file is loaded.
      const [loaded] = await store.all<{ n: number }>(
        'select count(*)::int as n from source_files where display_path = $path',
        { path },
      );
      expect(loaded?.n).toBe(0);
    } else {
      expect(outcome.error).toBeNull();
      const [row] = await store.all<{ n: number; organization: string }>(
        `select count(r.nist_id) filter (where r.finding <> 'NOT_ASSESSED')::int as n, o.name as organization
         from source_files s
         join organizations o on o.id = s.organization_id
         join requirement_results r on r.source_file_id = s.id
         where s.display_path = $path group by o.name`,
        { path },
      );
      if (e.rows !== undefined) expect(row?.n).toBe(e.rows);
      if (e.organization !== undefined) {
        expect(outcome.organization).toBe(e.organization);
        expect(row?.organization).toBe(e.organization);
      }
    }
    if (e.rejected !== undefined) {
      expect(outcome.rejected.map((r) => [locationOf(r), r.reason])).toEqual(e.rejected);
      const stored = await store.all<{ reason_code: string }>(
        'select reason_code from rejected_rows where source_path = $path and row_number is not null order by row_number',
        { path },
      );
      expect(stored.map((r) => r.reason_code)).toEqual(e.rejected.map(([, reason]) => reason));
    }
    if (e.warning !== undefined) expect(outcome.warnings.join('\n')).toContain(e.warning);
  });

  it('loads the good file in the same batch, and every loaded file exactly once', async () => {
    const good = report.files.find((f) => f.path === goodFile);
    expect(good?.status).toBe('loaded');
    expect(good?.rejected).toEqual([]);
    const loaded = report.files.filter((f) => f.status === 'loaded').length;
    const [files] = await store.all<{ n: number; paths: number }>(
      'select count(*)::int as n, count(distinct display_path)::int as paths from source_files',
    );
    expect(files).toEqual({ n: loaded, paths: loaded });
    expect(loaded).toBe(expected.filter((e) => e.status === 'loaded').length + 1);
  });

  it('changes nothing when the batch is loaded again', async () => {
    const before = await store.all('select count(*)::int as n from rejected_rows');
    const again = await ingestPaths(store, [badDir, goodFile]);
    expect(again.files.filter((f) => f.status === 'loaded')).toEqual([]);
    expect(await store.all('select count(*)::int as n from rejected_rows')).toEqual(before);
  }, 60_000);
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
