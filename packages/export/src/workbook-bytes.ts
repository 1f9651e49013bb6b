/**
 * exceljs zips a workbook with the wall-clock time on every entry (JSZip's default), so two exports of the same data a
 * second apart differ in bytes. Our exports carry no wall clock: the entries' DOS timestamps are set to the as-of day
 * (midnight), as the workbook's created and modified properties already are, so the same data and as-of day give the
 * same bytes. Only the timestamps change; the CRCs cover the data alone.
 */
import type ExcelJS from 'exceljs';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;

/** The xlsx bytes of `workbook`, every zip entry stamped `asOf` (`YYYY-MM-DD`) 00:00. */
export async function workbookBytes(workbook: ExcelJS.Workbook, asOf: string): Promise<Uint8Array> {
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  const [year, month, day] = asOf.split('-').map(Number);
  const dosDate = (((year ?? 1980) - 1980) << 9) | ((month ?? 1) << 5) | (day ?? 1);
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== END_OF_CENTRAL_DIRECTORY) end -= 1;
  if (end < 0) return buffer;
  const entries = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  for (let i = 0; i < entries && buffer.readUInt32LE(offset) === CENTRAL_DIRECTORY_ENTRY; i += 1) {
    buffer.writeUInt16LE(0, offset + 12);
    buffer.writeUInt16LE(dosDate, offset + 14);
    const local = buffer.readUInt32LE(offset + 42);
    buffer.writeUInt16LE(0, local + 10);
    buffer.writeUInt16LE(dosDate, local + 12);
    offset +=
      46 +
      buffer.readUInt16LE(offset + 28) +
      buffer.readUInt16LE(offset + 30) +
      buffer.readUInt16LE(offset + 32);
  }
  return buffer;
}
