/**
 * The batch: expands the files and folders the user named, reads each folder's suppliers.csv, and loads every file
 * all or nothing, assessments before POA&Ms so a POA&M finds its assessment. Files are parsed ahead (several at once)
 * while earlier ones are written in batched transactions (load/write-batch.ts). A file that fails is reported and
 * the batch goes on.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Store } from '@cmmc/store';
import { IngestError, type IngestStoppedCode, IngestStoppedError } from './errors.js';
import type { LayoutMapping } from './layouts/mapping.js';
import type { RejectedRow } from './layouts/parsed.js';
import {
  type FileEntry,
  type FileOutcome,
  type LoadFileJob,
  type LoadFileOptions,
  readEntry,
} from './load/load-file.js';
import { RunState } from './load/run-state.js';
import { BatchWriter, DEFAULT_BATCH_LIMITS, storeFailure } from './load/write-batch.js';
import {
  MANIFEST_NAME,
  type ManifestEntry,
  manifestEntryFor,
  manifestLookup,
  readManifest,
} from './manifest.js';
import type { DateOrder } from './values/parse-date.js';

export interface IngestOptions {
  /** The supplier every file belongs to (overrides suppliers.csv, metadata and folder names). */
  organization?: string;
  /** A layout the ingester does not recognise by itself (`--mapping`). */
  mapping?: LayoutMapping;
  /** How to read ambiguous day/month dates such as 03/04/2026; without it they are rejected. */
  dateOrder?: DateOrder;
  /** Assessment date (`YYYY-MM-DD`) for files that state none anywhere. */
  assessmentDate?: string;
  /** Per-file read timeout in milliseconds (default 30 000). */
  fileTimeoutMs?: number;
  /** Per-file size limit in bytes (default 50 MB). */
  maxFileBytes?: number;
  /** Limit on a workbook's declared uncompressed size, checked before inflating (default 250 MB). */
  maxUncompressedBytes?: number;
  /** Called after each file, loaded or not. */
  onProgress?: (event: { done: number; total: number; path: string }) => void;
}

export interface IngestReport {
  files: FileOutcome[];
  /**
   * Set when the store failed in a way no single file explains (disk full, an I/O error): the run stopped, `files`
   * lists the files done before it (committed), and the database is as the last committed batch left it.
   */
  stopped?: { code: IngestStoppedCode; message: string };
}

const DEFAULTS = {
  fileTimeoutMs: 30_000,
  maxFileBytes: 50 * 1024 * 1024,
  maxUncompressedBytes: 250 * 1024 * 1024,
};

/**
 * Files a folder walk skips: hidden files, Office lock files, READMEs, the manifest itself, and JSON / Markdown
 * notes kept beside the files (a generator's expected.json, a portfolio's notes). Named explicitly, they are read
 * and refused with a clear message.
 */
function isIgnored(name: string): boolean {
  return (
    name.startsWith('.') ||
    /\.(?:json|md)$/i.test(name) ||
    name.startsWith('~$') ||
    /^readme(?:\.|$)/i.test(name) ||
    name.toLowerCase() === MANIFEST_NAME ||
    /^thumbs\.db$|^desktop\.ini$/i.test(name)
  );
}

/** POA&M files load after assessments, so their items attach to the assessment at once. */
function isPoamName(path: string): boolean {
  return /poa&?m|plan[\s_-]*of[\s_-]*action/i.test(basename(path));
}

/** A folder's entry name as the user would type it; invalid UTF-8 bytes written as `\xff`. */
function printableName(name: Buffer): string {
  let out = '';
  let i = 0;
  while (i < name.length) {
    // Decode the longest valid UTF-8 run, then escape one bad byte.
    let j = name.length;
    while (
      j > i &&
      Buffer.from(name.subarray(i, j).toString('utf8'), 'utf8').compare(name.subarray(i, j)) !== 0
    )
      j--;
    if (j > i) {
      out += name.subarray(i, j).toString('utf8');
      i = j;
    } else {
      out += `\\x${(name[i] ?? 0).toString(16).padStart(2, '0')}`;
      i++;
    }
  }
  return out;
}

interface Walk {
  files: string[];
  problems: { path: string; error: IngestError }[];
}

/** `statSync` that answers null where it would throw (a dangling link, a file gone since the folder was read). */
function statOrNull(path: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/**
 * The files under a folder, sorted, each read once: a symbolic link is passed on to the reader, which follows a link
 * to a file and reports a link to a folder (never followed: a link up the tree would load everything again), a
 * loop or a dangling link by name; a file reached twice, directly and through a link, is read once. A name that is
 * not valid UTF-8 is reported with its bytes. Nothing is skipped in silence.
 */
function walk(root: string, display: string): Walk {
  const out: Walk = { files: [], problems: [] };
  const seenFiles = new Set<string>();
  // Blocking calls throughout: a trip through libuv's thread pool per folder (a supplier per folder) cost more CPU,
  // in wake-ups, than listing the folder. `realDir` is `dir` with links resolved: folders reached here are never
  // links (a link to a folder is not followed), so a plain file's real path is `realDir` and its name, and only a
  // link needs a realpath of its own.
  const visit = (dir: string, shown: string, realDir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true, encoding: 'buffer' });
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    for (const entry of entries) {
      const name = entry.name.toString('utf8');
      if (isIgnored(name)) continue;
      const shownPath = join(shown, printableName(entry.name));
      if (!Buffer.from(name, 'utf8').equals(entry.name)) {
        out.problems.push({
          path: shownPath,
          error: new IngestError(
            'FILE_NOT_FOUND',
            { file: shownPath },
            `the file name is not valid UTF-8 (bytes ${[...entry.name].map((b) => b.toString(16).padStart(2, '0')).join(' ')}); rename it and ingest again`,
          ),
        });
        continue;
      }
      const full = join(dir, name);
      if (entry.isDirectory()) {
        visit(full, shownPath, join(realDir, name));
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        // A link is handed to the reader, which follows one to a file and names any other (a link to a folder, a
        // loop, a dangling link: read-source.ts); a file reached twice, directly and through a link, is read once.
        const key = entry.isFile()
          ? join(realDir, name)
          : statOrNull(full)?.isFile()
            ? realpathSync(full)
            : null;
        if (key !== null) {
          if (seenFiles.has(key)) continue;
          seenFiles.add(key);
        }
        out.files.push(full);
      }
    }
  };
  visit(root, display, realpathSync(root));
  return out;
}

export interface Expansion {
  jobs: LoadFileJob[];
  failures: { path: string; error: IngestError; rejected?: RejectedRow[] }[];
}

async function manifestIn(
  dir: string,
  display: string,
  dateOrder: DateOrder | undefined,
  failures: Expansion['failures'],
): Promise<ManifestEntry[]> {
  const path = join(dir, MANIFEST_NAME);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return [];
  }
  try {
    const problems: RejectedRow[] = [];
    const entries = readManifest(bytes, display, dateOrder, problems);
    if (problems.length > 0) {
      failures.push({
        path: display,
        error: new IngestError(
          'MANIFEST_INVALID',
          { file: display },
          `${problems.length} row${problems.length === 1 ? '' : 's'} skipped (see the rejected rows; the first: ${problems[0]?.message}); the other rows apply`,
        ),
        rejected: problems,
      });
    }
    return entries;
  } catch (error) {
    failures.push({
      path: display,
      error:
        error instanceof IngestError
          ? error
          : new IngestError('MANIFEST_INVALID', { file: display }, (error as Error).message),
    });
    return [];
  }
}

/** The files to read, in load order, with their suppliers.csv entries; and the manifests that failed. */
export async function expand(
  inputs: readonly string[],
  dateOrder: DateOrder | undefined,
): Promise<Expansion> {
  const jobs: LoadFileJob[] = [];
  const failures: Expansion['failures'] = [];
  const seen = new Set<string>();
  const add = (job: LoadFileJob) => {
    if (seen.has(job.absolutePath)) return;
    seen.add(job.absolutePath);
    jobs.push(job);
  };
  for (const input of inputs) {
    const absolute = resolve(input);
    const info = await stat(absolute).catch(() => null);
    if (info?.isDirectory()) {
      const manifestDisplay = join(input, MANIFEST_NAME);
      const entries = await manifestIn(absolute, manifestDisplay, dateOrder, failures);
      const walked = walk(absolute, input);
      failures.push(...walked.problems);
      const entryFor = manifestLookup(entries);
      for (const file of walked.files) {
        const rel = relative(absolute, file);
        const parts = rel.split(sep);
        add({
          absolutePath: file,
          displayPath: join(input, rel),
          manifest: entryFor(rel),
          folderName:
            parts.length > 1 ? (parts[0] ?? '').replace(/[-_]+/g, ' ').trim() || null : null,
        });
      }
      for (const entry of entries) {
        const target = join(absolute, entry.path);
        if (!(await stat(target).catch(() => null))) {
          add({ absolutePath: target, displayPath: join(input, entry.path), manifest: entry });
        }
      }
    } else {
      const dir = dirname(absolute);
      const entries = info
        ? await manifestIn(dir, join(dirname(input), MANIFEST_NAME), dateOrder, failures)
        : [];
      add({
        absolutePath: absolute,
        displayPath: input,
        manifest: manifestEntryFor(entries, basename(absolute)),
      });
    }
  }
  const poam = jobs.filter((j) => isPoamName(j.absolutePath));
  const rest = jobs.filter((j) => !isPoamName(j.absolutePath));
  return { jobs: [...rest, ...poam], failures };
}

/** Files read and parsed ahead of the writer: enough to keep the workbook workers and the disk busy. */
const READ_CONCURRENCY = 4;
/** Parsed files waiting for the writer at most: about two batches, so memory stays bounded. */
const READ_AHEAD = 2 * DEFAULT_BATCH_LIMITS.maxFiles;

/**
 * Reads and parses `jobs` in order, up to `READ_CONCURRENCY` at once and `READ_AHEAD` ahead of the consumer, so that
 * parsing (the worker pool, the main thread's layout detection) overlaps the writer's transactions.
 */
async function* readAhead(
  jobs: readonly LoadFileJob[],
  read: (job: LoadFileJob) => Promise<FileEntry>,
): AsyncGenerator<FileEntry> {
  // Settled, never rejected, so that a read that throws waits for its turn instead of going unhandled.
  const results: Promise<{ entry: FileEntry } | { error: unknown }>[] = [];
  let started = 0;
  let running = 0;
  const queue: (() => void)[] = [];
  const slot = async () => {
    if (running < READ_CONCURRENCY) {
      running++;
      return;
    }
    await new Promise<void>((resolve) => queue.push(resolve));
  };
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else running--;
  };
  const startUpTo = (limit: number) => {
    while (started < Math.min(limit, jobs.length)) {
      const job = jobs[started++] as LoadFileJob;
      results.push(
        slot().then(async () => {
          try {
            return { entry: await read(job) };
          } catch (error) {
            return { error };
          } finally {
            release();
          }
        }),
      );
    }
  };
  for (let i = 0; i < jobs.length; i++) {
    startUpTo(i + READ_AHEAD);
    const result = await results[i];
    delete results[i];
    if (!result || 'error' in result) throw result?.error;
    yield result.entry;
  }
}

/**
 * Loads files and folders (recursively) into the store, each file all or nothing (files are committed in batches,
 * see load/write-batch.ts). Never throws for a bad file: its outcome says `failed` with the reason; it throws only
 * when the store itself fails.
 */
export async function ingestPaths(
  store: Store,
  inputs: readonly string[],
  options: IngestOptions = {},
): Promise<IngestReport> {
  const { jobs, failures } = await expand(inputs, options.dateOrder);
  const loadOptions: LoadFileOptions = {
    organization: options.organization,
    mapping: options.mapping,
    dateOrder: options.dateOrder,
    assessmentDate: options.assessmentDate,
    fileTimeoutMs: options.fileTimeoutMs ?? DEFAULTS.fileTimeoutMs,
    maxFileBytes: options.maxFileBytes ?? DEFAULTS.maxFileBytes,
    maxUncompressedBytes: options.maxUncompressedBytes ?? DEFAULTS.maxUncompressedBytes,
  };
  // One DuckDB thread while loading: appends and commits do not run in parallel, and idle threads woken around
  // every statement cost CPU (Store.withThreads).
  return store.withThreads(1, () => load(store, jobs, failures, loadOptions, options));
}

async function load(
  store: Store,
  jobs: readonly LoadFileJob[],
  failures: Expansion['failures'],
  loadOptions: LoadFileOptions,
  options: IngestOptions,
): Promise<IngestReport> {
  const files: FileOutcome[] = [];
  const total = jobs.length + failures.length;
  const state = await RunState.load(store);
  const writer = new BatchWriter(store, state, DEFAULT_BATCH_LIMITS, (outcome) => {
    files.push(outcome);
    options.onProgress?.({ done: files.length, total, path: outcome.path });
  });
  try {
    for (const failure of failures) {
      await writer.add({
        kind: 'failed',
        displayPath: failure.path,
        error: failure.error,
        rejected: failure.rejected ?? [],
      });
    }
    for await (const entry of readAhead(jobs, (job) => readEntry(job, loadOptions, state))) {
      await writer.add(entry);
    }
    await writer.finish();
    // Bring the materialised findings up to date now, once for the whole batch, so the first report or score after a
    // load does not pay for it; a batch that changed nothing costs only the staleness check.
    if (files.some((f) => f.status === 'loaded')) await store.refreshEffectiveFindings();
  } catch (error) {
    const stopped = error instanceof IngestStoppedError ? error : storeFailure(error, store.path);
    return { files, stopped: { code: stopped.code, message: stopped.message } };
  }
  return { files };
}
