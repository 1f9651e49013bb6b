import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  exportFileName,
  fileNamePart,
  fileNameSupplierPart,
  joinFileName,
  MAX_FILE_NAME_BYTES,
} from './file-names.js';

describe('fileNamePart', () => {
  it.each([
    ['Ørsted Mekanik A/S', 'orsted-mekanik-a-s'],
    ['ŽELEZÁRNY Podbrezová', 'zelezarny-podbrezova'],
    ['Großhandel Straße', 'grosshandel-strasse'],
    ['Łódź Œuvre Æther Þór', 'lodz-oeuvre-aether-thor'],
    ['Åkesson Optique S.L.', 'akesson-optique-s-l'],
    ['İstanbul Savunma', 'istanbul-savunma'],
    ['ＡＣＭＥ　ｆｕｌｌ-width', 'acme-full-width'],
    ['株式会社 東京精密', '株式会社-東京精密'],
    ['Ελληνική Άμυνα', 'ελληνική-άμυνα'],
    ['Завод «Прогресс»', 'завод-прогресс'],
    ['ガス', 'ガス'],
    ['../../etc/passwd', 'etc-passwd'],
    ['C:\\Windows\\..\\evil', 'c-windows-evil'],
    ['evil\u202Efdp.exe', 'evil-fdp-exe'],
    ['..', ''],
  ])('%j → %j', (text, expected) => {
    expect(fileNamePart(text, 200)).toBe(expected);
  });
});

describe('joinFileName', () => {
  it('stays within 255 bytes of UTF-8 for the longest names, cut between whole letters', () => {
    const name = fileNameSupplierPart('東京精密工業株式会社'.repeat(40));
    const file = joinFileName([name, fileNamePart('1ABC2')], 'pdf');
    expect(Buffer.byteLength(file)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
    expect(file).toMatch(/^(東京精密工業株式会社)+東?京?精?密?工?業?株?式?会?-1abc2\.pdf$/u);
    const long = joinFileName(['é'.repeat(400), 'x'.repeat(400)], 'html');
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
  });

  it('never gives a Windows reserved name, and makes names unique in a batch, case-insensitively', () => {
    expect(joinFileName([fileNamePart('CON')], 'pdf')).toBe('con-file.pdf');
    const used = new Set<string>();
    expect(
      ['Acme', 'ACME', 'acme'].map((n) => joinFileName([fileNamePart(n)], 'pdf', { used })),
    ).toEqual(['acme.pdf', 'acme-2.pdf', 'acme-3.pdf']);
  });

  it('whatever the supplier typed, the name stays one entry directly inside --out and under 255 bytes', () => {
    const out = resolve('/srv/out');
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 400 }),
        fc.option(fc.string()),
        (name, cage) => {
          const file = exportFileName({ name, cage }, 'poam', 'xlsx');
          expect(Buffer.byteLength(file)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
          expect(file).not.toMatch(/[/\\]|^\.|\.\./);
          expect([...file].filter((c) => (c.codePointAt(0) ?? 0) < 0x20)).toEqual([]);
          expect(resolve(join(out, file))).toBe(join(out, file));
        },
      ),
      { numRuns: 500 },
    );
  });
});
