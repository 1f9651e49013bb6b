import { describe, expect, test } from 'vitest';
import {
  batchKey,
  combineForPrint,
  cssString,
  MARKER_PREFIX,
  PRINT_PART_BOUNDARY,
  printParts,
} from './print-batch.js';
import type { ReportDocument } from './render-html.js';

function documentWith(title: string, head: string, body: string): ReportDocument {
  return {
    name: title,
    html: `<!DOCTYPE html><html><head>${head}<title>${title}</title></head><body>${body}</body></html>`,
    title,
    asOf: '2026-11-28',
    inputHash: 'abc123',
    rulesVersion: 'r1',
  };
}

describe('cssString', () => {
  test('escapes everything that could end the string or the style sheet', () => {
    const hostile = 'A"B\\C</style><script>x</script>\n';
    const css = cssString(hostile);
    expect(css.startsWith('"') && css.endsWith('"')).toBe(true);
    expect(css.slice(1, -1)).not.toMatch(/["<>\n]|\\(?![0-9a-f]+ )/);
    expect(css).toContain('\\22 '); // "
    expect(css).toContain('\\3c '); // <
  });

  test('letters, digits and spaces stay as they are; other characters become code points', () => {
    expect(cssString('Acme 42')).toBe('"Acme 42"');
    expect(cssString('Müller·')).toBe('"M\\fc ller\\b7 "');
    expect(cssString('𝔸')).toBe('"\\1d538 "');
  });
});

describe('combineForPrint', () => {
  const head = '<meta charset="utf-8"><style>p { color: red }</style>';

  test('each report gets its own named page with its header and footer, and a marker from the second on', () => {
    const html = combineForPrint([
      documentWith('One', head, '<p>first</p>'),
      documentWith('Two', head, '<p>second</p>'),
    ]);
    expect(html.match(/<style>p \{ color: red \}<\/style>/g)).toHaveLength(1);
    expect(html).toContain('@page r0 {');
    expect(html).toContain('@page r1 {');
    expect(html).toContain('@top-left { content: "One";');
    expect(html).toContain('@bottom-right { content: "Input abc123 \\b7  Rules r1";');
    expect(html).toContain('@top-right { content: "As of 28 Nov 2026";');
    expect(html).toContain(
      `<div class="cmmc-report" style="page: r0"><a class="cmmc-report-start" href="${MARKER_PREFIX}0"></a><p>first</p></div>`,
    );
    expect(html).toContain(`href="${MARKER_PREFIX}1"></a><p>second</p></div>`);
  });

  test('a report printed alone has no marker', () => {
    const html = combineForPrint([documentWith('One', head, '<p>first</p>')]);
    expect(html).not.toContain(MARKER_PREFIX);
    expect(html).toContain('<div class="cmmc-report" style="page: r0"><p>first</p></div>');
  });

  test('HTML without a body element is printed as the body', () => {
    const bare = { ...documentWith('Bare', '', ''), html: '<p>bare</p>' };
    expect(combineForPrint([bare])).toContain('style="page: r0"><p>bare</p></div>');
  });
});

describe('batchKey', () => {
  test('reports that differ only in title share a key; another stylesheet does not', () => {
    const a = documentWith('A', '<style>x</style>', 'a');
    const b = documentWith('B', '<style>x</style>', 'b');
    const c = documentWith('A', '<style>y</style>', 'a');
    expect(batchKey(a)).toBe(batchKey(b));
    expect(batchKey(a)).not.toBe(batchKey(c));
  });
});

describe('printParts', () => {
  const head = '<meta charset="utf-8"><style>p { color: red }</style>';
  const section = (name: string, length: number) =>
    `<section class="page"><p>${name}${'x'.repeat(length)}</p></section>`;

  test('a document without boundaries, or asked for one part, is printed whole', () => {
    const plain = documentWith('Plain', head, section('a', 100) + section('b', 100));
    expect(printParts(plain, 4)).toEqual([plain]);
    const marked = documentWith(
      'Marked',
      head,
      [section('a', 10), section('b', 10)].join(PRINT_PART_BOUNDARY),
    );
    expect(printParts(marked, 1)).toEqual([marked]);
  });

  test('cuts only at boundaries, into parts of about equal length that keep the head and fields', () => {
    const lengths = [50, 400, 400, 400, 400, 400, 400, 50];
    const sections = lengths.map((length, i) => section(`s${i}`, length));
    const document = documentWith('Long', head, sections.join(PRINT_PART_BOUNDARY));
    const parts = printParts(document, 3);
    expect(parts).toHaveLength(3);
    const bodies = parts.map((part) => {
      const body = /<body>([\s\S]*)<\/body>/.exec(part.html)?.[1] ?? '';
      expect(
        part.html.startsWith(`<!DOCTYPE html><html><head>${head}<title>Long</title></head><body>`),
      ).toBe(true);
      expect(part).toMatchObject({
        title: 'Long',
        asOf: '2026-11-28',
        inputHash: 'abc123',
        rulesVersion: 'r1',
      });
      return body;
    });
    // Every section in one part, in order; nothing lost, nothing cut inside a section.
    expect(bodies.join('')).toBe(sections.join(''));
    expect(bodies.map((body) => body.match(/<section/g)?.length)).toEqual([3, 2, 3]);
    expect(parts.map((part) => part.name)).toEqual([
      'Long (part 1 of 3)',
      'Long (part 2 of 3)',
      'Long (part 3 of 3)',
    ]);
  });
});
