/**
 * Reads a zip's central directory straight from the buffer, so a zip bomb is refused before anything is inflated:
 * jszip (inside exceljs) would inflate every entry first and compare sizes afterwards.
 */

export interface ZipSummary {
  entries: number;
  /** Sum of the declared uncompressed sizes. */
  uncompressedBytes: number;
  names: string[];
}

export type ZipInspection =
  | { ok: true; summary: ZipSummary }
  | { ok: false; reason: 'NO_DIRECTORY' | 'ZIP64' | 'BAD_DIRECTORY'; message: string };

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;

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
  const entries = buffer.readUInt16LE(eocd + 10);
  const directorySize = buffer.readUInt32LE(eocd + 12);
  const directoryOffset = buffer.readUInt32LE(eocd + 16);
  if (entries === 0xffff || directoryOffset === 0xffffffff || directorySize === 0xffffffff) {
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
  const names: string[] = [];
  for (let i = 0; i < entries; i++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== CENTRAL_SIGNATURE) {
      return {
        ok: false,
        reason: 'BAD_DIRECTORY',
        message: `zip central directory entry ${i + 1} is damaged`,
      };
    }
    const uncompressed = buffer.readUInt32LE(offset + 24);
    if (uncompressed === 0xffffffff) {
      return {
        ok: false,
        reason: 'ZIP64',
        message: 'a zip entry declares a ZIP64 size (4 GB or more); refused',
      };
    }
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    names.push(buffer.toString('utf8', offset + 46, offset + 46 + nameLength));
    uncompressedBytes += uncompressed;
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return { ok: true, summary: { entries, uncompressedBytes, names } };
}
