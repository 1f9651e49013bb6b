import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { cmmc } from './test-support/run-cmmc.js';

// End to end: runs the built `cmmc` as a user would.

const referenceCsv = new URL(
  '../../../packages/catalog/reference/nist-800-171r2-requirements.csv',
  import.meta.url,
);

describe('cmmc requirements', () => {
  it('prints the 110 Level 2 requirements whose points match the reference CSV exactly', () => {
    const { status, stdout } = cmmc('requirements', '--json');
    expect(status).toBe(0);
    const listed = JSON.parse(stdout) as {
      nistId: string;
      cmmcId: string;
      family: string;
      title: string;
      points: number | null;
      partialPoints: number | null;
      poamEligible: boolean;
    }[];
    const reference = Papa.parse<Record<string, string>>(readFileSync(referenceCsv, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(listed).toHaveLength(110);
    expect(listed.map((r) => [r.nistId, r.cmmcId, r.points, r.partialPoints])).toEqual(
      reference.map((r) => [
        r.nist_id,
        r.cmmc_id,
        r.points === 'NA' ? null : Number(r.points),
        r.points_partial === '' ? null : Number(r.points_partial),
      ]),
    );
    expect(Object.keys(listed[0] ?? {}).sort()).toEqual(
      ['cmmcId', 'family', 'nistId', 'partialPoints', 'points', 'poamEligible', 'title'].sort(),
    );
    // 3.12.4 has no value and can never be on a POA&M; 3.13.11 can, at its partial value.
    expect(listed.find((r) => r.nistId === '3.12.4')).toMatchObject({
      points: null,
      poamEligible: false,
    });
    expect(listed.find((r) => r.nistId === '3.13.11')).toMatchObject({
      points: 5,
      poamEligible: true,
    });
    expect(listed.filter((r) => r.poamEligible)).toHaveLength(47); // 46 one-pointers + 3.13.11
  });

  it('prints 15 requirements at Level 1 and 24 at Level 3', () => {
    expect(JSON.parse(cmmc('requirements', '--level', '1', '--json').stdout)).toHaveLength(15);
    const level3 = JSON.parse(cmmc('requirements', '--level', '3', '--json').stdout) as {
      poamEligible: boolean;
    }[];
    expect(level3).toHaveLength(24);
    expect(level3.filter((r) => !r.poamEligible)).toHaveLength(7);
  });

  it('prints a readable table by default', () => {
    const { status, stdout } = cmmc('requirements');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^NIST id\s+CMMC id\s+Family\s+Title\s+Points\s+POA&M$/m);
    expect(stdout).toMatch(
      /^3\.5\.3\s+IA\.L2-3\.5\.3\s+IA\s+Multifactor Authentication\s+5\/3\s+no$/m,
    );
    expect(stdout).toContain('110 requirements at Level 2.');
  });

  it('prints usage and exits 2 on a bad flag or level', () => {
    const bad = cmmc('requirements', '--bogus');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--bogus'");
    expect(bad.stderr).toContain('Usage: cmmc requirements');
    expect(cmmc('requirements', '--level', '4').status).toBe(2);
    expect(cmmc('frobnicate').status).toBe(2);
  });

  it('answers --help and --version', () => {
    expect(cmmc('--help').stdout).toContain('Usage: cmmc <command>');
    expect(cmmc('requirements', '--help').stdout).toContain('Example:');
    expect(cmmc('--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
