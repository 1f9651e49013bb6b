/**
 * The PDF engine: one headless Chromium per batch (puppeteer-core, Debian's binary), a bounded pool of
 * pages, and a sealed page: JavaScript is off and every request that is not `data:` or `about:blank` is
 * aborted, so a report can neither run script nor fetch anything, whatever its data contains.
 *
 * Reports are printed in batches (print-batch.ts, split-pdf.ts): one `page.pdf()` for up to `batchSize` reports,
 * split into one PDF each, since Chromium's fixed cost per print outweighs a scorecard's own pages.
 *
 * A batch always finishes. Each document gets a result (ok, or an error with a code); a document that
 * fails does not stop the others. If Chromium dies (OOM killer, crash), the engine launches a new one and
 * retries the document that was in flight once. Chromium 156 on Debian 12 with puppeteer-core 24.43.1 is
 * the tested pair (checked when the stack was chosen: JavaScript off and request interception still render).
 */
import { existsSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { writeOutputFile } from '@cmmc/export';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { createBrowserFolders, guardBrowser, releaseBrowser } from './browser-guard.js';
import { ChromiumNotFoundError, ReportError } from './errors.js';
import { batchKey, combineForPrint, PAGE_MARGIN_MM, printParts } from './print-batch.js';
import {
  type DocumentRenderer,
  type DocumentSource,
  materializeDocument,
  type RenderResult,
  type ReportDocument,
} from './render-html.js';
import { joinPrintedParts, splitPrintedBatch } from './split-pdf.js';

export type PaperFormat = 'letter' | 'a4';

export interface PdfRendererOptions {
  /** Chromium binary; default from `resolveChromiumPath()`. */
  executablePath?: string;
  /** Pages rendering at once; default `os.availableParallelism()`. Little gain past 2 on 2 cores. */
  concurrency?: number;
  /** Per-document limit for loading the HTML and printing it, in milliseconds; default 60 000. */
  timeoutMs?: number;
  /** Default `letter` (US Letter, 8.5 × 11 in); `a4` for 210 × 297 mm. */
  paper?: PaperFormat;
  /**
   * Reports printed as one Chromium document and split (print-batch.ts); default 20. Measured on 1,000 scorecards:
   * see bench/README.md. 1 prints each alone; the PDFs are the same either way.
   */
  batchSize?: number;
  /**
   * A document whose HTML is longer than this many characters is printed in parts of about this length, cut at the
   * boundaries its template marks (print-batch.ts `printParts`), on the pool's pages at once, and joined. How a
   * document is cut depends only on its HTML, never on the pool, so its PDF is the same on any machine. Default
   * 1,000,000 (the portfolio report from about 2,500 suppliers at risk: 420 characters each). Infinity: never.
   */
  partCharacters?: number;
  /**
   * The folder the user asked for (`--out`): every document's `outputPath` must be inside it, and no symbolic link
   * inside it is followed (`writeOutputFile`). Default: each document's own folder.
   */
  outputRoot?: string;
  /** Called as each document finishes, in completion order (progress output). */
  onDocument?: (result: RenderResult) => void;
  /** Called after each Chromium launch; `launch` counts from 1 (a relaunch after a crash is 2, …). */
  onBrowserLaunch?: (event: { pid: number | undefined; launch: number }) => void;
}

const DEBIAN_CHROMIUM_BINARY = '/usr/lib/chromium/chromium';
const DEBIAN_CHROMIUM_WRAPPER = '/usr/bin/chromium';
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_BATCH_SIZE = 20;
const DEFAULT_PART_CHARACTERS = 1_000_000;
const PAGE_MARGIN = {
  top: `${PAGE_MARGIN_MM.top}mm`,
  right: `${PAGE_MARGIN_MM.right}mm`,
  bottom: `${PAGE_MARGIN_MM.bottom}mm`,
  left: `${PAGE_MARGIN_MM.left}mm`,
};
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/**
 * `CHROMIUM_PATH` if set; else Debian's real binary `/usr/lib/chromium/chromium` when present (the
 * `/usr/bin/chromium` wrapper adds flags and prints a shell error on stderr); else the wrapper.
 */
export function resolveChromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.CHROMIUM_PATH;
  if (configured) return configured;
  return existsSync(DEBIAN_CHROMIUM_BINARY) ? DEBIAN_CHROMIUM_BINARY : DEBIAN_CHROMIUM_WRAPPER;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** puppeteer's wording when the browser, its connection or the page's target has gone away. */
const GONE =
  /Connection closed|Target closed|Session closed|Target crashed|detached|has been closed/i;

class TimeoutSignal extends Error {}

/** How long to wait for a health check or a page to close before treating the browser as hung. */
const SETTLE_MS = 5_000;

/** Resolves with the promise's value, or `undefined` after `ms` or on rejection; never rejects. */
async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise.catch(() => undefined), expiry]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Right after a SIGKILL `browser.connected` can still read true for a moment, so ask the browser
 * something and see whether it answers.
 */
async function isAlive(browser: Browser): Promise<boolean> {
  if (!browser.connected) return false;
  return (await settleWithin(browser.version(), SETTLE_MS)) !== undefined;
}

/** A long document being printed in parts (`partCharacters`). */
interface PartsState {
  index: number;
  whole: ReportDocument;
  documents: ReportDocument[];
  printed: Uint8Array[];
  remaining: number;
  failed: boolean;
}

interface PartJob {
  parts: PartsState;
  part: number;
}

/** The document's parts: one (the document) unless its HTML is longer than `partCharacters`. */
function partsOf(document: ReportDocument, partCharacters: number): ReportDocument[] {
  if (!(document.html.length > partCharacters)) return [document];
  return printParts(document, Math.ceil(document.html.length / partCharacters));
}

/** A worker's page, kept across documents and rebuilt after any failure or browser relaunch. */
interface PageSlot {
  page: Page | undefined;
  browser: Browser | undefined;
}

/**
 * Creates a PDF renderer. Chromium is launched on the first `render()` and kept until `close()`.
 * @throws ChromiumNotFoundError (code `CHROMIUM_NOT_FOUND`) when the executable does not exist.
 */
export function createPdfRenderer(options: PdfRendererOptions = {}): DocumentRenderer {
  const executablePath = options.executablePath ?? resolveChromiumPath();
  if (!existsSync(executablePath)) throw new ChromiumNotFoundError(executablePath);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? availableParallelism()));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const format = options.paper === 'a4' ? 'A4' : 'Letter';
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
  const partCharacters = options.partCharacters ?? DEFAULT_PART_CHARACTERS;

  let current: Promise<Browser> | undefined;
  let launches = 0;
  let closed = false;

  async function launch(): Promise<Browser> {
    let browser: Browser;
    const folders = createBrowserFolders();
    try {
      browser = await puppeteer.launch({
        executablePath,
        headless: true,
        args: CHROMIUM_ARGS,
        // DevTools over fds 3 and 4 instead of a port: nothing else can connect, and Chromium reads EOF when we die.
        pipe: true,
        userDataDir: folders.profile,
        env: { ...process.env, TMPDIR: folders.root },
        // browser-guard.ts handles these: puppeteer's handlers leave the profile folder behind, and its SIGTERM
        // handler closes the browser without ending the process.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
    } catch (error) {
      rmSync(folders.root, { recursive: true, force: true });
      throw new ReportError(
        'BROWSER_LAUNCH_FAILED',
        `Chromium at ${executablePath} could not be started: ${messageOf(error)}`,
        { cause: error },
      );
    }
    const pid = browser.process()?.pid;
    if (pid === undefined) {
      await browser.close().catch(() => undefined);
      rmSync(folders.root, { recursive: true, force: true });
      throw new ReportError(
        'BROWSER_LAUNCH_FAILED',
        `Chromium at ${executablePath} gave no process id.`,
      );
    }
    guardBrowser(pid, folders.root);
    // A crashed or closed browser: kill what is left of its process group and remove its profile folder.
    browser.once('disconnected', () => releaseBrowser(pid));
    launches += 1;
    options.onBrowserLaunch?.({ pid, launch: launches });
    return browser;
  }

  /** The live browser, launching (or relaunching after a crash) when there is none. */
  function getBrowser(): Promise<Browser> {
    if (!current) {
      const launching = launch();
      current = launching;
      launching.then(
        (browser) =>
          browser.once('disconnected', () => {
            if (current === launching) current = undefined;
          }),
        () => {
          if (current === launching) current = undefined;
        },
      );
    }
    return current;
  }

  /** Drops a browser that misbehaves so the next `getBrowser()` launches a fresh one. */
  async function discardBrowser(browser: Browser): Promise<void> {
    if (current && (await current.catch(() => undefined)) === browser) current = undefined;
    const pid = browser.process()?.pid;
    if (pid !== undefined) releaseBrowser(pid);
  }

  async function openPage(browser: Browser): Promise<Page> {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.isInterceptResolutionHandled()) return;
      const url = request.url();
      const allowed = url.startsWith('data:') || url === 'about:blank';
      (allowed ? request.continue() : request.abort('blockedbyclient')).catch(() => undefined);
    });
    return page;
  }

  async function pageFor(slot: PageSlot): Promise<Page> {
    const browser = await getBrowser();
    if (slot.page && slot.browser === browser && !slot.page.isClosed()) return slot.page;
    await discardPage(slot);
    // Recorded before opening, so a failure in newPage() is blamed on (and health-checks) this browser.
    slot.browser = browser;
    slot.page = await openPage(browser);
    return slot.page;
  }

  async function discardPage(slot: PageSlot): Promise<void> {
    const page = slot.page;
    slot.page = undefined;
    if (page && !page.isClosed()) await settleWithin(page.close(), SETTLE_MS);
  }

  /** Prints the documents as one (a batch of one for a single document): Chromium's PDF, before any splitting. */
  async function printTogether(
    page: Page,
    documents: readonly ReportDocument[],
  ): Promise<Uint8Array> {
    await page.setContent(combineForPrint(documents), {
      waitUntil: 'load',
      timeout: timeoutMs,
    });
    return page.pdf({
      format,
      margin: PAGE_MARGIN,
      printBackground: true,
      // Tagged-PDF structure is ~250 KB of a 70 KB report (stack.md §5); these are printed reports.
      tagged: false,
      outline: false,
      timeout: timeoutMs,
    });
  }

  /** Prints the documents as one and splits the PDF, one per document. */
  async function print(page: Page, documents: readonly ReportDocument[]): Promise<Uint8Array[]> {
    return splitPrintedBatch(await printTogether(page, documents), documents);
  }

  /** The per-print timeout covers loading, printing and splitting, not launching Chromium (its own 30 s). */
  function printWithin(page: Page, documents: readonly ReportDocument[]): Promise<Uint8Array[]> {
    return within(print(page, documents));
  }

  function within<T>(printing: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutSignal()), timeoutMs);
    });
    // The losing promise still settles later (the page is closed under it); keep it from going unhandled.
    printing.catch(() => undefined);
    return Promise.race([printing, timeout]).finally(() => clearTimeout(timer));
  }

  /** After a failed print: drops the page, and the browser too if it no longer answers. True when it crashed. */
  async function recoverFrom(slot: PageSlot, error: unknown): Promise<boolean> {
    const browser = slot.browser;
    await discardPage(slot);
    const browserDied = browser !== undefined && !(await isAlive(browser));
    if (browserDied) await discardBrowser(browser);
    return browserDied || GONE.test(messageOf(error));
  }

  async function writeResult(
    document: ReportDocument,
    pdf: Uint8Array,
    attempts: number,
  ): Promise<RenderResult> {
    const name = document.name;
    if (document.outputPath === undefined) return { name, ok: true, content: pdf, attempts };
    try {
      await writeOutputFile(
        document.outputPath,
        pdf,
        options.outputRoot ? { root: options.outputRoot } : {},
      );
    } catch (error) {
      const message = `Document "${name}": the PDF could not be written to ${document.outputPath}: ${messageOf(error)}`;
      return {
        name,
        ok: false,
        error: new ReportError('RENDER_FAILED', message, { cause: error }),
        attempts,
      };
    }
    return { name, ok: true, outputPath: document.outputPath, attempts };
  }

  /**
   * Prints a batch in one go; if that fails for any reason (a document that hangs or crashes the renderer, markers
   * the splitter doubts), each document is printed alone, so one bad report costs the others only time.
   */
  async function renderBatch(slot: PageSlot, documents: ReportDocument[]): Promise<RenderResult[]> {
    const [only] = documents;
    if (only && documents.length === 1) return [await renderDocument(slot, only)];
    let pdfs: Uint8Array[] | undefined;
    try {
      pdfs = await printWithin(await pageFor(slot), documents);
    } catch (error) {
      if (error instanceof ReportError) {
        return documents.map((document) => ({
          name: document.name,
          ok: false,
          error,
          attempts: 1,
        }));
      }
      await recoverFrom(slot, error);
    }
    const results: RenderResult[] = [];
    for (const [index, document] of documents.entries()) {
      const pdf = pdfs?.[index];
      results.push(
        pdf ? await writeResult(document, pdf, 1) : await renderDocument(slot, document),
      );
    }
    return results;
  }

  async function renderDocument(slot: PageSlot, document: ReportDocument): Promise<RenderResult> {
    const name = document.name;
    let pdf: Uint8Array | undefined;
    let attempts = 0;
    while (pdf === undefined) {
      attempts += 1;
      try {
        [pdf] = await printWithin(await pageFor(slot), [document]);
      } catch (error) {
        if (error instanceof ReportError) return { name, ok: false, error, attempts };
        // A dead browser or a crashed page (renderer process) earns one retry on a fresh one.
        const crashed = await recoverFrom(slot, error);
        if (crashed && attempts === 1) continue;
        return { name, ok: false, error: documentError(name, error, crashed, timeoutMs), attempts };
      }
    }
    return writeResult(document, pdf, attempts);
  }

  /**
   * Prints one part of a long document; when its last part is in, joins them into the document's PDF. If any part
   * failed (a crash, a timeout) or the parts cannot be joined, the document is printed whole instead, with the usual
   * retry.
   */
  async function renderPart(slot: PageSlot, job: PartJob): Promise<RenderResult | undefined> {
    const { parts } = job;
    try {
      parts.printed[job.part] = await within(
        printTogether(await pageFor(slot), [parts.documents[job.part] as ReportDocument]),
      );
    } catch (error) {
      parts.failed = true;
      await recoverFrom(slot, error);
    }
    parts.remaining -= 1;
    if (parts.remaining > 0) return undefined;
    if (!parts.failed) {
      try {
        return await writeResult(
          parts.whole,
          await joinPrintedParts(parts.printed, parts.whole),
          1,
        );
      } catch {
        // printed again whole below
      }
    }
    return renderDocument(slot, parts.whole);
  }

  return {
    async render(documents) {
      if (closed) throw new ReportError('RENDER_FAILED', 'The PDF renderer has been closed.');
      const results: RenderResult[] = new Array(documents.length);
      let next = 0;
      const partQueue: PartJob[] = [];
      const finish = (index: number, result: RenderResult) => {
        results[index] = result;
        options.onDocument?.(result);
      };
      const worker = async () => {
        const slot: PageSlot = { page: undefined, browser: undefined };
        try {
          for (;;) {
            const job = partQueue.shift();
            if (job) {
              const result = await renderPart(slot, job);
              if (result) finish(job.parts.index, result);
              continue;
            }
            if (next >= documents.length) break;
            const first = next;
            next = Math.min(documents.length, next + batchSize);
            // Made here, batch by batch, so a 10,000-report run never holds every report's HTML at once.
            const made: { index: number; document: ReportDocument }[] = [];
            for (let index = first; index < next; index += 1) {
              const outcome = materializeDocument(documents[index] as DocumentSource, index);
              if (!('document' in outcome)) {
                finish(index, outcome.failure);
                continue;
              }
              const parts = partsOf(outcome.document, partCharacters);
              if (parts.length === 1) {
                made.push({ index, document: outcome.document });
                continue;
              }
              // Queued ahead of every batch, so the pool's other pages take the parts at once.
              const state: PartsState = {
                index,
                whole: outcome.document,
                documents: parts,
                printed: [],
                remaining: parts.length,
                failed: false,
              };
              for (let part = 0; part < parts.length; part += 1)
                partQueue.push({ parts: state, part });
            }
            for (const group of groupByStyles(made)) {
              const batchResults = await renderBatch(
                slot,
                group.map((entry) => entry.document),
              );
              for (const [k, entry] of group.entries()) {
                finish(entry.index, batchResults[k] as RenderResult);
              }
            }
          }
        } finally {
          await discardPage(slot);
        }
      };
      // Every page of the pool, even for one document: a long one is printed in parts.
      const workers = documents.length === 0 ? 0 : concurrency;
      await Promise.all(Array.from({ length: workers }, worker));
      return results;
    },

    async close() {
      closed = true;
      const browser = await current?.catch(() => undefined);
      current = undefined;
      const pid = browser?.process()?.pid;
      await browser?.close().catch(() => undefined);
      // The browser has exited (or failed to close): its group is killed and its profile folder removed.
      if (pid !== undefined) releaseBrowser(pid);
    },
  };
}

/** Runs of consecutive documents that share a stylesheet (print-batch.ts `batchKey`), in order. */
function groupByStyles<T extends { document: ReportDocument }>(entries: readonly T[]): T[][] {
  const groups: T[][] = [];
  let currentKey: string | undefined;
  for (const entry of entries) {
    const key = batchKey(entry.document);
    const last = groups.at(-1);
    if (last && key === currentKey) last.push(entry);
    else groups.push([entry]);
    currentKey = key;
  }
  return groups;
}

function documentError(
  name: string,
  error: unknown,
  crashed: boolean,
  timeoutMs: number,
): ReportError {
  if (error instanceof TimeoutSignal || (error instanceof Error && error.name === 'TimeoutError')) {
    return new ReportError(
      'RENDER_TIMEOUT',
      `Document "${name}": rendering took longer than ${timeoutMs} ms and was abandoned.`,
      { cause: error },
    );
  }
  if (crashed) {
    return new ReportError(
      'BROWSER_CRASHED',
      `Document "${name}": Chromium stopped twice while rendering it: ${messageOf(error)}`,
      { cause: error },
    );
  }
  return new ReportError(
    'RENDER_FAILED',
    `Document "${name}" could not be rendered: ${messageOf(error)}`,
    { cause: error },
  );
}
