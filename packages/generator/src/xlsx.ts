/**
 * exceljs workbooks with nothing that changes from run to run: fixed document properties, and the zip entries'
 * DOS timestamps (which JSZip takes from the wall clock) overwritten, so one seed gives byte-identical files.
 */
import ExcelJS from 'exceljs';

const AUTHOR = 'cmmc-portfolio synthetic data';

/** A workbook whose properties depend only on `asOf`. */
export function createWorkbook(asOf: string): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const at = new Date(`${asOf}T00:00:00Z`);
  workbook.creator = AUTHOR;
  workbook.lastModifiedBy = AUTHOR;
  workbook.created = at;
  workbook.modified = at;
  return workbook;
}

/** A calendar date as exceljs stores it: UTC midnight, so the serial is the same in every time zone. */
export function excelDate(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}

export const DATE_FORMAT = 'yyyy-mm-dd';

/** The xlsx bytes, with every zip timestamp set to 1980-01-01 00:00. */
export async function workbookBytes(workbook: ExcelJS.Workbook): Promise<Buffer> {
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  clearZipTimestamps(buffer);
  return buffer;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;

/** Overwrites the modification time and date of every entry, in the central directory and the local headers. */
export function clearZipTimestamps(zip: Buffer): void {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file: no end of central directory record');
  const entries = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(offset) !== CENTRAL_SIGNATURE)
      throw new Error('corrupt central directory');
    zip.writeUInt16LE(0, offset + 12);
    zip.writeUInt16LE(DOS_DATE_1980_01_01, offset + 14);
    const local = zip.readUInt32LE(offset + 42);
    if (zip.readUInt32LE(local) !== LOCAL_SIGNATURE) throw new Error('corrupt local file header');
    zip.writeUInt16LE(0, local + 10);
    zip.writeUInt16LE(DOS_DATE_1980_01_01, local + 12);
    offset +=
      46 +
      zip.readUInt16LE(offset + 28) +
      zip.readUInt16LE(offset + 30) +
      zip.readUInt16LE(offset + 32);
  }
}
