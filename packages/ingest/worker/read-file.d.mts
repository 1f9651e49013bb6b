import type { RawSheet } from '../src/readers/workbook-pool.js';
import type { ZipEntry } from '../src/readers/zip-directory.js';

/** exceljs's Workbook class and the xforms the loaders use, each loaded on first use (opaque here). */
export interface Excel {
  readonly Workbook: unknown;
}
export interface Part {
  name: string;
  content: Buffer;
}
export interface ReadLimits {
  maxCells: number;
}
export function inflateEntries(bytes: Buffer, entries: readonly ZipEntry[]): Part[];
export function partsByName(parts: readonly Part[]): Map<string, Buffer>;
export function loadExcel(): Excel;
export function readParts(
  excel: Excel,
  parts: readonly Part[],
  limits: ReadLimits,
  onDeferral?: (reason: string) => void,
): Promise<RawSheet[]>;
export function readPartsWithExceljs(
  excel: Excel,
  byName: Map<string, Buffer>,
  limits: ReadLimits,
): Promise<RawSheet[]>;
