import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * A fresh clone must build and pass its tests with no folder beside it, so nothing in the repository may point at
 * the team's `shared/` folder that only our own machines have (packages/catalog/reference/ holds the copies).
 * `.ci/` may: the CI machine is ours, and `.ci/run` passes optional extras (NIST's OSCAL schema) in from there.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
/** This file, which must spell the references it looks for. */
const thisFile = relative(root, fileURLToPath(import.meta.url));
const outsideReference = /(?:\.\.[\\/])+shared\b|\bshared[\\/](?:reference|research)\b/;

/** Tracked files (git ls-files), or every file but dependencies and build output when this is not a checkout. */
function repositoryFiles(): string[] {
  try {
    const listed = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' });
    return listed.split('\0').filter((path) => path !== '');
  } catch {
    const skipped = new Set(['node_modules', 'dist', '.git', '.turbo']);
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        if (skipped.has(entry.name)) return [];
        const path = join(dir, entry.name);
        return entry.isDirectory() ? walk(path) : entry.isFile() ? [relative(root, path)] : [];
      });
    return walk(root);
  }
}

/** Paths of text files outside `.ci/` whose content points at ../shared or shared/{reference,research}. */
function filesPointingOutside(files: readonly string[]): string[] {
  return files.filter((path) => {
    if (path.startsWith('.ci/') || path === thisFile) return false;
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(root, path));
    } catch {
      return false; // listed by git but deleted in the work tree
    }
    if (bytes.includes(0)) return false; // binary: xlsx, pdf, duckdb
    return outsideReference.test(bytes.toString('utf8'));
  });
}

describe('the repository is self-contained', () => {
  it('lists the repository (this test reads the files it guards)', () => {
    const files = repositoryFiles();
    expect(files).toContain('package.json');
    expect(files).toContain('packages/catalog/package.json');
  });

  it('has no file outside .ci/ that refers to ../shared or shared/reference, shared/research', () => {
    expect(filesPointingOutside(repositoryFiles())).toEqual([]);
  });

  it('recognises a reference to the shared folder in every spelling the rule is about', () => {
    for (const text of [
      "new URL('../../../../shared/reference/x.csv', import.meta.url)",
      'see ../shared/research/stack.md',
      'as in shared/reference/README.md',
      String.raw`..\shared\reference`,
    ])
      expect(outsideReference.test(text), text).toBe(true);
    for (const text of ['shared by the templates', 'Shared Resource Control', 'sharedStrings'])
      expect(outsideReference.test(text), text).toBe(false);
  });
});
