import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FEDRAMP_POAM_COLUMNS } from '@cmmc/catalog';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { exportPoamCsv } from './poam-csv.js';
import { AS_OF, INJECTION, openPortfolio } from './test-support/portfolio.js';

function readCsv(path: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
}

describe('exportPoamCsv', () => {
  it('writes the CMMC layout with neutralised text, ISO dates and the deadline arithmetic', async () => {
    const store = await openPortfolio();
    try {
      const out = join(mkdtempSync(join(tmpdir(), 'export-')), 'poam.csv');
      await exportPoamCsv(store, { asOf: AS_OF, outPath: out });
      const rows = readCsv(out);
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatchObject({
        Organization: 'Acme Defense, Inc.',
        CAGE: '1ABC2',
        Requirement: '3.1.3',
        'CMMC ID': 'AC.L2-3.1.3',
        Weakness: `'${INJECTION}`,
        Owner: "'-Jane Doe",
        'Scheduled Completion': '2026-05-01',
        'Age (days)': '92',
        'Days to Deadline': '102',
        Status: 'open',
      });
    } finally {
      store.close();
    }
  });

  it('writes the FedRAMP columns followed by status, organization and CAGE', async () => {
    const store = await openPortfolio();
    try {
      const out = join(mkdtempSync(join(tmpdir(), 'export-')), 'poam.csv');
      await exportPoamCsv(store, { template: 'fedramp', asOf: AS_OF, outPath: out });
      const parsed = Papa.parse<string[]>(readFileSync(out, 'utf8'), { skipEmptyLines: true }).data;
      expect(parsed[0]).toHaveLength(34);
      expect(parsed[0]?.slice(0, 31)).toEqual(FEDRAMP_POAM_COLUMNS);
      expect(parsed[0]?.slice(31)).toEqual(['Item Status', 'Organization', 'CAGE']);
      expect(parsed[1]?.slice(0, 3)).toEqual(['V-1', 'AC.L2-3.1.3', `'${INJECTION}`]);
      expect(parsed[2]?.[31]).toBe('closed');
    } finally {
      store.close();
    }
  });
});
