/**
 * End-to-end PDF tests against the real Debian Chromium (`apt-get install chromium fonts-liberation
 * poppler-utils`). One renderer serves the file; the crash test launches its own. Text is read back with
 * poppler's pdftotext and pdfinfo.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ChromiumNotFoundError } from './errors.js';
import { PRINT_PART_BOUNDARY } from './print-batch.js';
import {
  createPortfolioDocument,
  createSupplierDocument,
  type DocumentRenderer,
  type RenderResult,
  type ReportDocument,
} from './render-html.js';
import { createPdfRenderer } from './render-pdf.js';
import { buildPortfolioModel, buildSupplierModel } from './test-models.js';

let directory: string;
let renderer: DocumentRenderer;
let server: Server;
let serverRequests: string[];
let serverUrl: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'cmmc-report-'));
  renderer = createPdfRenderer({ concurrency: 2, timeoutMs: 30_000 });
  serverRequests = [];
  server = createServer((request, response) => {
    serverRequests.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'image/png' }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await renderer?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(directory, { recursive: true, force: true });
});

function pdfBytes(result: RenderResult | undefined): Uint8Array {
  if (!result?.ok || !result.content) {
    throw new Error(`expected PDF bytes, got ${JSON.stringify(result)}`);
  }
  return result.content;
}

function pdfFile(result: RenderResult | undefined, name: string): string {
  const file = join(directory, name);
  writeFileSync(file, pdfBytes(result));
  return file;
}

/** pdftotext without -layout, whitespace collapsed, so phrases can be matched across line breaks. */
function pdfText(file: string): string {
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

function pdfInfo(file: string): { pages: number; pageSize: string } {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return {
    pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]),
    pageSize: /^Page size:\s+(.*)$/m.exec(info)?.[1] ?? '',
  };
}

function rawDocument(name: string, body: string): ReportDocument {
  return {
    name,
    html: `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`,
    title: 'Engine test',
    asOf: '2026-11-28',
    inputHash: 'deadbeef',
    rulesVersion: 'test',
  };
}

describe('reports', () => {
  test('portfolio and supplier PDFs carry the names, scores, statuses and deadlines', async () => {
    const hostile = '<script>alert(1)</script>';
    const [portfolio, supplier, scriptName] = await renderer.render([
      createPortfolioDocument(buildPortfolioModel()),
      createSupplierDocument(buildSupplierModel()),
      createSupplierDocument(
        buildSupplierModel({
          organizationName: hostile,
          poamItems: [
            {
              ...(buildSupplierModel().poamItems[0] as NonNullable<
                ReturnType<typeof buildSupplierModel>['poamItems'][number]
              >),
              weakness: `Fix later <img src="${serverUrl}/comment.png"> <!-- note -->`,
            },
          ],
        }),
      ),
    ]);

    const portfolioFile = pdfFile(portfolio, 'portfolio.pdf');
    const portfolioText = pdfText(portfolioFile);
    expect(pdfInfo(portfolioFile)).toEqual({ pages: 6, pageSize: '612 x 792 pts (letter)' });
    for (const expected of [
      'Supplier CMMC Portfolio Report',
      'Northwind Aerospace supply base',
      'Borealis Electronics',
      'Cobalt Fasteners Inc',
      '12 Dec 2026', // Cobalt's closeout deadline
      '57 days overdue', // Delta's expired status
      'No score',
      'Multifactor Authentication',
      '80 % of the 110 possible',
      'Page 1 of 6', // cover, at risk, statuses and scores, expiring, gaps, rules
      'Input a1b2c3d4e5f6 · Rules 2024-12-16',
      'As of 28 Nov 2026',
    ]) {
      expect(portfolioText).toContain(expected);
    }

    const supplierFile = pdfFile(supplier, 'supplier.pdf');
    const supplierText = pdfText(supplierFile);
    expect(pdfInfo(supplierFile).pages).toBe(2);
    for (const expected of [
      'Acme Precision Machining LLC',
      'CAGE 1ABC2',
      '107 / 110', // 110 − (1 + 1 + 1)
      'Self-reported: 110',
      'CONDITIONAL',
      '11 Jan 2027', // status date 15 Jul 2026 + 180 days
      'Session lock not enforced',
      'Page 2 of 2',
    ]) {
      expect(supplierText).toContain(expected);
    }

    // The hostile name is text, not markup; the injected <img> is text too, and fetched nothing.
    const scriptText = pdfText(pdfFile(scriptName, 'script.pdf'));
    expect(scriptText).toContain(hostile);
    expect(scriptText).toContain(`<img src="${serverUrl}/comment.png">`);
    expect(serverRequests).toEqual([]);
  }, 60_000);
});

describe('batches', () => {
  /** Reports of 1, 3 and 2 pages, each saying its name on every page. */
  const lengths = { short: 1, long: 3, middle: 2 } as const;
  const batchDocuments = () =>
    Object.entries(lengths).map(([name, pages]) =>
      rawDocument(
        name,
        Array.from(
          { length: pages },
          (_, page) =>
            `<p style="${page > 0 ? 'break-before: page' : ''}">${name} page ${page + 1}</p>`,
        ).join(''),
      ),
    );

  test('a batch is split into one PDF per report, numbered per report, as if printed alone', async () => {
    const alone = createPdfRenderer({ concurrency: 1, batchSize: 1 });
    const together = createPdfRenderer({ concurrency: 1, batchSize: 20 });
    try {
      const single = await alone.render(batchDocuments());
      const batched = await together.render(batchDocuments());
      for (const [i, [name, pages]] of Object.entries(lengths).entries()) {
        const singleFile = pdfFile(single[i], `${name}-alone.pdf`);
        const batchFile = pdfFile(batched[i], `${name}-batched.pdf`);
        expect(pdfInfo(batchFile)).toEqual(pdfInfo(singleFile));
        expect(pdfInfo(batchFile).pages).toBe(pages);
        const text = pdfText(batchFile);
        expect(text).toBe(pdfText(singleFile));
        expect(text).toContain(`Page ${pages} of ${pages}`);
        expect(text).toContain('Input deadbeef · Rules test');
        for (const other of Object.keys(lengths).filter((n) => n !== name)) {
          expect(text).not.toContain(other);
        }
        // The split markers are gone: no link annotation is left in the report.
        expect(Buffer.from(pdfBytes(batched[i])).includes('split.invalid')).toBe(false);
      }
    } finally {
      await alone.close();
      await together.close();
    }
  }, 60_000);

  // Six sections of 1, 2, 1, 3, 1 and 2 pages, each starting a page, with a part boundary before each but the first.
  const pagesPerSection = [1, 2, 1, 3, 1, 2];
  const partedDocument = () =>
    rawDocument(
      'parted',
      pagesPerSection
        .map((pages, section) =>
          Array.from(
            { length: pages },
            (_, page) =>
              `<p style="break-before: page">section ${section + 1} page ${page + 1} ${'words '.repeat(40)}</p>`,
          ).join(''),
        )
        .map((html) => `<section>${html}</section>`)
        .join(PRINT_PART_BOUNDARY),
    );
  /** Font subsets in a PDF: Chromium embeds its own in each part it prints, so a joined file has more. */
  const fontsIn = (file: string) =>
    execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').length - 2;

  test('a long report is printed in parts and joined: its text and pages do not depend on the pool', async () => {
    const document = partedDocument;
    const whole = createPdfRenderer({ concurrency: 1, partCharacters: Number.POSITIVE_INFINITY });
    const partsOnOnePage = createPdfRenderer({ concurrency: 1, partCharacters: 400 });
    const partsOnTwoPages = createPdfRenderer({ concurrency: 2, partCharacters: 400 });
    try {
      const files = [];
      for (const [name, engine] of Object.entries({ whole, partsOnOnePage, partsOnTwoPages })) {
        const [result] = await engine.render([document()]);
        files.push(pdfFile(result, `parted-${name}.pdf`));
      }
      const [wholeFile, ...partedFiles] = files as [string, ...string[]];
      const total = pagesPerSection.reduce((sum, pages) => sum + pages, 0);
      expect(pdfInfo(wholeFile).pages).toBe(total);
      const text = pdfText(wholeFile);
      expect(text).toContain(`Page ${total} of ${total}`);
      for (const file of partedFiles) {
        expect(pdfInfo(file)).toEqual(pdfInfo(wholeFile));
        expect(pdfText(file)).toBe(text);
      }
      // Really printed in parts: the joined file has a font subset per part.
      expect(fontsIn(partedFiles[0] as string)).toBeGreaterThan(fontsIn(wholeFile));
    } finally {
      await Promise.all([whole.close(), partsOnOnePage.close(), partsOnTwoPages.close()]);
    }
  }, 60_000);

  test('a long report with a part that fails is printed again whole', async () => {
    const whole = createPdfRenderer({ concurrency: 1, partCharacters: Number.POSITIVE_INFINITY });
    const launches: Array<number | undefined> = [];
    const fragile = createPdfRenderer({
      concurrency: 1,
      partCharacters: 400,
      onBrowserLaunch: ({ pid }) => {
        launches.push(pid);
        // The first browser dies before it prints anything: the first part fails, the others print in the next.
        if (launches.length === 1 && pid !== undefined) process.kill(pid, 'SIGKILL');
      },
    });
    try {
      const [expected] = await whole.render([partedDocument()]);
      const [result] = await fragile.render([partedDocument()]);
      expect(result?.ok).toBe(true);
      expect(launches).toHaveLength(2);
      const wholeFile = pdfFile(expected, 'parted-expected.pdf');
      const file = pdfFile(result, 'parted-after-failed-part.pdf');
      expect(pdfInfo(file)).toEqual(pdfInfo(wholeFile));
      expect(pdfText(file)).toBe(pdfText(wholeFile));
      // Printed whole, not joined from the parts that did print: one font subset, as the whole print has.
      expect(fontsIn(file)).toBe(fontsIn(wholeFile));
    } finally {
      await Promise.all([whole.close(), fragile.close()]);
    }
  }, 60_000);

  test('a report whose own link imitates a split marker is printed alone, not misfiled', async () => {
    const documents = batchDocuments();
    const [, long] = documents;
    if (!long) throw new Error('three documents expected');
    // A supplier-controlled link on page 2 of the middle report that claims the next report starts there.
    long.html = long.html.replace(
      '</body>',
      '<a href="https://split.invalid/2" style="display:block;break-before:page">x</a></body>',
    );
    const results = await renderer.render(documents);
    expect(results.map((result) => result.ok)).toEqual([true, true, true]);
    expect(pdfInfo(pdfFile(results[1], 'imitated-long.pdf')).pages).toBe(4);
    expect(pdfText(pdfFile(results[2], 'imitated-middle.pdf'))).not.toContain('long');
  }, 60_000);
});

describe('engine', () => {
  test('runs no script and fetches nothing, even from raw HTML', async () => {
    const [result] = await renderer.render([
      rawDocument(
        'raw',
        `<p>static text</p>
         <script>document.body.insertAdjacentText('beforeend', 'JS RAN IN PAGE')</script>
         <img src="${serverUrl}/x.png">
         <link rel="stylesheet" href="${serverUrl}/style.css">
         <div style="background-image:url('${serverUrl}/background.png');height:10px"></div>
         <iframe src="${serverUrl}/frame.html"></iframe>`,
      ),
    ]);
    const text = pdfText(pdfFile(result, 'raw.pdf'));
    expect(text).toContain('static text');
    expect(text).not.toContain('JS RAN IN PAGE');
    expect(serverRequests).toEqual([]);
  }, 30_000);

  test('A4 paper', async () => {
    const a4 = createPdfRenderer({ paper: 'a4', concurrency: 1 });
    try {
      const [result] = await a4.render([rawDocument('a4', '<p>A4</p>')]);
      expect(pdfInfo(pdfFile(result, 'a4.pdf')).pageSize).toMatch(
        /^595\.\d+ x 841\.\d+ pts \(A4\)$/,
      );
    } finally {
      await a4.close();
    }
  }, 30_000);

  test('a failed document is reported and the batch goes on', async () => {
    // A symbolic link planted at the output is refused (writeOutputFile), never written through.
    symlinkSync(join(directory, 'elsewhere.pdf'), join(directory, 'planted.pdf'));
    const results = await renderer.render([
      { ...rawDocument('unwritable', '<p>x</p>'), outputPath: join(directory, 'planted.pdf') },
      { ...rawDocument('fine', '<p>y</p>'), outputPath: join(directory, 'fine.pdf') },
    ]);
    expect(results[0]).toMatchObject({ name: 'unwritable', ok: false });
    expect(results[0]?.ok === false && results[0].error.code).toBe('RENDER_FAILED');
    expect(results[0]?.ok === false && results[0].error.message).toContain('could not be written');
    expect(results[0]?.ok === false && results[0].error.message).toContain('is a symbolic link');
    expect(existsSync(join(directory, 'elsewhere.pdf'))).toBe(false);
    expect(results[1]).toMatchObject({
      name: 'fine',
      ok: true,
      outputPath: join(directory, 'fine.pdf'),
    });
    expect(pdfText(join(directory, 'fine.pdf'))).toContain('y');
  }, 30_000);

  test('a killed browser is relaunched and the batch completes', async () => {
    const launches: Array<number | undefined> = [];
    let killed = false;
    const fragile = createPdfRenderer({
      concurrency: 1,
      // One document per print, so the kill lands between two documents' prints.
      batchSize: 1,
      onBrowserLaunch: ({ pid }) => launches.push(pid),
      onDocument: () => {
        const pid = launches[0];
        if (!killed && pid !== undefined) {
          killed = true;
          process.kill(pid, 'SIGKILL'); // what the OOM killer does; same as browser.process().kill()
        }
      },
    });
    try {
      const documents = ['one', 'two', 'three'].map((name) => rawDocument(name, `<p>${name}</p>`));
      const results = await fragile.render(documents);
      expect(results.map((result) => [result.name, result.ok])).toEqual([
        ['one', true],
        ['two', true],
        ['three', true],
      ]);
      // Usually the second document is in flight when Chromium dies and succeeds on attempt 2; if the
      // disconnect is seen first it starts on the new browser directly. Either way: one relaunch.
      expect(launches).toHaveLength(2);
      expect(results.every((result) => result.attempts <= 2)).toBe(true);
      expect(pdfText(pdfFile(results[2], 'three.pdf'))).toContain('three');
    } finally {
      await fragile.close();
    }
  }, 60_000);

  test('a batch whose browser dies is printed again document by document', async () => {
    const launches: Array<number | undefined> = [];
    const fragile = createPdfRenderer({
      concurrency: 1,
      onBrowserLaunch: ({ pid }) => {
        launches.push(pid);
        // The first browser dies before it prints anything: the batch's print fails as a whole.
        if (launches.length === 1 && pid !== undefined) process.kill(pid, 'SIGKILL');
      },
    });
    try {
      const names = ['one', 'two', 'three'];
      const results = await fragile.render(
        names.map((name) => rawDocument(name, `<p>${name}</p>`)),
      );
      expect(results.map((result) => [result.name, result.ok])).toEqual(
        names.map((name) => [name, true]),
      );
      expect(launches).toHaveLength(2);
      names.forEach((name, i) => {
        expect(pdfText(pdfFile(results[i], `${name}-after-kill.pdf`))).toContain(name);
      });
    } finally {
      await fragile.close();
    }
  }, 60_000);

  test('a document over its time limit fails with RENDER_TIMEOUT', async () => {
    const hasty = createPdfRenderer({ concurrency: 1, timeoutMs: 1 });
    try {
      const [result] = await hasty.render([rawDocument('slow', '<p>slow</p>')]);
      expect(result?.ok === false && result.error.code).toBe('RENDER_TIMEOUT');
      expect(result?.ok === false && result.error.message).toBe(
        'Document "slow": rendering took longer than 1 ms and was abandoned.',
      );
    } finally {
      await hasty.close();
    }
  }, 30_000);

  test('a missing Chromium is a clear error naming the apt packages', () => {
    expect(() => createPdfRenderer({ executablePath: '/nonexistent/chromium' })).toThrowError(
      ChromiumNotFoundError,
    );
    expect(() => createPdfRenderer({ executablePath: '/nonexistent/chromium' })).toThrowError(
      /apt-get install -y chromium fonts-liberation/,
    );
  });
});
