/**
 * Turns CSV bytes into text the way suppliers' tools write them: UTF-8 with or without a BOM, UTF-16 with a BOM
 * (Excel's "Unicode Text"), and Windows-1252 from older Excel "CSV" saves, detected because it is not valid UTF-8.
 */

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
}

export function decodeText(buffer: Uint8Array): DecodedText {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(buffer.subarray(3)), encoding: 'utf-8' };
  }
  if (buffer[0] === 0xff && buffer[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(buffer.subarray(2)), encoding: 'utf-16le' };
  }
  if (buffer[0] === 0xfe && buffer[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(buffer.subarray(2)), encoding: 'utf-16be' };
  }
  const bomless = guessUtf16(buffer);
  if (bomless) return { text: new TextDecoder(bomless).decode(buffer), encoding: bomless };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(buffer), encoding: 'windows-1252' };
  }
}

// Bytes 0x80-0x9F of Windows-1252 (the rest is Latin-1). Written out because Node 20's TextDecoder('windows-1252')
// decodes these as C1 control characters (ISO-8859-1), which turns smart quotes and dashes into invisible junk.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

export function decodeWindows1252(buffer: Uint8Array): string {
  let out = '';
  for (let i = 0; i < buffer.length; i += 8192) {
    const chunk = buffer.subarray(i, i + 8192);
    out += String.fromCharCode(
      ...Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] ?? b) : b)),
    );
  }
  return out;
}

/** UTF-16 without a BOM: mostly-ASCII text leaves every other byte zero. */
function guessUtf16(buffer: Uint8Array): 'utf-16le' | 'utf-16be' | null {
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
