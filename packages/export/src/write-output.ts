import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ExportError } from './errors.js';

/** Writes `data` to `path`, creating its folder; any failure becomes a WRITE_FAILED ExportError naming the file. */
export async function writeOutput(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data);
  } catch (cause) {
    throw new ExportError('WRITE_FAILED', `cannot write ${path}: ${(cause as Error).message}`, {
      cause,
    });
  }
}

/** What an export wrote: the files (absolute or as given) and how many records went into them. */
export interface ExportResult {
  files: string[];
  records: number;
  /** Suppliers that got no file because they had nothing to export (one file per supplier exports only). */
  skipped?: string[];
}
