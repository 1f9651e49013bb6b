import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  findPreviousRun,
  MANIFEST_FILE,
  readRunManifest,
  writeRunManifest,
} from './run-manifest.js';

const root = mkdtempSync(join(tmpdir(), 'cmmc-manifest-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
function folder(): string {
  folders += 1;
  const dir = join(root, `case-${folders}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const key = (c: string) => c.repeat(64);

describe('run manifest', () => {
  it('records each report by key with its path relative to the folder, and reads it back', async () => {
    const dir = folder();
    await writeRunManifest(
      dir,
      dir,
      '2026-11-30',
      [{ outputPath: join(dir, 'suppliers', 'acme.pdf'), key: key('1'), sha256: key('a') }],
      [],
    );
    const written = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8'));
    expect(written.reports).toEqual([
      { path: 'suppliers/acme.pdf', key: key('1'), sha256: key('a') },
    ]);
    expect(await readRunManifest(dir)).toEqual(
      new Map([[key('1'), { path: join(dir, 'suppliers', 'acme.pdf'), sha256: key('a') }]]),
    );
  });

  it('keeps other commands’ entries in a shared folder and drops the reports that failed', async () => {
    const dir = folder();
    await writeRunManifest(
      dir,
      dir,
      '2026-11-30',
      [
        { outputPath: join(dir, 'portfolio.pdf'), key: key('1'), sha256: key('a') },
        { outputPath: join(dir, 'acme.pdf'), key: key('2'), sha256: key('b') },
      ],
      [],
    );
    await writeRunManifest(
      dir,
      dir,
      '2026-11-30',
      [{ outputPath: join(dir, 'globex.pdf'), key: key('3'), sha256: key('c') }],
      [join(dir, 'acme.pdf')],
    );
    expect([...((await readRunManifest(dir)) ?? new Map()).keys()].sort()).toEqual([
      key('1'),
      key('3'),
    ]);
  });

  it('is no manifest at all when missing, not JSON, of another format or with a bad entry', async () => {
    const dir = folder();
    expect(await readRunManifest(dir)).toBeNull();
    writeFileSync(join(dir, MANIFEST_FILE), '{"format": "cmmc-report-manifest/1", "reports": [');
    expect(await readRunManifest(dir)).toBeNull();
    writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify({ format: 'other', reports: [] }));
    expect(await readRunManifest(dir)).toBeNull();
    writeFileSync(
      join(dir, MANIFEST_FILE),
      JSON.stringify({
        format: 'cmmc-report-manifest/1',
        reports: [{ path: 'a.pdf', key: 'short', sha256: key('a') }],
      }),
    );
    expect(await readRunManifest(dir)).toBeNull();
  });

  it('ignores an entry whose path leaves the folder', async () => {
    const dir = folder();
    writeFileSync(
      join(dir, MANIFEST_FILE),
      JSON.stringify({
        format: 'cmmc-report-manifest/1',
        reports: [
          { path: '../elsewhere/secret.pdf', key: key('1'), sha256: key('a') },
          { path: '/etc/passwd', key: key('2'), sha256: key('a') },
          { path: 'ok.pdf', key: key('3'), sha256: key('a') },
        ],
      }),
    );
    expect([...((await readRunManifest(dir)) ?? new Map()).keys()]).toEqual([key('3')]);
  });
});

describe('findPreviousRun', () => {
  it('is the newest dated folder with a readable manifest', async () => {
    const job = folder();
    for (const day of ['2026-11-16', '2026-11-23', '2026-11-30']) mkdirSync(join(job, day));
    mkdirSync(join(job, 'not-a-date'));
    expect(await findPreviousRun(job)).toBeNull();
    await writeRunManifest(join(job, '2026-11-16'), join(job, '2026-11-16'), '2026-11-16', [], []);
    await writeRunManifest(join(job, '2026-11-23'), join(job, '2026-11-23'), '2026-11-23', [], []);
    writeFileSync(join(job, 'not-a-date', MANIFEST_FILE), '{}');
    // 2026-11-30 has no manifest (a run that crashed): the one before it is used.
    expect(await findPreviousRun(job)).toBe(join(job, '2026-11-23'));
    expect(await findPreviousRun(join(job, 'missing'))).toBeNull();
  });
});
