/** Runs the real ingester (`ingestPaths`, the code behind `cmmc ingest`) on a folder into a fresh database file. */
import { rmSync } from 'node:fs';
import { extname } from 'node:path';
import { ingestPaths } from '@cmmc/ingest';
import { openStore } from '@cmmc/store';
import { cpuSeconds, peakRssMiB, seconds } from './timing.js';

export interface IngestMeasurement {
  seconds: number;
  /** CPU time (user + system, all threads) over the same span as `seconds`. */
  cpuSeconds: number;
  /** CPU time of the whole child process, Node's start-up and module loading included. */
  processCpuSeconds: number;
  files: number;
  workbooks: number;
  csvFiles: number;
  loaded: number;
  failed: number;
  rowsLoaded: number;
  /** Rows loaded from `.csv` files only. */
  csvRowsLoaded: number;
  peakRssMiB: number;
  /** Each file's path and status, with the error of a failed one. */
  outcomes: { path: string; status: string; error: string | null }[];
}

export async function measureIngest(input: {
  dir: string;
  database: string;
  /** Per-file read limit (default: ingest's 30 s). */
  fileTimeoutMs?: number;
}): Promise<IngestMeasurement> {
  for (const suffix of ['', '.wal']) rmSync(`${input.database}${suffix}`, { force: true });
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const store = await openStore(input.database);
  let report: Awaited<ReturnType<typeof ingestPaths>>;
  try {
    report = await ingestPaths(
      store,
      [input.dir],
      input.fileTimeoutMs ? { fileTimeoutMs: input.fileTimeoutMs } : {},
    );
    await store.checkpoint();
  } finally {
    store.close();
  }
  const elapsed = seconds(start);
  const cpu = cpuSeconds(cpuStart);
  const processCpu = cpuSeconds({ user: 0, system: 0 });
  const ext = (p: string) => extname(p).toLowerCase();
  const csv = report.files.filter((f) => ext(f.path) === '.csv');
  return {
    seconds: elapsed,
    cpuSeconds: cpu,
    processCpuSeconds: processCpu,
    files: report.files.length,
    workbooks: report.files.filter((f) => ext(f.path) === '.xlsx').length,
    csvFiles: csv.length,
    loaded: report.files.filter((f) => f.status !== 'failed').length,
    failed: report.files.filter((f) => f.status === 'failed').length,
    rowsLoaded: report.files.reduce((n, f) => n + f.rowsLoaded, 0),
    csvRowsLoaded: csv.reduce((n, f) => n + f.rowsLoaded, 0),
    peakRssMiB: peakRssMiB(),
    outcomes: report.files.map((f) => ({ path: f.path, status: f.status, error: f.error })),
  };
}
