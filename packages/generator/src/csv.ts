/** CSV text and the two encodings suppliers send: UTF-8 (with or without BOM) and Windows-1252. */

/** One CSV line: fields quoted only when they hold the delimiter, a quote or a line break (RFC 4180). */
export function csvLine(fields: readonly (string | number | null)[], delimiter: string): string {
  return fields
    .map((field) => {
      const text = field === null ? '' : String(field);
      return text.includes(delimiter) || /["\r\n]/.test(text)
        ? `"${text.replaceAll('"', '""')}"`
        : text;
    })
    .join(delimiter);
}

// Windows-1252 differs from Latin-1 only in 0x80–0x9F, where it puts typographic characters.
const CP1252_HIGH: ReadonlyMap<string, number> = new Map([
  ['€', 0x80],
  ['‚', 0x82],
  ['ƒ', 0x83],
  ['„', 0x84],
  ['…', 0x85],
  ['†', 0x86],
  ['‡', 0x87],
  ['ˆ', 0x88],
  ['‰', 0x89],
  ['Š', 0x8a],
  ['‹', 0x8b],
  ['Œ', 0x8c],
  ['Ž', 0x8e],
  ['\u2018', 0x91],
  ['\u2019', 0x92],
  ['\u201c', 0x93],
  ['\u201d', 0x94],
  ['•', 0x95],
  ['–', 0x96],
  ['—', 0x97],
  ['˜', 0x98],
  ['™', 0x99],
  ['š', 0x9a],
  ['›', 0x9b],
  ['œ', 0x9c],
  ['ž', 0x9e],
  ['Ÿ', 0x9f],
]);

/** Encodes text as Windows-1252; a character it cannot hold becomes `?`, as Excel's "CSV (;)" export does. */
export function encodeWindows1252(text: string): Buffer {
  const bytes = Buffer.alloc(text.length);
  let n = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0x3f;
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes[n++] = code;
    else bytes[n++] = CP1252_HIGH.get(ch) ?? 0x3f;
  }
  return bytes.subarray(0, n);
}

/** UTF-8 bytes, with a byte-order mark when `bom`. */
export function encodeUtf8(text: string, bom: boolean): Buffer {
  return Buffer.from(bom ? `\ufeff${text}` : text, 'utf8');
}
