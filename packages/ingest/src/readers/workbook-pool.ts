/**
 * A small pool of reader worker threads (worker/read-file.mjs) that parse workbooks and CSVs, so a read can be
 * stopped: on timeout the worker is terminated, not merely abandoned while it keeps burning CPU, and each worker's
 * heap has a limit (resourceLimits) that a hostile file hits before the process does; the worker then dies alone
 * and the file fails with MEMORY_LIMIT. Workers are kept between files (starting one and loading exceljs costs
 * about 150 ms), unref'd while idle so they never hold the process open, and replaced after a timeout or a crash.
 *
 * Memory: up to POOL_SIZE small files are parsed at once; a heavy one (`heavy`: over HEAVY_BYTES of input or declared
 * uncompressed size) runs alone, so at most one worker is near its heap limit at any time. That, the heap limit and
 * the read-ahead bound in ingest-paths.ts are what keep a whole `cmmc ingest` under 1 GB of RSS (bench: rss stage).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CsvParse } from '../../worker/parse-csv.mjs';
import type { ZipEntry } from './zip-directory.js';

/** One worksheet as the worker sends it: the non-empty rows of a visible sheet and their row numbers. */
export interface RawSheet {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** rows[i][c]: raw exceljs cell values of sheet row rowNumbers[i], column c (0-based), sparse. */
  rows: unknown[][];
  /** 1-based, ascending. */
  rowNumbers: number[];
}

export type WorkerFailureReason = 'ERROR' | 'TIMEOUT' | 'MEMORY' | 'CRASH';

export type WorkerResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: WorkerFailureReason; code?: string; message: string };

/** Old-generation heap of each reader worker. */
export const WORKER_HEAP_MB = 384;
/** Input above this (file bytes, or a workbook's declared uncompressed bytes) is parsed with no other file beside. */
const HEAVY_BYTES = 8 * 1024 * 1024;
/**
 * Reader workers: one core is left to the main thread, which detects layouts, validates and appends to DuckDB, and
 * is as busy as the readers. On two cores one worker: a second one only made three busy threads share two cores,
 * and each worker pays for loading exceljs and for V8 optimising its code again (1,000-supplier ingest, three
 * alternating runs on a loaded machine: one worker 12.3-13.3 s of CPU and 12.3-13.9 s wall, two workers 13.7-16.8 s
 * and 13.9-21.8 s).
 */
const POOL_SIZE = Math.max(1, Math.min(2, availableParallelism() - 1));
const WORKER_URL = new URL('../../worker/read-file.mjs', import.meta.url);

interface Slot {
  worker: Worker;
  busy: boolean;
}

const slots: Slot[] = [];
let nextId = 1;

/** Admission: up to POOL_SIZE light jobs, or one heavy job alone, first come first served. */
let running = 0;
let heavyRunning = false;
const queue: { heavy: boolean; start: () => void }[] = [];

function pump(): void {
  while (queue.length > 0) {
    const next = queue[0] as { heavy: boolean; start: () => void };
    const fits = next.heavy ? running === 0 : !heavyRunning && running < POOL_SIZE;
    if (!fits) return;
    queue.shift();
    running++;
    if (next.heavy) heavyRunning = true;
    next.start();
  }
}

function admit(heavy: boolean): Promise<void> {
  return new Promise((start) => {
    queue.push({ heavy, start });
    pump();
  });
}

function leave(heavy: boolean): void {
  running--;
  if (heavy) heavyRunning = false;
  pump();
}

function spawn(): Slot {
  const worker = new Worker(WORKER_URL, {
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 32 },
    stdout: false,
    stderr: false,
  });
  worker.unref();
  const slot: Slot = { worker, busy: false };
  // A worker that dies between jobs is simply dropped; the next job spawns another.
  worker.on('exit', () => discard(slot));
  worker.on('error', () => discard(slot));
  return slot;
}

function discard(slot: Slot): void {
  const index = slots.indexOf(slot);
  if (index >= 0) slots.splice(index, 1);
}

function take(): Slot {
  const idle = slots.find((s) => !s.busy);
  const slot = idle ?? spawn();
  if (!idle) slots.push(slot);
  slot.busy = true;
  slot.worker.ref();
  return slot;
}

function giveBack(slot: Slot): void {
  slot.busy = false;
  slot.worker.unref();
}

/** Runs one job in a worker: its answer, or why there is none (timeout, memory limit, crash). */
async function runInWorker<T>(
  message: Record<string, unknown>,
  heavy: boolean,
  timeoutMs: number,
): Promise<WorkerResult<T>> {
  await admit(heavy);
  if (heavy) {
    // Idle workers keep the heap their last file grew; a heavy file gets the memory to itself.
    for (const idle of slots.filter((s) => !s.busy)) {
      discard(idle);
      void idle.worker.terminate();
    }
  }
  const slot = take();
  const { worker } = slot;
  const id = nextId++;
  try {
    return await new Promise<WorkerResult<T>>((resolve) => {
      let settled = false;
      const finish = (result: WorkerResult<T>) => {
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(result);
      };
      const onMessage = (answer: {
        id: number;
        ok: boolean;
        value?: T;
        code?: string;
        message?: string;
      }) => {
        if (answer.id !== id) return;
        finish(
          answer.ok
            ? { ok: true, value: answer.value as T }
            : {
                ok: false,
                reason: 'ERROR',
                ...(answer.code ? { code: answer.code } : {}),
                message: answer.message ?? 'unknown error',
              },
        );
      };
      const onError = (error: Error & { code?: string }) => {
        discard(slot);
        finish(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? { ok: false, reason: 'MEMORY', message: `${WORKER_HEAP_MB} MB of heap` }
            : { ok: false, reason: 'CRASH', message: error.message },
        );
      };
      const onExit = (code: number) => {
        discard(slot);
        finish({ ok: false, reason: 'CRASH', message: `the reader stopped (exit code ${code})` });
      };
      const timer = setTimeout(() => {
        // After a main thread that was busy (a large file's layouts), the answer may already be waiting in the
        // port: let it be delivered first (messages come before setImmediate) so it is not taken for a timeout.
        setImmediate(() => {
          if (settled) return;
          discard(slot);
          finish({ ok: false, reason: 'TIMEOUT', message: `no result after ${timeoutMs} ms` });
          void worker.terminate();
        });
      }, timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ ...message, id });
    });
  } finally {
    if (heavy && slots.includes(slot)) {
      // A heavy read leaves the worker's heap grown to hundreds of MB; a fresh worker returns that to the system.
      discard(slot);
      void worker.terminate();
    } else if (slots.includes(slot)) {
      giveBack(slot);
    }
    leave(heavy);
  }
}

/**
 * Loads a workbook in a worker: the entries the central directory lists are inflated there, each stopped at its
 * declared size, and read by exceljs; the answer is the visible sheets' non-empty rows, or why there are none.
 */
export function loadWorkbookInWorker(
  bytes: Uint8Array,
  entries: readonly ZipEntry[],
  limits: { maxCells: number; uncompressedBytes: number },
  timeoutMs: number,
): Promise<WorkerResult<RawSheet[]>> {
  return runInWorker<RawSheet[]>(
    { kind: 'xlsx', bytes, entries, limits: { maxCells: limits.maxCells } },
    bytes.length + limits.uncompressedBytes > HEAVY_BYTES,
    timeoutMs,
  );
}

/** Parses a CSV in a worker (worker/parse-csv.mjs). */
export function parseCsvInWorker(
  bytes: Uint8Array,
  options: { delimiter?: string; maxCells: number },
  timeoutMs: number,
): Promise<WorkerResult<CsvParse>> {
  return runInWorker<CsvParse>(
    { kind: 'csv', bytes, options },
    bytes.length > HEAVY_BYTES / 4,
    timeoutMs,
  );
}
