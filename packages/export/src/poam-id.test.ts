import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestPaths } from '@cmmc/ingest';
import { openStore } from '@cmmc/store';
import { describe, expect, it } from 'vitest';
import { exportPoamCsv } from './poam-csv.js';
import { derivePoamId, type PoamIdentity } from './poam-id.js';
import { exportPoamOscal } from './poam-oscal.js';
import { exportPoamWorkbook } from './poam-workbook.js';

const FIXTURES = new URL('../../../fixtures/', import.meta.url).pathname;
const SMALL = join(FIXTURES, 'portfolios/small');
const ASSESSMENTS = join(FIXTURES, 'assessments');
const AS_OF = '2026-11-28';

/** Every file under `dir`, path relative to it → bytes. */
function filesUnder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(path.slice(dir.length + 1), readFileSync(path));
  }
  return files;
}

/** Loads the folders one batch after another into a fresh store, then writes the POA&M exports of every supplier. */
async function exportAfterLoading(folders: readonly string[]) {
  const store = await openStore(':memory:');
  try {
    for (const folder of folders) await ingestPaths(store, [folder]);
    const out = mkdtempSync(join(tmpdir(), 'poam-id-'));
    await exportPoamWorkbook(store, {
      template: 'fedramp',
      asOf: AS_OF,
      outPath: join(out, 'fedramp'),
    });
    await exportPoamOscal(store, { asOf: AS_OF, outPath: join(out, 'oscal') });
    await exportPoamCsv(store, {
      template: 'fedramp',
      asOf: AS_OF,
      outPath: join(out, 'poam.csv'),
    });
    const rows = await store.all<{ id: number; poam_key: string | null; nist_id: string }>(
      'select id, poam_key, nist_id from poam_items order by nist_id, id',
    );
    return { files: filesUnder(out), rows, csv: readFileSync(join(out, 'poam.csv'), 'utf8') };
  } finally {
    store.close();
  }
}

describe('POA&M ids of items without their own', () => {
  it('are the same bytes in the FedRAMP xlsx, OSCAL and CSV exports whichever portfolio is loaded first', async () => {
    const smallFirst = await exportAfterLoading([SMALL, ASSESSMENTS]);
    const smallLast = await exportAfterLoading([ASSESSMENTS, SMALL]);
    // The database row ids do differ between the two loads, so an id derived from them would differ too.
    const keyless = (rows: typeof smallFirst.rows) =>
      rows.filter((r) => r.poam_key === null).map((r) => `${r.nist_id}:${r.id}`);
    expect(keyless(smallFirst.rows).length).toBeGreaterThan(3);
    expect(keyless(smallFirst.rows)).not.toEqual(keyless(smallLast.rows));

    expect([...smallFirst.files.keys()].sort()).toEqual([...smallLast.files.keys()].sort());
    expect(smallFirst.files.size).toBeGreaterThan(4);
    for (const [path, bytes] of smallFirst.files) {
      expect({ path, same: bytes.equals(smallLast.files.get(path) ?? Buffer.alloc(0)) }).toEqual({
        path,
        same: true,
      });
    }
    const derived = smallFirst.csv.match(/\bPOAM-[0-9A-F]{16}\b/g) ?? [];
    expect(new Set(derived).size).toBe(keyless(smallFirst.rows).length);
    // Items with their own id keep it.
    expect(smallFirst.csv).toContain('V-101');
  }, 120_000);
});

describe('derivePoamId', () => {
  const identity: PoamIdentity = {
    cage: '1abc2',
    organizationNameKey: 'acme aerospace',
    sourceSha256: 'ab'.repeat(32),
    sheet: null,
    row: 3,
    content: ['3.13.11', 2, 'Encryption module not FIPS-validated', null, 'open'],
  };

  it('is POAM- and 16 hex digits, the same for the same row and CAGE code in any case', () => {
    const id = derivePoamId(identity);
    expect(id).toMatch(/^POAM-[0-9A-F]{16}$/);
    expect(derivePoamId({ ...identity, cage: '1ABC2' })).toBe(id);
  });

  it('changes with the supplier, the file, the row and any field of it', () => {
    const id = derivePoamId(identity);
    const variants: PoamIdentity[] = [
      { ...identity, cage: null },
      { ...identity, sourceSha256: 'cd'.repeat(32) },
      { ...identity, row: 4 },
      { ...identity, sheet: 'POA&M' },
      {
        ...identity,
        content: ['3.13.11', 2, 'Encryption module not FIPS-validated', null, 'closed'],
      },
      // JSON encoding keeps field boundaries: moving text between fields is a different row.
      {
        ...identity,
        content: ['3.13.11', 2, 'Encryption module not FIPS-validated', 'open', null],
      },
    ];
    const ids = variants.map(derivePoamId);
    expect(new Set([id, ...ids]).size).toBe(variants.length + 1);
  });
});
