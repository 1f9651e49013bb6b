/**
 * exceljs zips a workbook with every entry stamped at the wall-clock time of writing, so the same export written a
 * few seconds apart differs in bytes. FedRAMP and our tests treat an export as a stable artefact (same inputs, same
 * bytes), so each entry's DOS date and time is set to the document's own date instead.
 */

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

/** DOS date/time fields (local time in the format, written here as the UTC calendar day, 00:00:00). */
function dosDateTime(iso: string): { time: number; date: number } {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  // DOS dates start in 1980; anything earlier is clamped there rather than wrapped.
  const dosYear = Math.max(0, year - 1980);
  return { time: 0, date: (dosYear << 9) | (month << 5) | day };
}

/**
 * Returns `zip` with every local and central directory entry's modification date set to `isoDay` (YYYY-MM-DD).
 * A buffer that is not a well-formed zip (no end-of-central-directory record, an entry whose signature is off) is
 * returned unchanged: stamping is cosmetic and must never corrupt an export.
 */
export function stampZipEntries(zip: Uint8Array, isoDay: string): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = -1;
  for (let i = zip.byteLength - 22; i >= Math.max(0, zip.byteLength - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === END_OF_CENTRAL_DIRECTORY) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return zip;
  const entries = view.getUint16(eocd + 10, true);
  let central = view.getUint32(eocd + 16, true);
  const out = new Uint8Array(zip);
  const outView = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const { time, date } = dosDateTime(isoDay);
  for (let n = 0; n < entries; n++) {
    if (central + 46 > zip.byteLength || view.getUint32(central, true) !== CENTRAL_HEADER)
      return zip;
    const local = view.getUint32(central + 42, true);
    if (local + 30 > zip.byteLength || view.getUint32(local, true) !== LOCAL_HEADER) return zip;
    outView.setUint16(central + 12, time, true);
    outView.setUint16(central + 14, date, true);
    outView.setUint16(local + 10, time, true);
    outView.setUint16(local + 12, date, true);
    const nameLength = view.getUint16(central + 28, true);
    const extraLength = view.getUint16(central + 30, true);
    const commentLength = view.getUint16(central + 32, true);
    central += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}
