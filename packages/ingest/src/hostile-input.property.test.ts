/**
 * Fuzzing the reliability contract (issue #14): fast-check mutates valid files (byte flips, truncation, zip entries
 * reordered, giant numbers, random Unicode in cells, lone surrogates included) and loads each mutant in one batch
 * between two good files. Whatever the mutant holds: no exception escapes `ingestPaths`, the run is not stopped,
 * the mutant gets an outcome within its time limit, both good files load, and the database stays consistent (every
 * assessment, result and POA&M row belongs to a loaded file; every loaded file has its 110 results).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEVEL2_REQUIREMENTS } from '@cmmc/catalog';
import { openStore, type Store } from '@cmmc/store';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildZip, zipEntries } from '../../../fixtures/scripts/large-bad-files.mjs';
import { ingestPaths } from './ingest-paths.js';
import { count, workbookBytes } from './test-utils.js';

const IDS = LEVEL2_REQUIREMENTS.map((r) => r.nistId);

function csvOf(company: string, cells: (id: string, i: number) => string[]): string {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = [
    ['Company', company],
    ['Assessment Date', '2026-06-01'],
    [],
    ['Requirement', 'Status', 'Points', 'Comments'],
    ...IDS.map(cells),
  ];
  return `${lines.map((l) => l.map(quote).join(',')).join('\n')}\n`;
}

const goodCsv = (company: string) => csvOf(company, (id) => [id, 'Met', '', '']);
let goodWorkbook: Buffer;

beforeAll(async () => {
  goodWorkbook = await workbookBytes((wb) => {
    const ws = wb.addWorksheet('Assessment');
    ws.getRow(1).values = ['Company', 'Mutant Workbook Inc'];
    ws.getRow(2).values = ['Assessment Date', '2026-06-01'];
    ws.getRow(3).values = ['Requirement', 'Status', 'Comments'];
    for (const id of IDS) ws.addRow([id, 'Met', 'ok']);
  });
});

/** A mutant: its file name (the extension decides the reader) and bytes. */
type Mutant = { name: string; bytes: Buffer };

const flips = fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), {
  minLength: 1,
  maxLength: 40,
});

function flipped(base: Buffer, changes: { at: number; xor: number }[]): Buffer {
  const out = Buffer.from(base);
  for (const { at, xor } of changes) {
    const i = at % out.length;
    out[i] = (out[i] ?? 0) ^ xor;
  }
  return out;
}

const weirdText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('\u0000', '\ud800', '\udfff', '\u202e', '=cmd|"/c calc"!A1', '"', '\r', '\ufeff'),
);

const giantNumber = fc.oneof(
  fc.double().map(String),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.constantFrom(
    '1e308',
    '1e400',
    '-0',
    'NaN',
    'Infinity',
    '2147483648',
    '-2147483649',
    '0x7fffffff',
  ),
);

const mutants: fc.Arbitrary<Mutant> = fc.oneof(
  flips.map((f) => ({ name: 'mutant.xlsx', bytes: flipped(goodWorkbook, f) })),
  flips.map((f) => ({ name: 'mutant.csv', bytes: flipped(Buffer.from(goodCsv('Flipped Co')), f) })),
  fc.nat().map((n) => ({
    name: 'mutant.xlsx',
    bytes: goodWorkbook.subarray(0, n % goodWorkbook.length),
  })),
  fc.nat().map((n) => {
    const bytes = Buffer.from(goodCsv('Truncated Co'));
    return { name: 'mutant.csv', bytes: bytes.subarray(0, n % bytes.length) };
  }),
  fc.nat().map((seed) => {
    const entries = zipEntries(goodWorkbook);
    // A seeded shuffle: zip order must not matter to a reader that looks parts up by name.
    const shuffled = entries
      .map((e, i) => ({ e, key: (Math.imul(i + 1, 2654435761) ^ seed) >>> 0 }))
      .sort((a, b) => a.key - b.key)
      .map((x) => x.e);
    return { name: 'mutant.xlsx', bytes: buildZip(shuffled) };
  }),
  fc.array(giantNumber, { minLength: IDS.length, maxLength: IDS.length }).map((points) => ({
    name: 'mutant.csv',
    bytes: Buffer.from(csvOf('Giant Numbers Co', (id, i) => [id, 'Met', points[i] ?? '', ''])),
  })),
  fc
    .record({
      company: weirdText,
      cells: fc.array(fc.tuple(weirdText, weirdText), {
        minLength: IDS.length,
        maxLength: IDS.length,
      }),
    })
    .map(({ company, cells }) => ({
      name: 'mutant.csv',
      bytes: Buffer.from(
        csvOf(company, (id, i) => [
          id,
          i % 3 === 0 ? (cells[i]?.[0] ?? '') : 'Met',
          '',
          cells[i]?.[1] ?? '',
        ]),
      ),
    })),
);

async function inconsistencies(store: Store): Promise<number> {
  let n = 0;
  for (const table of ['assessments', 'requirement_results', 'objective_results', 'poam_items']) {
    n += await count(store, table, 'source_file_id not in (select id from source_files)');
  }
  n += await count(
    store,
    'requirement_results',
    'assessment_id not in (select id from assessments)',
  );
  n += await count(store, 'assessments', 'organization_id not in (select id from organizations)');
  n += await count(
    store,
    'assessments a',
    `level = 2 and (select count(*) from requirement_results r where r.assessment_id = a.id) <> 110`,
  );
  return n;
}

describe('hostile input (fuzzed)', () => {
  it('never lets one mutated file throw, hang, stop the batch or leave orphan rows', async () => {
    await fc.assert(
      fc.asyncProperty(mutants, async (mutant) => {
        const dir = await mkdtemp(join(tmpdir(), 'cmmc-fuzz-'));
        const store = await openStore(':memory:');
        try {
          await writeFile(join(dir, 'a-good.csv'), goodCsv('Good Before Inc'));
          await writeFile(join(dir, `b-${mutant.name}`), mutant.bytes);
          await writeFile(join(dir, 'c-good.csv'), goodCsv('Good After Inc'));
          const report = await ingestPaths(store, [dir], { fileTimeoutMs: 20_000 });
          expect(report.stopped).toBeUndefined();
          expect(report.files.map((f) => f.path.slice(dir.length + 1))).toEqual([
            'a-good.csv',
            `b-${mutant.name}`,
            'c-good.csv',
          ]);
          expect(report.files[0]?.status).toBe('loaded');
          expect(report.files[2]?.status).toBe('loaded');
          const loaded = report.files.filter((f) => f.status === 'loaded').length;
          expect(await count(store, 'source_files')).toBe(loaded);
          expect(await inconsistencies(store)).toBe(0);
        } finally {
          store.close();
          await rm(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 40 },
    );
  }, 600_000);
});
