import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cmmc } from './test-support/run-cmmc.js';

// A requirement answered "compliant" whose 800-171A objective [b] is "non_compliant": the objectives decide
// (32 CFR 170.24(b)(2): one NOT MET objective fails the requirement) and `cmmc scores` flags the contradiction.
const dir = mkdtempSync(join(tmpdir(), 'cmmc-objectives-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('objective-level answers', () => {
  it('derive the requirement finding and flag a requirement answer they contradict', async () => {
    const { LEVEL2_REQUIREMENTS } = await import('@cmmc/catalog');
    const folder = join(dir, 'suppliers', 'objective-co');
    mkdirSync(folder, { recursive: true });
    const rows = LEVEL2_REQUIREMENTS.map((r) => `${r.nistId},compliant`);
    rows.push('3.1.1[a],compliant', '3.1.1[b],non_compliant');
    writeFileSync(join(folder, 'audit.csv'), `ref_id,compliance_result\n${rows.join('\n')}\n`);
    writeFileSync(
      join(dir, 'suppliers', 'suppliers.csv'),
      'name,cage,folder,level,assessment_type,uei,assessment_date,status_date\nObjective Co,0BJ01,objective-co,2,Self,,2026-09-01,2026-09-01\n',
    );
    const db = join(dir, 'objectives.duckdb');
    const ingest = cmmc('ingest', join(dir, 'suppliers'), '--db', db);
    expect(ingest.status, ingest.stdout + ingest.stderr).toBe(0);
    const scores = cmmc('scores', '--db', db, '--as-of', '2026-11-28', '--json');
    const [row] = JSON.parse(scores.stdout) as {
      sprsScore: number;
      notMet: string[];
      objectiveConflicts: {
        nistId: string;
        requirementFinding: string;
        objectiveFinding: string;
        objectivesNotMet: string[];
      }[];
    }[];
    // 3.1.1 is worth 5: 110 - 5 = 105, although the file answered the requirement itself "compliant".
    expect(row?.sprsScore).toBe(105);
    expect(row?.notMet).toEqual(['3.1.1']);
    expect(row?.objectiveConflicts).toEqual([
      expect.objectContaining({
        nistId: '3.1.1',
        requirementFinding: 'MET',
        objectiveFinding: 'NOT_MET',
        objectivesNotMet: ['3.1.1[b]'],
      }),
    ]);
    const table = cmmc('scores', '--db', db, '--as-of', '2026-11-28');
    expect(table.stdout).toMatch(/Answers their objectives contradict/);
    expect(table.stdout).toMatch(/Objective Co\s+3\.1\.1\s+MET\s+NOT_MET\s+not met: 3\.1\.1\[b\]/);
  }, 60_000);
});
