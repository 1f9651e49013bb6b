import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../errors.js';
import { ingestPaths } from '../ingest-paths.js';
import { removeDir, testDir, withFiles } from '../test-utils.js';
import { readSourceFile } from './read-source.js';

const limits = { maxFileBytes: 1_000_000 };

async function messageOf(path: string): Promise<string> {
  const error = await readSourceFile(path, 'x', limits).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(IngestError);
  return (error as IngestError).message;
}

describe('readSourceFile on links', () => {
  it('names a link loop, a dangling link and a link to a folder, and follows a link to a file', async () => {
    const dir = await testDir({ 'real.csv': 'a,b\n' });
    try {
      await symlink('loop.csv', join(dir, 'loop.csv'));
      await symlink('does-not-exist.csv', join(dir, 'dangling.csv'));
      await symlink('.', join(dir, 'self'));
      await symlink('real.csv', join(dir, 'link.csv'));
      expect(await messageOf(join(dir, 'loop.csv'))).toMatch(
        /^x: too many levels of symbolic links \(ELOOP\)/,
      );
      expect(await messageOf(join(dir, 'dangling.csv'))).toMatch(
        /^x: is a link whose target does not exist/,
      );
      expect(await messageOf(join(dir, 'self'))).toMatch(
        /^x: is a link to a folder, which is not followed/,
      );
      expect((await readSourceFile(join(dir, 'link.csv'), 'x', limits)).size).toBe(4);
    } finally {
      await removeDir(dir);
    }
  });

  it('fails a file whose name is not UTF-8 with the name escaped, and loads the rest', async () => {
    const csv = 'Company,Named Co\nAssessment Date,2026-06-01\nRequirement,Status\n3.1.1,Met\n';
    await withFiles({ 'good.csv': csv }, async (store, dir) => {
      await writeFile(
        Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9, 0xff]), Buffer.from('.csv')]),
        csv,
      );
      const report = await ingestPaths(store, [dir]);
      const odd = report.files.find((f) => f.path.includes('caf'));
      expect(odd?.path).toBe(join(dir, 'caf\\xe9\\xff.csv'));
      expect(odd?.status).toBe('failed');
      expect(odd?.error).toContain('the file name is not valid UTF-8');
      expect(report.files.find((f) => f.path.endsWith('good.csv'))?.status).toBe('loaded');
    });
  });
});
