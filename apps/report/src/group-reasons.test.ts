import { expect, test } from 'vitest';
import { groupReasons, summarizeGroupedReasons } from './group-reasons.js';

const above = (id: string, points: number) => ({
  code: 'VALUE_ABOVE_ONE_POINT',
  requirement: id,
  message: `AC.L2-${id} is not met and is worth ${points} points: only 1-point requirements (and 3.13.11 at 3) may be on a POA&M (32 CFR 170.21(a)(2)(ii))`,
});

/** A failure means the scorecard lists one sentence per requirement again (11 reasons, 10 repeating one sentence). */
test('one line per reason code, listing its requirements, citing the rule once', () => {
  const grouped = groupReasons([
    {
      code: 'SCORE_BELOW_THRESHOLD',
      requirement: null,
      message: 'score 71 is below 88, 80 % of 110 (32 CFR 170.21(a)(2)(i))',
    },
    above('3.1.1', 5),
    above('3.1.2', 5),
    {
      code: 'EXCLUDED_BY_NAME',
      requirement: '3.10.3',
      message:
        'PE.L2-3.10.3 is not met and can never be on a POA&M (excluded by name in 32 CFR 170.21(a)(2)(iii))',
    },
    above('3.5.3', 5),
  ]);
  expect(grouped).toEqual([
    {
      code: 'SCORE_BELOW_THRESHOLD',
      requirements: [],
      message: 'score 71 is below 88, 80 % of 110 (32 CFR 170.21(a)(2)(i))',
    },
    {
      code: 'VALUE_ABOVE_ONE_POINT',
      requirements: ['3.1.1', '3.1.2', '3.5.3'],
      message:
        '3 requirements NOT MET are worth more than 1 point, so they may not be on a POA&M (32 CFR 170.21(a)(2)(ii))',
    },
    {
      code: 'EXCLUDED_BY_NAME',
      requirements: ['3.10.3'],
      message:
        'PE.L2-3.10.3 is not met and can never be on a POA&M (excluded by name in 32 CFR 170.21(a)(2)(iii))',
    },
  ]);
  // The table cell: short, no citations, at most 2 ids per code here.
  expect(summarizeGroupedReasons(grouped, 2)).toBe(
    'score 71 is below 88; 3 NOT MET worth more than 1 point: 3.1.1, 3.1.2, +1 more; 1 NOT MET never allowed on a POA&M: 3.10.3',
  );
});
