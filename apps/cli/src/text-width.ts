/**
 * Text measured as a terminal shows it: by grapheme (a letter and its combining marks are one), East Asian wide
 * and fullwidth characters and emoji two columns, combining marks and zero-width characters none. Text is normalised
 * to NFC first, so a decomposed "é" (e + U+0301) and a composed one measure, cut and sort the same.
 */

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

// Unicode East Asian Width W and F (UAX #11), the ranges terminals draw two columns wide.
const WIDE_RANGES: readonly [number, number][] = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f3],
  [0x26f5, 0x26f5],
  [0x26fa, 0x26fa],
  [0x26fd, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x274e, 0x274e],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
  [0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, enclosed CJK
  [0x3400, 0x4dbf], // CJK unified ideographs extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6],
  [0x16fe0, 0x16fe4],
  [0x17000, 0x18cff], // Tangut
  [0x1b000, 0x1b2ff], // Kana supplement, Nushu
  [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf],
  [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a],
  [0x1f200, 0x1f2ff], // enclosed ideographic supplement
  [0x20000, 0x2fffd], // CJK extensions B-F
  [0x30000, 0x3fffd], // CJK extension G and later
];

function isWide(codePoint: number): boolean {
  let low = 0;
  let high = WIDE_RANGES.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [start, end] = WIDE_RANGES[middle] as [number, number];
    if (codePoint < start) high = middle - 1;
    else if (codePoint > end) low = middle + 1;
    else return true;
  }
  return false;
}

const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;
// combining marks (variation selectors among them) and format characters such as U+200B
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]+$/u;

/** The columns one grapheme takes: 0, 1 or 2. */
function graphemeWidth(grapheme: string): number {
  const first = grapheme.codePointAt(0) ?? 0;
  if (ZERO_WIDTH.test(grapheme)) return 0;
  if (isWide(first) || EMOJI_PRESENTATION.test(grapheme) || grapheme.includes('\ufe0f')) return 2;
  return 1;
}

/** The graphemes of `text` (NFC) with their widths. */
function graphemes(text: string): { text: string; width: number }[] {
  return Array.from(segmenter.segment(text.normalize('NFC')), ({ segment }) => ({
    text: segment,
    width: graphemeWidth(segment),
  }));
}

/** How many terminal columns `text` takes (no control characters expected: clean them first). */
export function displayWidth(text: string): number {
  // fast path: printable ASCII is one column a character
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  return graphemes(text).reduce((sum, g) => sum + g.width, 0);
}

/** `text` cut to at most `width` columns, ending in "…" when something was cut; never splits a grapheme. */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text.normalize('NFC');
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const g of graphemes(text)) {
    if (used + g.width > width - 1) break;
    out += g.text;
    used += g.width;
  }
  return `${out}…`;
}

/**
 * `text` wrapped into lines of at most `width` columns: at spaces where it can, inside a word longer than a line
 * otherwise. At most `maxLines` lines; the last one ends in "…" when text was left over.
 */
export function wrapToWidth(
  text: string,
  width: number,
  maxLines = Number.POSITIVE_INFINITY,
): string[] {
  const normalised = text.normalize('NFC');
  if (width <= 0) return [''];
  if (displayWidth(normalised) <= width) return [normalised];
  const lines: string[] = [];
  let line = '';
  let used = 0;
  const push = (): void => {
    lines.push(line.trimEnd());
    line = '';
    used = 0;
  };
  for (const word of normalised.split(/(?<= )/)) {
    const wordWidth = displayWidth(word.trimEnd());
    if (used > 0 && used + wordWidth > width) push();
    if (wordWidth > width) {
      // a word longer than the line: split it between graphemes
      for (const g of graphemes(word)) {
        if (used + g.width > width) push();
        line += g.text;
        used += g.width;
      }
      continue;
    }
    line += word;
    used += displayWidth(word);
  }
  if (line.trim() !== '') push();
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = `${kept[maxLines - 1] ?? ''} ${lines.slice(maxLines).join(' ')}`;
  kept[maxLines - 1] = truncateToWidth(last, width);
  return kept;
}

/** `text` padded with spaces to `width` columns, on the right (left-aligned) or on the left. */
export function padToWidth(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const padding = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? padding + text : text + padding;
}
