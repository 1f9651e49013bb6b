/**
 * A fingerprint of everything in this package that turns a view model into a document: the templates, partials and
 * layouts, and the package's own code (view-model shaping, charts, formatting, the PDF header and footer). A report
 * kept from an earlier run (`cmmc schedule`) is only kept while this fingerprint is the same, so any edit to a
 * template or to the renderer, even one that looks cosmetic, renders every report again once. Deliberately coarse:
 * a version number someone must remember to bump would let a changed template reuse stale PDFs.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const TEMPLATE_DIR = fileURLToPath(new URL('../templates/', import.meta.url));
/** The folder this module runs from: `dist/` under node, `src/` under vitest. */
const CODE_DIR = fileURLToPath(new URL('./', import.meta.url));
const CODE_EXTENSION = extname(fileURLToPath(import.meta.url));

let cached: Promise<string> | undefined;

/**
 * SHA-256 (hex) over the relative path and bytes of every template file and every code file of the running build
 * (`*.js` in `dist/`, `*.ts` in `src/`), in path order. Read once per process.
 */
export function rendererFingerprint(): Promise<string> {
  cached ??= computeFingerprint();
  return cached;
}

async function computeFingerprint(): Promise<string> {
  const files = [
    ...(await listFiles(TEMPLATE_DIR)),
    ...(await listFiles(CODE_DIR)).filter(
      (file) => file.endsWith(CODE_EXTENSION) && !file.endsWith(`.d${CODE_EXTENSION}`),
    ),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${relative(join(TEMPLATE_DIR, '..'), file)}\n`);
    hash.update(await readFile(file));
    hash.update('\n');
  }
  return hash.digest('hex');
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}
