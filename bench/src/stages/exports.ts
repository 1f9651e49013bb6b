/**
 * The exports a prime runs over the whole portfolio, as `cmmc export … --all` runs them: results CSV, POA&M CSV,
 * the FedRAMP POA&M workbooks (a folder, one per supplier with items), OSCAL POA&M (a folder of documents) and
 * Parquet of every table. Each is timed from opening the store to closing it, as one `cmmc export` command opens
 * its own (read-write, like the CLI's `withStore`; Node's start-up is not included), and writes into a folder of
 * its own under `outDir`, measured and removed before the next export starts. Before the first, an untimed open
 * brings the schema and the materialised findings up to date, so no export pays that one-time cost.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ExportResult,
  exportParquet,
  exportPoamCsv,
  exportPoamOscal,
  exportPoamWorkbook,
  exportResults,
} from '@cmmc/export';
import { openStore, type Store } from '@cmmc/store';
import { peakRssMiB, seconds } from './timing.js';

export type ExportKind = 'results-csv' | 'poam-csv' | 'fedramp-xlsx' | 'oscal' | 'parquet';

export interface ExportRun {
  seconds: number;
  /** Rows, POA&M items or (Parquet) tables written, as the export reports them. */
  records: number;
  files: number;
  /** Suppliers that got no file because they have no POA&M items (FedRAMP and OSCAL only). */
  skipped: number;
  /** Everything written, in MiB. */
  outputMiB: number;
}

export interface ExportsMeasurement {
  suppliers: number;
  exports: Record<ExportKind, ExportRun>;
  peakRssMiB: number;
}

/** Files and bytes under `path` (a file or a folder). */
function sizeOf(path: string): { files: number; bytes: number } {
  const stat = statSync(path);
  if (!stat.isDirectory()) return { files: 1, bytes: stat.size };
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(path)) {
    const inner = sizeOf(join(path, entry));
    files += inner.files;
    bytes += inner.bytes;
  }
  return { files, bytes };
}

export async function measureExports(input: {
  database: string;
  asOf: string;
  /** An empty folder for the exports' output; each export's own part of it is removed once measured. */
  outDir: string;
}): Promise<ExportsMeasurement> {
  const { asOf } = input;
  let suppliers: number;
  const prepare = await openStore(input.database);
  try {
    await prepare.refreshEffectiveFindings();
    suppliers = Number(
      (await prepare.all<{ n: number }>('select count(*)::integer as n from organizations'))[0]
        ?.n ?? 0,
    );
  } finally {
    prepare.close();
  }
  const kinds: [ExportKind, (store: Store, out: string) => Promise<ExportResult>][] = [
    [
      'results-csv',
      (store, out) =>
        exportResults(store, { format: 'csv', asOf, outPath: join(out, 'results.csv') }),
    ],
    ['poam-csv', (store, out) => exportPoamCsv(store, { asOf, outPath: join(out, 'poam.csv') })],
    [
      'fedramp-xlsx',
      (store, out) => exportPoamWorkbook(store, { template: 'fedramp', asOf, outPath: out }),
    ],
    ['oscal', (store, out) => exportPoamOscal(store, { asOf, outPath: out })],
    [
      'parquet',
      async (store, out) => {
        const tables = await exportParquet(store, out);
        return { files: tables.map((t) => t.path), records: tables.length };
      },
    ],
  ];
  const exports = {} as Record<ExportKind, ExportRun>;
  for (const [kind, run] of kinds) {
    const out = join(input.outDir, kind);
    mkdirSync(out, { recursive: true });
    const start = performance.now();
    const store = await openStore(input.database);
    let result: ExportResult;
    try {
      result = await run(store, out);
    } finally {
      store.close();
    }
    const elapsed = seconds(start);
    const written = sizeOf(out);
    rmSync(out, { recursive: true, force: true });
    exports[kind] = {
      seconds: elapsed,
      records: result.records,
      files: written.files,
      skipped: result.skipped?.length ?? 0,
      outputMiB: written.bytes / 2 ** 20,
    };
  }
  return { suppliers, exports, peakRssMiB: peakRssMiB() };
}
