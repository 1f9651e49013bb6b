/**
 * Many reports printed as one Chromium document. Printing costs Chromium a fixed ~45 ms per document whatever its
 * length (print layout, font subsetting, PDF serialisation), against ~15 ms per scorecard of actual pages, so a batch
 * of scorecards is printed in one `page.pdf()` and split afterwards (split-pdf.ts).
 *
 * Each report keeps its own page header and footer through a CSS named page per report (`page: r<i>`) whose margin
 * boxes carry its title, date, input hash and rules version; Chromium cannot number pages per named page, so the
 * splitter stamps "Page X of Y" once it knows each report's pages. Each report starts on a new page with, in its top
 * left corner, a 1 px link to `https://split.invalid/<i>`: the link annotation on a page says which report begins
 * there, and the splitter removes it. A report printed alone goes through the same path (a batch of one), so the
 * bytes of a scorecard do not depend on the batch it happened to be printed in.
 */
import { formatDate } from './format.js';
import type { ReportDocument } from './render-html.js';

/** The page margins of every report (given to `page.pdf()`); the header sits in the top one, the footer in the bottom one. */
export const PAGE_MARGIN_MM = { top: 18, right: 14, bottom: 16, left: 14 } as const;

/** The host of the marker links; `.invalid` is reserved (RFC 2606) and the page's network is blocked anyway. */
export const MARKER_PREFIX = 'https://split.invalid/';

const BOX_STYLE =
  "font-family: 'Liberation Sans', Arial, sans-serif; font-size: 8px; color: #52606d;";

/** The parts of a report's HTML page: all of it before `<body>` (styles, title) and the body's content. */
interface PageParts {
  head: string;
  body: string;
}

function splitPage(html: string): PageParts {
  const open = /<body\b[^>]*>/i.exec(html);
  const close = html.toLowerCase().lastIndexOf('</body>');
  // HTML without a body element is all body: the browser places whatever it holds.
  if (!open) return { head: '', body: html };
  const bodyStart = open.index + open[0].length;
  return {
    head: html.slice(0, open.index),
    body: html.slice(bodyStart, close >= bodyStart ? close : html.length),
  };
}

/**
 * The head without its `<title>`: reports whose heads are equal apart from the title share one stylesheet and can be
 * printed together. The body element's own attributes are not kept.
 */
export function batchKey(document: ReportDocument): string {
  return splitPage(document.html).head.replace(/<title>[^<]*<\/title>/, '');
}

/**
 * A CSS string literal of any text: every character but letters, digits and spaces as a hexadecimal escape, so
 * nothing a supplier wrote (quotes, backslashes, `</style>`, line breaks) can end the string or the style sheet.
 */
export function cssString(text: string): string {
  let out = '"';
  for (const char of text) {
    out += /[A-Za-z0-9 ]/.test(char) ? char : `\\${(char.codePointAt(0) ?? 0xfffd).toString(16)} `;
  }
  return `${out}"`;
}

function marginBoxes(document: ReportDocument, index: number): string {
  return (
    `@page r${index} {` +
    ` @top-left { content: ${cssString(document.title)}; ${BOX_STYLE} }` +
    ` @top-right { content: ${cssString(`As of ${formatDate(document.asOf)}`)}; ${BOX_STYLE} }` +
    ` @bottom-right { content: ${cssString(`Input ${document.inputHash} · Rules ${document.rulesVersion}`)}; ${BOX_STYLE} }` +
    ' }'
  );
}

/**
 * One HTML page printing every document in order, each from a new page under its own header and footer. The
 * documents must share a `batchKey` (the caller groups them); the first document's head is used.
 */
export function combineForPrint(documents: readonly ReportDocument[]): string {
  const first = documents[0];
  if (!first) throw new Error('combineForPrint needs at least one document');
  const firstParts = splitPage(first.html);
  const rules = [
    '.cmmc-report { position: relative; }',
    '.cmmc-report + .cmmc-report { break-before: page; }',
    '.cmmc-report-start { position: absolute; top: 0; left: 0; width: 1px; height: 1px; }',
    ...documents.map((document, index) => marginBoxes(document, index)),
  ];
  const head = firstParts.head.replace(/<\/head>\s*$/i, '');
  const bodies = documents.map((document, index) => {
    const parts = index === 0 ? firstParts : splitPage(document.html);
    const marker =
      documents.length > 1
        ? `<a class="cmmc-report-start" href="${MARKER_PREFIX}${index}"></a>`
        : '';
    return `<div class="cmmc-report" style="page: r${index}">${marker}${parts.body}</div>`;
  });
  return `${head}<style>\n${rules.join('\n')}\n</style>\n</head>\n<body>${bodies.join('')}</body>\n</html>`;
}

/**
 * Written by a template between two top-level sections where the second starts a new page anyway
 * (`break-before: page`). A long report may be printed in parts cut there, each part on its own page of the pool, and
 * joined (split-pdf.ts `joinPrintedParts`): the pages are those of one print, in a fraction of the time on two cores.
 * Template data is escaped, so no supplier text can write this comment.
 */
export const PRINT_PART_BOUNDARY = '<!--cmmc-print-part-->';

/**
 * The document cut at its part boundaries into at most `count` parts of about equal length (the print's cost grows
 * with the HTML's length), each a complete page with the document's head and fields; one part when it has no
 * boundary or `count` is 1.
 */
export function printParts(document: ReportDocument, count: number): ReportDocument[] {
  const { head, body } = splitPage(document.html);
  const pieces = body.split(PRINT_PART_BOUNDARY);
  if (count <= 1 || pieces.length === 1) return [document];
  const target = body.length / count;
  const parts: string[] = [];
  let closed = 0;
  let current = '';
  for (const piece of pieces) {
    // A part ends before the piece whose middle would lie past the part's share of the length.
    const share = target * (parts.length + 1);
    if (
      current !== '' &&
      parts.length < count - 1 &&
      closed + current.length + piece.length / 2 > share
    ) {
      parts.push(current);
      closed += current.length;
      current = '';
    }
    current += piece;
  }
  parts.push(current);
  return parts.map((part, index) => ({
    ...document,
    name: `${document.name} (part ${index + 1} of ${parts.length})`,
    html: `${head}<body>${part}</body>\n</html>`,
  }));
}
