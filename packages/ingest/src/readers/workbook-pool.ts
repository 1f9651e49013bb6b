/**
 * A small pool of worker threads running exceljs (worker/load-workbook.mjs), so a workbook read can be stopped:
 * on timeout the worker is terminated, not merely abandoned while it keeps burning CPU. Workers are kept between
 * files (starting one and loading exceljs costs about 150 ms), unref'd while idle so they never hold the process
 * open, and replaced after a timeout or a crash. With two of them, two files can be parsed at once.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** One worksheet as the worker sends it: raw exceljs cell values, `rows[r][c]` 0-based, sparse. */
export interface RawSheet {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  rows: (unknown[] | undefined)[];
}

export type WorkbookLoad =
  | { ok: true; sheets: RawSheet[] }
  | { ok: false; reason: 'ERROR' | 'TIMEOUT' | 'CRASH'; message: string };

interface Slot {
  worker: Worker;
  busy: boolean;
}

const WORKER_URL = new URL('../../worker/load-workbook.mjs', import.meta.url);
/** A heap cap per worker: a workbook that inflates past it fails alone instead of taking the process down. */
const WORKER_HEAP_MB = 4096;
const POOL_SIZE = Math.max(1, Math.min(2, availableParallelism()));

const slots: Slot[] = [];
const waiting: ((slot: Slot) => void)[] = [];
let nextId = 1;

function spawn(): Slot {
  const worker = new Worker(WORKER_URL, {
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
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

async function acquire(): Promise<Slot> {
  const idle = slots.find((s) => !s.busy);
  if (idle) {
    idle.busy = true;
    return idle;
  }
  if (slots.length < POOL_SIZE) {
    const slot = spawn();
    slot.busy = true;
    slots.push(slot);
    return slot;
  }
  return new Promise((resolve) => waiting.push(resolve));
}

function release(slot: Slot): void {
  const next = waiting.shift();
  if (!slots.includes(slot)) {
    // The slot was terminated or died: give a waiter a fresh worker instead.
    if (next) {
      const fresh = spawn();
      fresh.busy = true;
      slots.push(fresh);
      next(fresh);
    }
    return;
  }
  if (next) {
    next(slot);
    return;
  }
  slot.busy = false;
  slot.worker.unref();
}

/**
 * Loads a workbook in a worker and returns its sheets' raw values, or why it could not: exceljs's own error,
 * `TIMEOUT` (the worker was terminated after `timeoutMs`), or `CRASH` (the worker died, e.g. out of memory).
 */
export async function loadWorkbookInWorker(
  bytes: Uint8Array,
  timeoutMs: number,
): Promise<WorkbookLoad> {
  const slot = await acquire();
  const { worker } = slot;
  worker.ref();
  const id = nextId++;
  try {
    return await new Promise<WorkbookLoad>((resolve) => {
      const finish = (result: WorkbookLoad) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(result);
      };
      const onMessage = (message: {
        id: number;
        ok: boolean;
        sheets?: RawSheet[];
        message?: string;
      }) => {
        if (message.id !== id) return;
        finish(
          message.ok
            ? { ok: true, sheets: message.sheets ?? [] }
            : { ok: false, reason: 'ERROR', message: message.message ?? 'unknown error' },
        );
      };
      const onError = (error: Error) => {
        discard(slot);
        finish({ ok: false, reason: 'CRASH', message: error.message });
      };
      const onExit = (code: number) => {
        discard(slot);
        finish({ ok: false, reason: 'CRASH', message: `the reader stopped (exit code ${code})` });
      };
      const timer = setTimeout(() => {
        discard(slot);
        finish({ ok: false, reason: 'TIMEOUT', message: `no result after ${timeoutMs} ms` });
        void worker.terminate();
      }, timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, bytes });
    });
  } finally {
    release(slot);
  }
}
