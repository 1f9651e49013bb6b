import { describe, expect, it } from 'vitest';
import {
  FAMILY_NAMES,
  LEVEL1_REQUIREMENTS,
  LEVEL2_REQUIREMENTS,
  LEVEL3_REQUIREMENTS,
  requirementIdsForLevel,
} from './catalog.js';
import { LEVEL2_MIN_SCORE, LEVEL2_POAM_EXCLUDED, LEVEL3_POAM_EXCLUDED } from './rules.js';
import { readReferenceCsv } from './test-support/reference.js';

describe('Level 2 catalog against reference/nist-800-171r2-requirements.csv', () => {
  const rows = readReferenceCsv('nist-800-171r2-requirements.csv');

  it('has the 110 requirements in the same order', () => {
    expect(rows).toHaveLength(110);
    expect(LEVEL2_REQUIREMENTS.map((r) => r.nistId)).toEqual(rows.map((r) => r.nist_id));
  });

  it.each(rows.map((row) => [row.nist_id, row] as const))('%s matches row by row', (_id, row) => {
    const r = LEVEL2_REQUIREMENTS.find((x) => x.nistId === row.nist_id);
    expect(r).toBeDefined();
    expect(r?.cmmcId).toBe(row.cmmc_id);
    expect(r?.family).toBe(row.family);
    expect(r?.familyName).toBe(row.family_name);
    expect(r?.title).toBe(row.title);
    expect(r?.points).toBe(row.points === 'NA' ? null : Number(row.points));
    expect(r?.partialPoints).toBe(row.points_partial === '' ? null : Number(row.points_partial));
    expect(r?.basicOrDerived).toBe(row.basic_or_derived);
    expect(r?.neverOnPoam).toBe(row.never_on_poam_L2 === 'yes');
    expect(r?.objectiveIds).toHaveLength(Number(row.objectives_800_171A));
    expect(r?.objectiveIds.join(';')).toBe(row.objective_ids);
    expect(r?.text).toBe(row.nist_requirement_text);
  });

  it('derives POA&M eligibility from the point value and the exclusions, as the CSV states it', () => {
    for (const row of rows) {
      const r = LEVEL2_REQUIREMENTS.find((x) => x.nistId === row.nist_id);
      const eligibility = row.poam_eligible_L2 ?? '';
      const expected = eligibility.startsWith('yes')
        ? 'yes'
        : eligibility.startsWith('no (never)')
          ? 'never'
          : eligibility.startsWith('only if partial')
            ? 'only-if-partial'
            : 'value-above-one';
      expect(r?.poamEligibility, row.nist_id).toBe(expected);
      if (expected === 'yes') expect(r?.points).toBe(1);
    }
  });

  it('sums the maximum deductions to 313, so the minimum score is 110 - 313 = -203', () => {
    const total = LEVEL2_REQUIREMENTS.reduce((sum, r) => sum + (r.points ?? 0), 0);
    expect(total).toBe(313);
    expect(110 - total).toBe(LEVEL2_MIN_SCORE);
  });

  it('counts 44 five-point, 14 three-point, 51 one-point requirements and 320 objectives', () => {
    const count = (p: number | null) => LEVEL2_REQUIREMENTS.filter((r) => r.points === p).length;
    expect([count(5), count(3), count(1), count(null)]).toEqual([44, 14, 51, 1]);
    expect(LEVEL2_REQUIREMENTS.flatMap((r) => r.objectiveIds)).toHaveLength(320);
    expect(FAMILY_NAMES.size).toBe(14);
  });

  it('lists the six Level 2 exclusions of 32 CFR 170.21(a)(2)(iii), no more, no less', () => {
    const never = LEVEL2_REQUIREMENTS.filter((r) => r.neverOnPoam).map((r) => r.nistId);
    expect([...never].sort()).toEqual([...LEVEL2_POAM_EXCLUDED].sort());
  });

  it('gives partial values only to 3.5.3 and 3.13.11', () => {
    const partial = LEVEL2_REQUIREMENTS.filter((r) => r.partialPoints !== null);
    expect(partial.map((r) => [r.nistId, r.points, r.partialPoints])).toEqual([
      ['3.5.3', 5, 3],
      ['3.13.11', 5, 3],
    ]);
  });
});

describe('Level 1 catalog against reference/l1-requirements.csv', () => {
  const rows = readReferenceCsv('l1-requirements.csv');

  it('has 15 requirements mapping to 17 NIST ids', () => {
    expect(LEVEL1_REQUIREMENTS.map((r) => r.cmmcId)).toEqual(rows.map((r) => r.cmmc_id));
    expect(requirementIdsForLevel(1)).toHaveLength(17);
    for (const row of rows) {
      const r = LEVEL1_REQUIREMENTS.find((x) => x.cmmcId === row.cmmc_id);
      expect(r?.title).toBe(row.title);
      expect(r?.nistIds.join(';')).toBe(row.nist_800_171r2_ids);
      expect(r?.objectives).toBe(Number(row.objectives));
    }
  });

  it('points every mapped NIST id at a Level 2 requirement that names the same Level 1 id', () => {
    for (const r of LEVEL1_REQUIREMENTS) {
      for (const nistId of r.nistIds) {
        expect(LEVEL2_REQUIREMENTS.find((x) => x.nistId === nistId)?.level1Id).toBe(r.cmmcId);
      }
    }
  });
});

describe('Level 3 catalog against reference/l3-requirements.csv', () => {
  const rows = readReferenceCsv('l3-requirements.csv');

  it('has 24 one-point requirements, 7 never on a POA&M', () => {
    expect(LEVEL3_REQUIREMENTS.map((r) => r.cmmcId)).toEqual(rows.map((r) => r.cmmc_id));
    for (const row of rows) {
      const r = LEVEL3_REQUIREMENTS.find((x) => x.cmmcId === row.cmmc_id);
      expect(r?.nistId).toBe(row.nist_800_172_id);
      expect(r?.title).toBe(row.title);
      expect(r?.points).toBe(Number(row.points));
      expect(r?.neverOnPoam).toBe(row.never_on_poam_L3 === 'yes');
      expect(r?.objectives).toBe(Number(row.objectives_800_172A));
    }
    const never = LEVEL3_REQUIREMENTS.filter((r) => r.neverOnPoam).map((r) => r.nistId);
    expect([...never].sort()).toEqual([...LEVEL3_POAM_EXCLUDED].sort());
  });
});
