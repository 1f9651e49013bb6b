/**
 * The record a report run leaves beside its outputs, `cmmc-manifest.json`: for every report, its path (relative to
 * the manifest's folder), its reuse key, the SHA-256 of the file written and its stamp (report-reuse.ts `fileStampOf`). The next run reads it to decide what it
 * can keep. It lives with the files, not in the database, because report commands never write the database, and
 * because a folder copied, moved or restored from backup carries its own record.
 */
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { writeOutputFile } from '@cmmc/export';
import type { PreviousReport } from './report-reuse.js';

export const MANIFEST_FILE = 'cmmc-manifest.json';
const MANIFEST_FORMAT = 'cmmc-report-manifest/1';

export interface ManifestEntry {
  /** Relative to the manifest's folder, `/`-separated. */
  path: string;
  key: string;
  sha256: string;
  /** `fileStampOf` of the file as this run left it: lets the next run keep it without reading it. */
  stamp?: string;
}

interface RunManifest {
  format: typeof MANIFEST_FORMAT;
  /** The as-of date of the run that last wrote the manifest. */
  asOf: string;
  reports: ManifestEntry[];
}

/**
 * The reports recorded in `dir`'s manifest, by reuse key, with absolute paths; null when there is no manifest or it
 * cannot be read or understood (then every report is rendered: a manifest is never guessed at). An entry whose path
 * would leave `dir` is ignored.
 */
export async function readRunManifest(dir: string): Promise<Map<string, PreviousReport> | null> {
  const manifest = await readManifestFile(dir);
  if (!manifest) return null;
  const root = resolve(dir);
  const byKey = new Map<string, PreviousReport>();
  for (const entry of manifest.reports) {
    const path = resolve(root, entry.path);
    if (isAbsolute(entry.path) || !path.startsWith(root + sep)) continue;
    byKey.set(entry.key, {
      path,
      sha256: entry.sha256,
      ...(entry.stamp !== undefined ? { stamp: entry.stamp } : {}),
    });
  }
  return byKey;
}

/**
 * Writes `dir`'s manifest (`outputRoot`: the folder the user named, `dir` or one above it, see `writeOutputFile`): this run's reports replace the entries at their paths, and the entries of `dropped`
 * paths (reports this run tried and failed) are removed; entries for other paths are kept, so `cmmc report
 * portfolio` and `cmmc report supplier` can share an output folder. Written like every output (`writeOutputFile`):
 * to a temporary file renamed into place, so a crash leaves the old manifest or the new one, never half of one.
 */
export async function writeRunManifest(
  dir: string,
  outputRoot: string,
  asOf: string,
  reports: readonly { outputPath: string; key: string; sha256: string; stamp?: string | null }[],
  dropped: readonly string[],
): Promise<void> {
  const root = resolve(dir);
  const toEntry = (path: string) => relative(root, path).split(sep).join('/');
  const replaced = new Set([...reports.map((r) => r.outputPath), ...dropped].map(toEntry));
  const earlier = (await readManifestFile(dir))?.reports ?? [];
  const manifest: RunManifest = {
    format: MANIFEST_FORMAT,
    asOf,
    reports: [
      ...earlier.filter((e) => !replaced.has(e.path)),
      ...reports.map((r) => ({
        path: toEntry(r.outputPath),
        key: r.key,
        sha256: r.sha256,
        ...(r.stamp ? { stamp: r.stamp } : {}),
      })),
    ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
  await writeOutputFile(join(root, MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`, {
    root: outputRoot,
  });
}

/**
 * The newest `YYYY-MM-DD` folder under a job's output folder that holds a readable manifest (today's folder
 * included, for a same-day re-run), or null. Older folders are only looked at when a newer one has no manifest,
 * e.g. a run that crashed before writing it.
 */
export async function findPreviousRun(jobOutDir: string): Promise<string | null> {
  const entries = await readdir(jobOutDir, { withFileTypes: true }).catch(() => []);
  const dated = entries
    .filter((e) => e.isDirectory() && /^\d{4}-\d{2}-\d{2}$/.test(e.name))
    .map((e) => e.name)
    .sort()
    .reverse();
  for (const name of dated) {
    const dir = join(jobOutDir, name);
    if (await readManifestFile(dir)) return dir;
  }
  return null;
}

async function readManifestFile(dir: string): Promise<RunManifest | null> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const manifest = raw as Partial<RunManifest>;
  if (manifest.format !== MANIFEST_FORMAT || !Array.isArray(manifest.reports)) return null;
  const isEntry = (e: unknown): e is ManifestEntry =>
    typeof e === 'object' &&
    e !== null &&
    typeof (e as ManifestEntry).path === 'string' &&
    /^[0-9a-f]{64}$/.test(String((e as ManifestEntry).key)) &&
    /^[0-9a-f]{64}$/.test(String((e as ManifestEntry).sha256)) &&
    ((e as ManifestEntry).stamp === undefined ||
      /^\d+(:\d+){4}$/.test(String((e as ManifestEntry).stamp)));
  if (!manifest.reports.every(isEntry)) return null;
  return { format: MANIFEST_FORMAT, asOf: String(manifest.asOf ?? ''), reports: manifest.reports };
}
