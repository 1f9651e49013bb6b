import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOutputFile } from '@cmmc/export';
import { fileStampOf } from '@cmmc/ingest';
import { afterAll, describe, expect, it } from 'vitest';
import {
  applyReuse,
  decideReuse,
  type PreviousReport,
  type ReuseKeyParts,
  rendererIdentity,
  reuseKey,
  sha256OfFile,
  stagePreviousReport,
} from './report-reuse.js';

const root = mkdtempSync(join(tmpdir(), 'cmmc-reuse-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
function folder(): string {
  folders += 1;
  const dir = join(root, `case-${folders}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

function parts(overrides: Partial<ReuseKeyParts> = {}): ReuseKeyParts {
  return {
    kind: 'supplier',
    model: {
      asOf: '2026-11-23',
      inputHash: '0123456789ab',
      rulesVersion: '2024-12-16',
      sprsScore: 107,
      daysToDeadline: 40,
    } as ReuseKeyParts['model'],
    inputFiles: [SHA_A, SHA_B],
    renderer: 'fingerprint-1 pdf /usr/lib/chromium/chromium 1000 1',
    format: 'pdf',
    paper: 'letter',
    ...overrides,
  };
}

describe('reuseKey: what decides whether a report is rendered again', () => {
  const base = reuseKey(parts());

  it('is the same for the same inputs, whatever the order the files are listed in', () => {
    expect(reuseKey(parts({ inputFiles: [SHA_B, SHA_A] }))).toBe(base);
  });

  it('leaves out only the as-of date and the footer hash built from it', () => {
    const model = { ...parts().model, asOf: '2026-11-30', inputHash: 'ffffffffffff' };
    expect(reuseKey(parts({ model }))).toBe(base);
  });

  it('changes with an input file', () => {
    expect(reuseKey(parts({ inputFiles: [SHA_A, 'c'.repeat(64)] }))).not.toBe(base);
    expect(reuseKey(parts({ inputFiles: [SHA_A] }))).not.toBe(base);
  });

  it('changes with the rules version', () => {
    const model = { ...parts().model, rulesVersion: '2025-06-01' };
    expect(reuseKey(parts({ model }))).not.toBe(base);
  });

  it('changes with a figure the report prints (a day count that moved with the as-of date)', () => {
    const model = { ...parts().model, daysToDeadline: 33 } as ReuseKeyParts['model'];
    expect(reuseKey(parts({ model }))).not.toBe(base);
  });

  it('changes with the renderer (templates, code or Chromium)', () => {
    expect(
      reuseKey(parts({ renderer: 'fingerprint-2 pdf /usr/lib/chromium/chromium 1000 1' })),
    ).not.toBe(base);
  });

  it('changes with the rendering options: paper size, format, kind', () => {
    expect(reuseKey(parts({ paper: 'a4' }))).not.toBe(base);
    expect(reuseKey(parts({ format: 'html' }))).not.toBe(base);
    expect(reuseKey(parts({ kind: 'portfolio' }))).not.toBe(base);
  });
});

describe('rendererIdentity', () => {
  it('fingerprints the report package, and for PDF the Chromium binary too', async () => {
    const html = await rendererIdentity('html');
    const pdf = await rendererIdentity('pdf');
    expect(html).toMatch(/^[0-9a-f]{64} html$/);
    expect(pdf.startsWith(html.replace(/ html$/, ' pdf '))).toBe(true);
  });
});

describe('decideReuse', () => {
  const previous: PreviousReport = { path: '/earlier/acme.pdf', sha256: SHA_A };
  const run = new Map([['k1', previous]]);

  it('keeps the report with the same key', () => {
    expect(decideReuse('k1', run, { force: false })).toEqual({ action: 'keep', previous });
  });

  it('renders a report whose key the earlier run does not have', () => {
    expect(decideReuse('k2', run, { force: false })).toEqual({
      action: 'render',
      reason: 'changed',
    });
  });

  it('renders everything without an earlier run, or when forced', () => {
    expect(decideReuse('k1', null, { force: false })).toEqual({
      action: 'render',
      reason: 'no-previous-run',
    });
    expect(decideReuse('k1', run, { force: true })).toEqual({ action: 'render', reason: 'forced' });
  });
});

describe('stagePreviousReport: the earlier file must still be the file that run wrote', () => {
  it('hard-links an intact earlier file', async () => {
    const dir = folder();
    const from = join(dir, 'earlier.pdf');
    writeFileSync(from, '%PDF-1.7 earlier');
    const stage = join(dir, 'staged.pdf');
    const result = await stagePreviousReport(
      { path: from, sha256: await sha256OfFile(from) },
      stage,
    );
    expect(result).toEqual({ ok: true, how: 'linked' });
    expect(statSync(stage).ino).toBe(statSync(from).ino);
  });

  it('copies where a hard link fails (another device)', async () => {
    const dir = folder();
    const from = join(dir, 'earlier.pdf');
    writeFileSync(from, '%PDF-1.7 earlier');
    const stage = join(dir, 'staged.pdf');
    const crossDevice = async () => {
      throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
    };
    const result = await stagePreviousReport(
      { path: from, sha256: await sha256OfFile(from) },
      stage,
      { link: crossDevice },
    );
    expect(result).toEqual({ ok: true, how: 'copied' });
    expect(statSync(stage).ino).not.toBe(statSync(from).ino);
    expect(readFileSync(stage, 'utf8')).toBe('%PDF-1.7 earlier');
  });

  it('renders when the earlier file is missing', async () => {
    const dir = folder();
    const result = await stagePreviousReport(
      { path: join(dir, 'gone.pdf'), sha256: SHA_A },
      join(dir, 'staged.pdf'),
    );
    expect(result).toEqual({ ok: false, reason: 'previous-missing' });
  });

  it('renders when the earlier file cannot be read (a folder stands in its place)', async () => {
    const dir = folder();
    mkdirSync(join(dir, 'earlier.pdf'));
    const stage = join(dir, 'staged.pdf');
    const result = await stagePreviousReport(
      { path: join(dir, 'earlier.pdf'), sha256: SHA_A },
      stage,
    );
    expect(result).toEqual({ ok: false, reason: 'previous-unreadable' });
    expect(() => statSync(stage)).toThrow();
  });

  it('renders when the earlier file was changed after it was written', async () => {
    const dir = folder();
    const from = join(dir, 'earlier.pdf');
    writeFileSync(from, '%PDF-1.7 earlier');
    const sha256 = await sha256OfFile(from);
    writeFileSync(from, '%PDF-1.7 earlier, truncated');
    const stage = join(dir, 'staged.pdf');
    expect(await stagePreviousReport({ path: from, sha256 }, stage)).toEqual({
      ok: false,
      reason: 'previous-modified',
    });
    expect(() => statSync(stage)).toThrow();
  });
});

describe('fileStampOf: an untouched file is kept without reading it', () => {
  // A recorded SHA-256 that is not the file's: a report kept anyway was kept on its stamp alone, unread.
  const unreadable = SHA_B;

  it('a same-day re-run keeps a file whose stamp is unchanged, unread', async () => {
    const dir = folder();
    const path = join(dir, 'a.pdf');
    writeFileSync(path, 'A');
    const stamp = await fileStampOf(path);
    expect(stamp).toMatch(/^\d+(:\d+){4}$/);
    const previous = new Map<string, PreviousReport>([
      ['key-a', { path, sha256: unreadable, stamp: stamp as string }],
    ]);
    const reports = [{ key: 'key-a', outputPath: path }];
    expect((await applyReuse(reports, previous, { force: false })).kept).toEqual([
      { index: 0, sha256: unreadable, how: 'in-place' },
    ]);
  });

  it('reads a file written again, even with the same size and its modification time set back', async () => {
    const dir = folder();
    const path = join(dir, 'a.pdf');
    writeFileSync(path, 'A1');
    const sha256 = await sha256OfFile(path);
    const stamp = (await fileStampOf(path)) as string;
    const { atime, mtime } = statSync(path);
    await new Promise((resolve) => setTimeout(resolve, 20));
    writeFileSync(path, 'A2');
    utimesSync(path, atime, mtime);
    // Set back to the millisecond (utimes takes no finer time from a Date).
    expect(Math.abs(statSync(path).mtimeMs - mtime.getTime())).toBeLessThan(1);
    expect(await fileStampOf(path)).not.toBe(stamp);
    const previous = new Map<string, PreviousReport>([['key-a', { path, sha256, stamp }]]);
    expect(
      (await applyReuse([{ key: 'key-a', outputPath: path }], previous, { force: false })).render,
    ).toEqual([{ index: 0, reason: 'previous-modified' }]);
  });

  it('reads a file replaced by another (a new inode), and a file from a manifest without stamps', async () => {
    const dir = folder();
    const path = join(dir, 'a.pdf');
    writeFileSync(path, 'A');
    const stamp = (await fileStampOf(path)) as string;
    writeFileSync(join(dir, 'b.pdf'), 'B');
    rmSync(path);
    symlinkSync(join(dir, 'b.pdf'), path);
    expect(await fileStampOf(path)).not.toBe(stamp);
    const reports = [{ key: 'key-a', outputPath: path }];
    const replaced = new Map([['key-a', { path, sha256: unreadable, stamp }]]);
    expect((await applyReuse(reports, replaced, { force: false })).render).toEqual([
      { index: 0, reason: 'previous-modified' },
    ]);
    const unstamped = new Map([['key-a', { path, sha256: unreadable }]]);
    expect((await applyReuse(reports, unstamped, { force: false })).render).toEqual([
      { index: 0, reason: 'previous-modified' },
    ]);
  });

  it('hard-links an untouched earlier file unread; a touched one is read', async () => {
    const dir = folder();
    const from = join(dir, 'earlier.pdf');
    writeFileSync(from, '%PDF-1.7 earlier');
    const stamp = (await fileStampOf(from)) as string;
    const stage = join(dir, 'staged.pdf');
    expect(await stagePreviousReport({ path: from, sha256: unreadable, stamp }, stage)).toEqual({
      ok: true,
      how: 'linked',
    });
    expect(statSync(stage).ino).toBe(statSync(from).ino);
    rmSync(stage);
    // Linking moved the file's ctime: the old stamp no longer holds, so the bytes are read (and do not match).
    expect(await stagePreviousReport({ path: from, sha256: unreadable, stamp }, stage)).toEqual({
      ok: false,
      reason: 'previous-modified',
    });
  });

  it('a copy (no hard link) is always read', async () => {
    const dir = folder();
    const from = join(dir, 'earlier.pdf');
    writeFileSync(from, '%PDF-1.7 earlier');
    const stamp = (await fileStampOf(from)) as string;
    const crossDevice = async () => {
      throw Object.assign(new Error('EXDEV'), { code: 'EXDEV' });
    };
    expect(
      await stagePreviousReport({ path: from, sha256: unreadable, stamp }, join(dir, 's.pdf'), {
        link: crossDevice,
      }),
    ).toEqual({ ok: false, reason: 'previous-modified' });
  });
});

describe('applyReuse', () => {
  it('keeps what it can, and never writes through a link into the earlier folder', async () => {
    const earlier = folder();
    const now = folder();
    writeFileSync(join(earlier, 'a.pdf'), 'A');
    writeFileSync(join(earlier, 'b.pdf'), 'B');
    const previous = new Map<string, PreviousReport>([
      [
        'key-a',
        { path: join(earlier, 'a.pdf'), sha256: await sha256OfFile(join(earlier, 'a.pdf')) },
      ],
      [
        'key-b',
        { path: join(earlier, 'b.pdf'), sha256: await sha256OfFile(join(earlier, 'b.pdf')) },
      ],
    ]);
    // A first run kept b.pdf as a hard link; this same-day re-run must render it (key changed).
    const plan1 = await applyReuse(
      [
        { key: 'key-a', outputPath: join(now, 'a.pdf') },
        { key: 'key-b', outputPath: join(now, 'b.pdf') },
      ],
      previous,
      { force: false },
    );
    expect(plan1.kept.map((k) => [k.index, k.how])).toEqual([
      [0, 'linked'],
      [1, 'linked'],
    ]);
    const plan2 = await applyReuse(
      [
        { key: 'key-a', outputPath: join(now, 'a.pdf') },
        { key: 'key-b2', outputPath: join(now, 'b.pdf') },
      ],
      previous,
      { force: false },
    );
    expect(plan2.render).toEqual([{ index: 1, reason: 'changed' }]);
    // The renderers write through writeOutputFile, which replaces the link: the earlier file is untouched.
    await writeOutputFile(join(now, 'b.pdf'), 'B2', { root: now });
    expect(readFileSync(join(now, 'b.pdf'), 'utf8')).toBe('B2');
    expect(readFileSync(join(earlier, 'b.pdf'), 'utf8')).toBe('B');
  });

  it('in one folder, swapped file names keep the right file under each name', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'x.pdf'), 'X');
    writeFileSync(join(dir, 'y.pdf'), 'Y');
    const previous = new Map<string, PreviousReport>([
      ['key-x', { path: join(dir, 'x.pdf'), sha256: await sha256OfFile(join(dir, 'x.pdf')) }],
      ['key-y', { path: join(dir, 'y.pdf'), sha256: await sha256OfFile(join(dir, 'y.pdf')) }],
    ]);
    const plan = await applyReuse(
      [
        { key: 'key-x', outputPath: join(dir, 'y.pdf') },
        { key: 'key-y', outputPath: join(dir, 'x.pdf') },
      ],
      previous,
      { force: false },
    );
    expect(plan.render).toEqual([]);
    expect(readFileSync(join(dir, 'y.pdf'), 'utf8')).toBe('X');
    expect(readFileSync(join(dir, 'x.pdf'), 'utf8')).toBe('Y');
  });

  it('keeps nothing through a symbolic link planted in the output folder', async () => {
    const earlier = folder();
    const root = folder();
    const elsewhere = folder();
    writeFileSync(join(earlier, 'a.pdf'), 'A');
    symlinkSync(elsewhere, join(root, 'suppliers'));
    const previous = new Map<string, PreviousReport>([
      [
        'key-a',
        { path: join(earlier, 'a.pdf'), sha256: await sha256OfFile(join(earlier, 'a.pdf')) },
      ],
    ]);
    const plan = await applyReuse(
      [{ key: 'key-a', outputPath: join(root, 'suppliers', 'a.pdf') }],
      previous,
      { force: false, outputRoot: root },
    );
    expect(plan.render).toEqual([{ index: 0, reason: 'output-folder-linked' }]);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('checks a file kept in place on a same-day re-run', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'a.pdf'), 'A');
    const previous = new Map<string, PreviousReport>([
      ['key-a', { path: join(dir, 'a.pdf'), sha256: await sha256OfFile(join(dir, 'a.pdf')) }],
    ]);
    const reports = [{ key: 'key-a', outputPath: join(dir, 'a.pdf') }];
    expect((await applyReuse(reports, previous, { force: false })).kept).toEqual([
      { index: 0, sha256: previous.get('key-a')?.sha256, how: 'in-place' },
    ]);
    writeFileSync(join(dir, 'a.pdf'), 'A, edited');
    expect((await applyReuse(reports, previous, { force: false })).render).toEqual([
      { index: 0, reason: 'previous-modified' },
    ]);
  });
});
