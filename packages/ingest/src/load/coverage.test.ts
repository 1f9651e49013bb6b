import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../ingest-paths.js';
import { withFiles } from '../test-utils.js';

describe('coverage warning', () => {
  it('says how many requirements a short file leaves out and what that does to the score', async () => {
    await withFiles(
      {
        'short.csv':
          'Company,Short Co\nAssessment Date,2026-06-01\n\nRequirement,Status\n3.1.1,Met\n3.1.2,Met\n3.1.3,Met\n3.1.4,Met\n3.1.5,Met\n',
        'full-l1.csv': `Company,Full Co\nAssessment Date,2026-06-01\nLevel,1\n\nRequirement,Status\n${[
          'b.1.i',
          'b.1.ii',
          'b.1.iii',
          'b.1.iv',
          'b.1.v',
          'b.1.vi',
          'b.1.vii',
          'b.1.viii',
          'b.1.ix',
          'b.1.x',
          'b.1.xi',
          'b.1.xii',
          'b.1.xiii',
          'b.1.xiv',
          'b.1.xv',
        ]
          .map((id) => `${id},Met`)
          .join('\n')}\n`,
      },
      async (store, dir) => {
        const report = await ingestPaths(store, [dir]);
        const byName = new Map(report.files.map((f) => [f.path.split('/').at(-1), f]));
        // 3.1.1–3.1.5 are worth 5 + 5 + 1 + 1 + 3 = 15 of the 313 points a Level 2 assessment can lose
        // (110 − (−203)); the 105 missing lose the other 298: 110 − 298 = −188.
        expect(byName.get('short.csv')?.warnings).toContain(
          'answers 5 of 110 Level 2 requirements; the 105 missing are stored as not assessed and count as NOT MET in the score: score -188',
        );
        expect(byName.get('full-l1.csv')?.warnings.join('\n')).not.toMatch(/missing/);
      },
    );
  });
});
