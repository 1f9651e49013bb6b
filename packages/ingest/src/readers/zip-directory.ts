/**
 * Reads a zip's central directory straight from the buffer, so a zip bomb or an ambiguous workbook is refused
 * before anything is inflated: jszip (inside exceljs) would inflate every entry first and compare sizes afterwards,
 * and would load one of two entries with the same name without a word. The entries found here are what the reader
 * worker inflates (worker/read-file.mjs), each stopped at its declared size whatever its local header claims.
 */

/** One file inside the zip, as the central directory declares it. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; anything else is refused by the worker. */
  method: number;
  /** General purpose flags; bit 0 is encryption. */
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the entry's local header. */
  localOffset: number;
  /** CRC-32 of the uncompressed content, from the central directory (data descriptors leave the local one 0). */
  crc32: number;
}

export interface ZipSummary {
  entries: ZipEntry[];
  /** Sum of the declared uncompressed sizes. */
  uncompressedBytes: number;
  names: string[];
}

export type ZipInspection =
  | { ok: true; summary: ZipSummary }
  | {
      ok: false;
      reason: 'NO_DIRECTORY' | 'ZIP64' | 'BAD_DIRECTORY' | 'DUPLICATE_PART';
      message: string;
    };

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;

/**
 * The part name as OPC compares them (ECMA-376 Part 2 §6.2.2.3: ASCII case-insensitive), with the leading `/`
 * exceljs strips and the `\` some zip tools write for `/`.
 */
export function partKey(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}

export function inspectZip(buffer: Buffer): ZipInspection {
  // The end-of-central-directory record is 22 bytes plus a comment of at most 65535 bytes.
  const earliest = Math.max(0, buffer.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buffer.length - 22; i >= earliest; i--) {
    if (buffer.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    return {
      ok: false,
      reason: 'NO_DIRECTORY',
      message:
        'the zip has no central directory (the file is truncated or damaged); ask the supplier to send it again',
    };
  }
  const count = buffer.readUInt16LE(eocd + 10);
  const directorySize = buffer.readUInt32LE(eocd + 12);
  const directoryOffset = buffer.readUInt32LE(eocd + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff || directorySize === 0xffffffff) {
    return {
      ok: false,
      reason: 'ZIP64',
      message: 'the zip uses ZIP64 sizes, which no spreadsheet under the size limit needs; refused',
    };
  }
  if (directoryOffset + directorySize > buffer.length) {
    return {
      ok: false,
      reason: 'BAD_DIRECTORY',
      message: 'the zip central directory points past the end of the file (truncated or damaged)',
    };
  }
  let offset = directoryOffset;
  let uncompressedBytes = 0;
  const entries: ZipEntry[] = [];
  const seen = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== CENTRAL_SIGNATURE) {
      return {
        ok: false,
        reason: 'BAD_DIRECTORY',
        message: `zip central directory entry ${i + 1} is damaged`,
      };
    }
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const uncompressedSize = buffer.readUInt32LE(offset + 24);
    const localOffset = buffer.readUInt32LE(offset + 42);
    if (
      uncompressedSize === 0xffffffff ||
      compressedSize === 0xffffffff ||
      localOffset === 0xffffffff
    ) {
      return {
        ok: false,
        reason: 'ZIP64',
        message: 'a zip entry declares a ZIP64 size (4 GB or more); refused',
      };
    }
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    const key = partKey(name);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      return {
        ok: false,
        reason: 'DUPLICATE_PART',
        message: `the zip holds two parts named "${earlier}" and "${name}" (part names must be unique, ignoring case: ECMA-376 Part 2, 6.2.2.3), so which one is the workbook is ambiguous; refused: open it in Excel and save it again`,
      };
    }
    seen.set(key, name);
    entries.push({
      name,
      method: buffer.readUInt16LE(offset + 10),
      flags: buffer.readUInt16LE(offset + 8),
      compressedSize,
      uncompressedSize,
      localOffset,
      crc32: buffer.readUInt32LE(offset + 16),
    });
    uncompressedBytes += uncompressedSize;
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return { ok: true, summary: { entries, uncompressedBytes, names: entries.map((e) => e.name) } };
}
