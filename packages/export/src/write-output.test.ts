import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportParquet } from './parquet.js';
import { exportPoamOscal } from './poam-oscal.js';
import { exportPoamWorkbook } from './poam-workbook.js';
import { AS_OF, openPortfolio } from './test-support/portfolio.js';
import { writeOutputFile } from './write-output.js';

/** A fresh `--out` folder and, beside it, a file an attacker would like us to overwrite. */
function workspace() {
  const base = mkdtempSync(join(tmpdir(), 'write-output-'));
  const out = join(base, 'out');
  mkdirSync(out);
  const victim = join(base, 'victim.txt');
  writeFileSync(victim, 'precious');
  return { base, out, victim };
}

describe('writeOutputFile', () => {
  it('writes the file whole, replaces an older one, and leaves no temporary file behind', async () => {
    const { out } = workspace();
    const path = join(out, 'reports', 'suppliers', 'acme.pdf');
    await writeOutputFile(path, 'first', { root: out });
    await writeOutputFile(path, new Uint8Array([115, 101, 99, 111, 110, 100]), { root: out });
    expect(readFileSync(path, 'utf8')).toBe('second');
    expect(readdirSync(join(out, 'reports', 'suppliers'))).toEqual(['acme.pdf']);
  });

  it('refuses a symbolic link at the target and leaves the file it points to alone', async () => {
    const { out, victim } = workspace();
    symlinkSync(victim, join(out, 'acme.pdf'));
    await expect(
      writeOutputFile(join(out, 'acme.pdf'), 'evil', { root: out }),
    ).rejects.toMatchObject({
      code: 'OUTPUT_SYMLINK',
      message: expect.stringContaining(`is a symbolic link (to ${victim})`),
    });
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    // A dangling link is refused too: following it would create a file outside --out.
    symlinkSync(join(out, '..', 'created-outside.pdf'), join(out, 'dangling.pdf'));
    await expect(
      writeOutputFile(join(out, 'dangling.pdf'), 'x', { root: out }),
    ).rejects.toMatchObject({ code: 'OUTPUT_SYMLINK' });
    expect(existsSync(join(out, '..', 'created-outside.pdf'))).toBe(false);
    expect(readdirSync(out).sort()).toEqual(['acme.pdf', 'dangling.pdf']);
  });

  it('refuses a symbolic link to a folder inside --out', async () => {
    const { base, out } = workspace();
    const elsewhere = join(base, 'elsewhere');
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(out, 'suppliers'));
    await expect(
      writeOutputFile(join(out, 'suppliers', 'acme.pdf'), 'evil', { root: out }),
    ).rejects.toMatchObject({
      code: 'OUTPUT_SYMLINK',
      message: expect.stringContaining(`its folder ${join(out, 'suppliers')} is a symbolic link`),
    });
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('follows a link in --out itself: that path is the one the user asked for', async () => {
    const { base, out } = workspace();
    const link = join(base, 'out-link');
    symlinkSync(out, link);
    await writeOutputFile(join(link, 'acme.pdf'), 'ok', { root: link });
    expect(readFileSync(join(out, 'acme.pdf'), 'utf8')).toBe('ok');
  });

  it('refuses a folder or a FIFO at the target, and a path outside --out', async () => {
    const { base, out } = workspace();
    mkdirSync(join(out, 'folder.pdf'));
    await expect(
      writeOutputFile(join(out, 'folder.pdf'), 'x', { root: out }),
    ).rejects.toMatchObject({
      code: 'OUTPUT_NOT_A_FILE',
      message: expect.stringContaining('a folder is there'),
    });
    execFileSync('mkfifo', [join(out, 'fifo.pdf')]);
    await expect(writeOutputFile(join(out, 'fifo.pdf'), 'x', { root: out })).rejects.toMatchObject({
      code: 'OUTPUT_NOT_A_FILE',
      message: expect.stringContaining('not a regular file'),
    });
    await expect(
      writeOutputFile(join(out, '..', 'escape.pdf'), 'x', { root: out }),
    ).rejects.toMatchObject({ code: 'OUTPUT_OUTSIDE_FOLDER' });
    expect(existsSync(join(base, 'escape.pdf'))).toBe(false);
  });

  it('leaves the old file in place when the write fails', async () => {
    const { out } = workspace();
    writeFileSync(join(out, 'suppliers'), 'a file where a folder belongs');
    await expect(
      writeOutputFile(join(out, 'suppliers', 'acme.pdf'), 'x', { root: out }),
    ).rejects.toMatchObject({ code: 'OUTPUT_NOT_A_FOLDER' });
    expect(readdirSync(out)).toEqual(['suppliers']);
  });
});

describe('exports through a planted link', () => {
  it('the FedRAMP workbooks and OSCAL documents of every supplier refuse a link at a supplier file', async () => {
    const store = await openPortfolio();
    try {
      const { out, victim } = workspace();
      symlinkSync(victim, join(out, 'acme-defense-inc-1abc2-poam.xlsx'));
      symlinkSync(victim, join(out, 'acme-defense-inc-1abc2-poam.json'));
      await expect(
        exportPoamWorkbook(store, { template: 'fedramp', asOf: AS_OF, outPath: out }),
      ).rejects.toMatchObject({ code: 'OUTPUT_SYMLINK' });
      // Beta Systems has no POA&M items, so Acme is the only document: it is written to --out as a file.
      await expect(
        exportPoamOscal(store, {
          organization: '1ABC2',
          asOf: AS_OF,
          outPath: join(out, 'acme-defense-inc-1abc2-poam.json'),
        }),
      ).rejects.toMatchObject({ code: 'OUTPUT_SYMLINK' });
      expect(readFileSync(victim, 'utf8')).toBe('precious');
    } finally {
      store.close();
    }
  });

  it('Parquet refuses a link at a table folder and writes nothing through it', async () => {
    const store = await openPortfolio();
    try {
      const { base, out } = workspace();
      const elsewhere = join(base, 'elsewhere');
      mkdirSync(elsewhere);
      symlinkSync(elsewhere, join(out, 'poam_items'));
      await expect(exportParquet(store, out, { overwrite: true })).rejects.toMatchObject({
        code: 'OUTPUT_SYMLINK',
      });
      expect(readdirSync(elsewhere)).toEqual([]);
      expect(readdirSync(out)).toEqual(['poam_items']);
    } finally {
      store.close();
    }
  });
});
