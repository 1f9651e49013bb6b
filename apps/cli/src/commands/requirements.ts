import {
  type CmmcLevel,
  LEVEL1_REQUIREMENTS,
  LEVEL2_REQUIREMENTS,
  LEVEL3_REQUIREMENTS,
} from '@cmmc/catalog';
import { parseCommandArgs, parseLevel } from '../args.js';
import { formatTable, type Io, tableLayout, writeJson, writeLine } from '../output.js';

export const requirementsUsage = `Usage: cmmc requirements [--level 1|2|3] [--json]

List the requirements a CMMC level assesses, with their DoD point values and POA&M eligibility
(32 CFR 170.21, 170.24; NIST SP 800-171 Rev 2; NIST SP 800-172 at Level 3).

Options:
  --level 1|2|3   which level (default 2: the 110 requirements of NIST SP 800-171 Rev 2)
  --json          print a JSON array instead of a table
  -h, --help      show this help

Example:
  cmmc requirements --level 2 --json | jq '.[] | select(.points == 5) | .nistId'`;

/** One catalog row as `cmmc requirements --json` prints it. */
export interface RequirementListing {
  nistId: string;
  cmmcId: string;
  family: string;
  title: string;
  /** Deduction when NOT MET; null for 3.12.4 (no value) and at Level 1, which has no score. */
  points: number | null;
  partialPoints: number | null;
  poamEligible: boolean;
}

export function listRequirements(level: CmmcLevel): RequirementListing[] {
  if (level === 1) {
    // Level 1 is scored as a whole, and 32 CFR 170.21(a)(1) allows no POA&M.
    return LEVEL1_REQUIREMENTS.map((r) => ({
      nistId: r.nistIds.join(';'),
      cmmcId: r.cmmcId,
      family: r.family,
      title: r.title,
      points: null,
      partialPoints: null,
      poamEligible: false,
    }));
  }
  if (level === 3) {
    return LEVEL3_REQUIREMENTS.map((r) => ({
      nistId: r.nistId,
      cmmcId: r.cmmcId,
      family: r.family,
      title: r.title,
      points: r.points,
      partialPoints: null,
      poamEligible: !r.neverOnPoam,
    }));
  }
  return LEVEL2_REQUIREMENTS.map((r) => ({
    nistId: r.nistId,
    cmmcId: r.cmmcId,
    family: r.family,
    title: r.title,
    points: r.points,
    partialPoints: r.partialPoints,
    // 3.13.11 may be on a POA&M only at its partial value (170.21(a)(2)(ii)); the listing says "partial".
    poamEligible: r.poamEligibility === 'yes' || r.poamEligibility === 'only-if-partial',
  }));
}

export async function runRequirements(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    { level: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    requirementsUsage,
  );
  if (values.help) {
    writeLine(io, requirementsUsage);
    return 0;
  }
  const level = parseLevel(values.level, requirementsUsage) ?? 2;
  const rows = listRequirements(level);
  if (values.json) {
    writeJson(io, rows);
    return 0;
  }
  const eligibility = new Map(LEVEL2_REQUIREMENTS.map((r) => [r.nistId, r.poamEligibility]));
  writeLine(
    io,
    formatTable(
      rows,
      [
        { header: 'NIST id', value: (r) => r.nistId },
        { header: 'CMMC id', value: (r) => r.cmmcId },
        { header: 'Family', value: (r) => r.family },
        { header: 'Title', value: (r) => r.title, max: 48 },
        {
          header: 'Points',
          align: 'right',
          value: (r) => (r.partialPoints === null ? r.points : `${r.points}/${r.partialPoints}`),
        },
        {
          header: 'POA&M',
          value: (r) =>
            eligibility.get(r.nistId) === 'only-if-partial'
              ? 'if partial'
              : r.poamEligible
                ? 'yes'
                : 'no',
        },
      ],
      tableLayout(io),
    ),
  );
  writeLine(io, `\n${rows.length} requirements at Level ${level}.`);
  return 0;
}
