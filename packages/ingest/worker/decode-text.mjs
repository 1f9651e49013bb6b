/**
 * Turns CSV bytes into text the way suppliers' tools write them: UTF-8 with or without a BOM, UTF-16 with a BOM
 * (Excel's "Unicode Text"), and Windows-1252 from older Excel "CSV" saves, detected because it is not valid UTF-8.
 * Plain JavaScript in worker/ because the CSV worker (parse-csv.mjs) runs it, under vitest and from dist alike;
 * src/readers/decode-text.ts gives it its types.
 *
 * Bytes that are invalid in the encoding chosen are never turned into silent mojibake: they decode as U+FFFD and
 * `invalidAt` gives the index in `text` of the first one, so the reader can warn naming its line. A file that is
 * UTF-8 except for a few broken sequences stays UTF-8 (its é stay é); only a file with no valid multi-byte UTF-8
 * sequence at all is read as Windows-1252.
 */

// Bytes 0x80-0x9F of Windows-1252 (the rest is Latin-1). Written out because Node 20's TextDecoder('windows-1252')
// decodes these as C1 control characters (ISO-8859-1), which turns smart quotes and dashes into invisible junk.
// The five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to -1: invalid.
const CP1252_HIGH = [
  0x20ac, -1, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  -1, 0x17d, -1, -1, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161,
  0x203a, 0x153, -1, 0x17e, 0x178,
];

/** @param {Uint8Array} buffer */
export function decodeWindows1252(buffer) {
  const parts = [];
  let invalidAt = -1;
  let length = 0;
  for (let i = 0; i < buffer.length; i += 8192) {
    const chunk = buffer.subarray(i, i + 8192);
    const codes = new Array(chunk.length);
    for (let j = 0; j < chunk.length; j++) {
      const b = chunk[j];
      let code = b;
      if (b >= 0x80 && b <= 0x9f) code = CP1252_HIGH[b - 0x80];
      if (code === -1) {
        if (invalidAt < 0) invalidAt = length + j;
        code = 0xfffd;
      }
      codes[j] = code;
    }
    length += chunk.length;
    parts.push(String.fromCharCode.apply(null, codes));
  }
  return { text: parts.join(''), invalidAt };
}

/** UTF-16 without a BOM: mostly-ASCII text leaves every other byte zero. */
function guessUtf16(buffer) {
  const sample = Math.min(buffer.length, 2000) & ~1;
  if (sample < 8) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < sample; i++) {
    if (buffer[i] === 0) {
      if (i % 2 === 0) zeroEven++;
      else zeroOdd++;
    }
  }
  const half = sample / 2;
  if (zeroOdd > half * 0.4 && zeroEven < half * 0.05) return 'utf-16le';
  if (zeroEven > half * 0.4 && zeroOdd < half * 0.05) return 'utf-16be';
  return null;
}

/** True when the bytes hold at least one well-formed multi-byte UTF-8 sequence (é, –, emoji...). */
function hasUtf8Sequence(buffer) {
  for (let i = 0; i + 1 < buffer.length; i++) {
    const b = buffer[i];
    if (b < 0xc2 || b > 0xf4) continue;
    const need = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1;
    let ok = i + need < buffer.length;
    for (let k = 1; ok && k <= need; k++) ok = (buffer[i + k] & 0xc0) === 0x80;
    if (ok) return true;
  }
  return false;
}

/** Decodes strictly; when that fails, decodes with U+FFFD and finds the first replacement the bytes caused. */
function decodeChecked(encoding, bytes) {
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes), invalidAt: -1 };
  } catch {
    const text = new TextDecoder(encoding).decode(bytes);
    return { text, invalidAt: firstReplacement(encoding, bytes, text) };
  }
}

/**
 * The index in `text` of the first U+FFFD that stands for invalid bytes (a file may hold real U+FFFD characters):
 * the shortest prefix of the bytes that fails strict decoding ends in the first invalid sequence.
 */
function firstReplacement(encoding, bytes, text) {
  let lo = 0;
  let hi = bytes.length;
  // Largest prefix length that decodes strictly (ignoring a sequence cut at the end).
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  const prefix = new TextDecoder(encoding).decode(bytes.subarray(0, lo), { stream: true });
  const at = text.indexOf('\ufffd', prefix.length);
  return at < 0 ? text.indexOf('\ufffd') : at;
}

/**
 * @param {Uint8Array} buffer
 * @returns {{ text: string, encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252', invalidAt: number }}
 */
export function decodeText(buffer) {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    return { ...decodeChecked('utf-8', buffer.subarray(3)), encoding: 'utf-8' };
  }
  if (buffer[0] === 0xff && buffer[1] === 0xfe) {
    return { ...decodeChecked('utf-16le', buffer.subarray(2)), encoding: 'utf-16le' };
  }
  if (buffer[0] === 0xfe && buffer[1] === 0xff) {
    return { ...decodeChecked('utf-16be', buffer.subarray(2)), encoding: 'utf-16be' };
  }
  const bomless = guessUtf16(buffer);
  if (bomless) return { ...decodeChecked(bomless, buffer), encoding: bomless };
  const utf8 = decodeChecked('utf-8', buffer);
  if (utf8.invalidAt < 0 || hasUtf8Sequence(buffer)) return { ...utf8, encoding: 'utf-8' };
  return { ...decodeWindows1252(buffer), encoding: 'windows-1252' };
}
