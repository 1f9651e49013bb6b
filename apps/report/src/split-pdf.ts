/**
 * Splits the PDF of a printed batch (print-batch.ts) into one PDF per report with pdf-lib: the marker link on a
 * report's first page says where it begins, the markers are removed, and each report's pages get their footer's
 * "Page X of Y", which Chromium cannot count per report. Any doubt about the markers (missing, duplicated, out of
 * order) is an error: the caller then prints the reports one by one rather than risk a page in the wrong file.
 */
import {
  ParseSpeeds,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFString,
  rgb,
  StandardFonts,
} from 'pdf-lib';
import { MARKER_PREFIX, PAGE_MARGIN_MM } from './print-batch.js';
import type { ReportDocument } from './render-html.js';

const POINTS_PER_MM = 72 / 25.4;
/** Where the page number sits: the footer's left edge, on the baseline Chromium gives the footer's margin box text. */
const PAGE_NUMBER_X = PAGE_MARGIN_MM.left * POINTS_PER_MM;
export const PAGE_NUMBER_BASELINE = 20.25;
/** 8 CSS px, the footer's size. */
const PAGE_NUMBER_SIZE = 6;
/** #52606d, the footer's colour. */
const PAGE_NUMBER_COLOR = rgb(0x52 / 255, 0x60 / 255, 0x6d / 255);

export class BatchSplitError extends Error {
  override readonly name = 'BatchSplitError';
}

function textOf(value: unknown): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString
    ? value.decodeText()
    : undefined;
}

/** The index of the report a link annotation marks, or undefined for any other annotation. */
function markerIndex(annotation: PDFDict | undefined): number | undefined {
  const action = annotation?.lookupMaybe(PDFName.of('A'), PDFDict);
  const uri = textOf(action?.lookup(PDFName.of('URI')));
  if (!uri?.startsWith(MARKER_PREFIX)) return undefined;
  const index = Number(uri.slice(MARKER_PREFIX.length));
  return Number.isSafeInteger(index) ? index : undefined;
}

/**
 * Finds each report's first page from its marker and removes the markers. Throws BatchSplitError unless there are
 * exactly `count` markers, one per report, in order, the first on page 1.
 */
function reportStarts(source: PDFDocument, count: number): number[] {
  const starts: number[] = [];
  source.getPages().forEach((page, pageIndex) => {
    const annotations = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (!annotations) return;
    for (let i = annotations.size() - 1; i >= 0; i -= 1) {
      const index = markerIndex(annotations.lookupMaybe(i, PDFDict));
      if (index === undefined) continue;
      if (starts[index] !== undefined) {
        throw new BatchSplitError(`report ${index} is marked twice`);
      }
      starts[index] = pageIndex;
      annotations.remove(i);
    }
    if (annotations.size() === 0) page.node.delete(PDFName.of('Annots'));
  });
  if (starts.length !== count || starts[0] !== 0) {
    throw new BatchSplitError(`found ${starts.length} report starts for ${count} reports`);
  }
  for (let i = 1; i < count; i += 1) {
    const previous = starts[i - 1] as number;
    const current = starts[i];
    if (current === undefined || current <= previous) {
      throw new BatchSplitError(`report ${i} does not start after report ${i - 1}`);
    }
  }
  return starts;
}

/** The printed PDF, parsed for copying pages out of it; its producer and dates are kept as Chromium wrote them. */
function loadPrinted(printed: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(printed, { parseSpeed: ParseSpeeds.Fastest, updateMetadata: false });
}

interface PrintMetadata {
  producer: string | undefined;
  creator: string | undefined;
  created: Date | undefined;
  modified: Date | undefined;
}

/** Read once per print: a batch's reports all carry it. */
function metadataOf(source: PDFDocument): PrintMetadata {
  return {
    producer: source.getProducer(),
    creator: source.getCreator(),
    created: source.getCreationDate(),
    modified: source.getModificationDate(),
  };
}

/**
 * One report's PDF from page ranges of printed PDFs, in order: the pages copied, each stamped "Page X of Y" over the
 * whole report, the report's title set, and the print's producer and dates kept, as if Chromium had printed it alone.
 */
async function assembleReport(
  ranges: readonly { source: PDFDocument; first: number; end: number }[],
  document: ReportDocument,
  { producer, creator, created, modified }: PrintMetadata,
): Promise<Uint8Array> {
  const output = await PDFDocument.create({ updateMetadata: false });
  const pages = [];
  for (const { source, first, end } of ranges) {
    const indices = Array.from({ length: end - first }, (_, k) => first + k);
    pages.push(...(await output.copyPages(source, indices)));
  }
  const font = await output.embedFont(StandardFonts.Helvetica);
  pages.forEach((page, k) => {
    output.addPage(page);
    page.drawText(`Page ${k + 1} of ${pages.length}`, {
      x: PAGE_NUMBER_X,
      y: PAGE_NUMBER_BASELINE,
      size: PAGE_NUMBER_SIZE,
      font,
      color: PAGE_NUMBER_COLOR,
    });
  });
  output.setTitle(document.title);
  if (producer) output.setProducer(producer);
  if (creator) output.setCreator(creator);
  if (created) output.setCreationDate(created);
  if (modified) output.setModificationDate(modified);
  return output.save({ useObjectStreams: false, objectsPerTick: Infinity });
}

/** One PDF per document, in order, from the PDF Chromium printed of `combineForPrint(documents)`. */
export async function splitPrintedBatch(
  printed: Uint8Array,
  documents: readonly ReportDocument[],
): Promise<Uint8Array[]> {
  const source = await loadPrinted(printed);
  const pageCount = source.getPageCount();
  const starts = documents.length > 1 ? reportStarts(source, documents.length) : [0];
  const metadata = metadataOf(source);
  const results: Uint8Array[] = [];
  for (const [index, document] of documents.entries()) {
    const first = starts[index] as number;
    const end = starts[index + 1] ?? pageCount;
    results.push(await assembleReport([{ source, first, end }], document, metadata));
  }
  return results;
}

/**
 * One report's PDF from the PDFs Chromium printed of its parts (print-batch.ts `printParts`), each printed alone, in
 * order: the same pages as printing it whole, since every part starts a page that starts a new page anyway.
 */
export async function joinPrintedParts(
  printedParts: readonly Uint8Array[],
  document: ReportDocument,
): Promise<Uint8Array> {
  const ranges = [];
  for (const printed of printedParts) {
    const source = await loadPrinted(printed);
    ranges.push({ source, first: 0, end: source.getPageCount() });
  }
  const [first] = ranges;
  if (!first) throw new BatchSplitError('a report needs at least one printed part');
  return assembleReport(ranges, document, metadataOf(first.source));
}
