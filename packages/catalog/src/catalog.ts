import { LEVEL1_REQUIREMENTS } from './data/level1-requirements.js';
import { LEVEL2_REQUIREMENTS } from './data/level2-requirements.js';
import { LEVEL3_REQUIREMENTS } from './data/level3-requirements.js';
import type { Level1Requirement, Level2Requirement, Level3Requirement } from './types.js';

const level2ByNistId = new Map(LEVEL2_REQUIREMENTS.map((r) => [r.nistId, r]));
const level3ByNistId = new Map(LEVEL3_REQUIREMENTS.map((r) => [r.nistId, r]));

/** The Level 2 requirement with this NIST id (`3.1.1`), or undefined. */
export function findLevel2Requirement(nistId: string): Level2Requirement | undefined {
  return level2ByNistId.get(nistId);
}

/** The Level 3 requirement with this NIST SP 800-172 id (`3.6.1e`), or undefined. */
export function findLevel3Requirement(nistId: string): Level3Requirement | undefined {
  return level3ByNistId.get(nistId);
}

/** The NIST ids a level assesses: 110 at Level 2, the 17 behind the 15 Level 1 requirements, 24 at Level 3. */
export function requirementIdsForLevel(level: 1 | 2 | 3): string[] {
  if (level === 1) return LEVEL1_REQUIREMENTS.flatMap((r) => r.nistIds);
  if (level === 3) return LEVEL3_REQUIREMENTS.map((r) => r.nistId);
  return LEVEL2_REQUIREMENTS.map((r) => r.nistId);
}

/** The family names of NIST SP 800-171 Rev 2, by two-letter code. */
export const FAMILY_NAMES: ReadonlyMap<string, string> = new Map(
  LEVEL2_REQUIREMENTS.map((r) => [r.family, r.familyName]),
);

export type { Level1Requirement, Level2Requirement, Level3Requirement };
export { LEVEL1_REQUIREMENTS, LEVEL2_REQUIREMENTS, LEVEL3_REQUIREMENTS };
