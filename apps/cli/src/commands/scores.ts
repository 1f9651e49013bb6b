import {
  type ObjectiveConflict,
  objectiveConflicts,
  type SupplierScore,
  supplierScores,
} from '@cmmc/analytics';
import { isIsoDate } from '@cmmc/catalog';
import { parseAsOf, parseCommandArgs, parseLevel } from '../args.js';
import { sortRows } from '../collation.js';
import { databasePath, withStore } from '../database.js';
import {
  formatTable,
  type Io,
  paint,
  type Style,
  tableLayout,
  writeJson,
  writeLine,
} from '../output.js';

export const scoresUsage = `Usage: cmmc scores [--db <file>] [--as-of YYYY-MM-DD] [--level 1|2|3] [--org <name-or-cage>] [--json]

One row per supplier, level and kind (Level 1 (Self), Level 2 (Self), Level 2 (C3PAO), Level 3 (DIBCAC)), each
from the latest assessment of that kind on or before --as-of (32 CFR 170.15-170.18): SPRS score (DoD Assessment
Methodology), CMMC status in the rule's words ("Conditional Level 2 (C3PAO)") with the reasons by 32 CFR 170.21,
the 180-day closeout deadline (only a POA&M closeout assessment makes it Final), the requirements not met or not
assessed, and the day the yearly affirmation (170.22) falls due ("!" once overdue: no affirmation on record for the
past year). An assessment with no date gets its score and NO_STATUS whatever --as-of. A self-reported score that
differs from ours is flagged.

Options:
  --db <file>       database file (default: $CMMC_DB, else ./cmmc.duckdb)
  --as-of <date>    decide statuses on this day (default today), so results are reproducible
  --level <n>       only this level
  --org <name>      only this supplier (name or CAGE code)
  --json            print a JSON array
  -h, --help        show this help

Example:
  cmmc scores --as-of 2026-11-28 --level 2 --json`;

/** The stable JSON of one score row: the documented keys first, then everything else analytics knows. */
export function scoreJson(s: SupplierScore, conflicts: readonly ObjectiveConflict[] = []) {
  return {
    organizationName: s.organizationName,
    cage: s.cage,
    level: s.level,
    statusKind: s.statusKind,
    assessmentType: s.assessmentType,
    assessmentPurpose: s.assessmentPurpose,
    assessmentDate: s.assessmentDate,
    dateSource: s.dateSource,
    statusDate: s.statusDate,
    sprsScore: s.sprsScore,
    score: s.score,
    maxScore: s.maxScore,
    level1Result: s.level1Result,
    status: s.status,
    statusLabel: s.statusLabel,
    reasons: s.reasons.map((r) => ({
      code: r.code,
      requirement: r.requirement,
      message: r.message,
    })),
    closeoutDeadline: s.closeoutDeadline,
    daysToDeadline: s.daysToDeadline,
    statusExpiresOn: s.statusExpiresOn,
    closedOutOn: s.closedOutOn,
    lastAffirmedOn: s.lastAffirmedOn,
    affirmationDueOn: s.affirmationDueOn,
    affirmationOverdue: s.affirmationOverdue,
    notMet: s.notMet,
    notAssessed: s.notAssessed,
    notAssessedIds: s.notAssessedIds,
    selfReportedScore: s.selfReportedScore,
    scoreMismatch: s.scoreMismatch,
    previousScore: s.previousScore,
    scoreChange: s.scoreChange,
    // A requirement-level answer that its 800-171A objectives contradict: the objectives decide the finding.
    objectiveConflicts: conflicts.map((c) => ({
      nistId: c.nistId,
      requirementFinding: c.requirementFinding,
      objectiveFinding: c.objectiveFinding,
      objectivesNotMet: c.objectivesNotMet,
      objectivesMissing: c.objectivesMissing,
    })),
  };
}

const KIND_SHORT: Record<string, string> = {
  'L1-self': 'Self',
  'L2-self': 'Self',
  'L2-c3pao': 'C3PAO',
  'L3-dibcac': 'DIBCAC',
};

export const STATUS_STYLE: Record<string, Style> = {
  FINAL: 'green',
  CONDITIONAL: 'yellow',
  EXPIRED: 'red',
  NO_STATUS: 'red',
};

export async function runScores(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      db: { type: 'string' },
      'as-of': { type: 'string' },
      level: { type: 'string' },
      org: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    scoresUsage,
  );
  if (values.help) {
    writeLine(io, scoresUsage);
    return 0;
  }
  const asOf = parseAsOf(values['as-of'], scoresUsage, isIsoDate);
  const level = parseLevel(values.level, scoresUsage);
  const organization = values.org === undefined ? {} : { organization: values.org };
  const { rows: unsorted, conflicts } = await withStore(
    databasePath(values.db, io),
    async (store) => ({
      rows: await supplierScores(store, {
        asOf,
        ...(level === undefined ? {} : { level }),
        ...organization,
      }),
      conflicts: await objectiveConflicts(store, organization),
    }),
  );
  const conflictsByAssessment = new Map<number, ObjectiveConflict[]>();
  for (const c of conflicts) {
    conflictsByAssessment.set(c.assessmentId, [
      ...(conflictsByAssessment.get(c.assessmentId) ?? []),
      c,
    ]);
  }
  const conflictsOf = (s: SupplierScore) => conflictsByAssessment.get(s.assessmentId) ?? [];
  const kindOrder = ['L1-self', 'L2-self', 'L2-c3pao', 'L3-dibcac'];
  const rows = sortRows(
    unsorted,
    (s) => s.organizationName,
    (s) => s.organizationId,
    (s) => kindOrder.indexOf(s.statusKind),
    (s) => Number(s.assessmentDate === null),
    (s) => s.assessmentId,
  );
  if (values.json) {
    writeJson(
      io,
      rows.map((s) => scoreJson(s, conflictsOf(s))),
    );
    return 0;
  }
  if (rows.length === 0) {
    writeLine(io, 'No assessments in the database. Load some with `cmmc ingest <folder>`.');
    return 0;
  }
  writeLine(
    io,
    formatTable(
      rows,
      [
        { header: 'Supplier', value: (s) => s.organizationName, max: 34, min: 12, wrap: 2 },
        { header: 'CAGE', value: (s) => s.cage },
        { header: 'L', value: (s) => s.level },
        { header: 'Kind', value: (s) => KIND_SHORT[s.statusKind] ?? s.statusKind },
        { header: 'Assessed', value: (s) => s.assessmentDate ?? 'no date' },
        {
          header: 'Score',
          align: 'right',
          value: (s) =>
            s.level === 1 ? (s.level1Result ?? '-') : s.score === null ? 'none' : s.score,
        },
        {
          header: 'Self',
          align: 'right',
          value: (s) =>
            s.selfReportedScore === null
              ? ''
              : `${s.selfReportedScore}${s.scoreMismatch ? '!' : ''}`,
          drop: 1,
        },
        {
          header: 'Status',
          value: (s) => s.status,
          style: (s) => STATUS_STYLE[s.status] ?? 'bold',
        },
        {
          header: 'As the rule names it',
          value: (s) => s.statusLabel ?? '',
          max: 30,
          min: 12,
          wrap: 2,
          drop: 7,
        },
        { header: 'Deadline', value: (s) => s.closeoutDeadline },
        { header: 'Days', align: 'right', value: (s) => s.daysToDeadline, drop: 2 },
        { header: 'Not met', align: 'right', value: (s) => s.notMet.length, drop: 5 },
        // Requirements the file never answered: they count as NOT MET in the score (issue 13).
        { header: 'Not assessed', align: 'right', value: (s) => s.notAssessed, drop: 6 },
        {
          // 32 CFR 170.22: the yearly affirmation a status in force needs; "!" once it is overdue
          header: 'Affirm by',
          value: (s) =>
            s.affirmationDueOn ? `${s.affirmationDueOn}${s.affirmationOverdue ? '!' : ''}` : '',
          drop: 3,
        },
        {
          header: 'Why',
          value: (s) => s.reasons[0]?.message ?? '',
          more: (s) => Math.max(0, s.reasons.length - 1),
          max: 60,
          min: 16,
          wrap: 3,
        },
      ],
      tableLayout(io),
    ),
  );
  const shown = rows.flatMap((s) => conflictsOf(s));
  if (shown.length > 0) {
    writeLine(
      io,
      `\n${paint(io, 'Answers their objectives contradict', 'bold')} (the objectives decide the finding):`,
    );
    writeLine(
      io,
      formatTable(
        shown,
        [
          { header: 'Supplier', value: (c) => c.organizationName, max: 34, min: 12, wrap: 2 },
          { header: 'NIST id', value: (c) => c.nistId },
          { header: 'File says', value: (c) => c.requirementFinding },
          { header: 'Objectives say', value: (c) => c.objectiveFinding },
          {
            header: 'Why',
            value: (c) =>
              c.objectivesNotMet.length > 0
                ? `not met: ${c.objectivesNotMet.join(', ')}`
                : `not answered: ${c.objectivesMissing.join(', ')}`,
            max: 60,
            min: 16,
            wrap: 3,
          },
        ],
        tableLayout(io),
      ),
    );
  }
  const mismatches = rows.filter((s) => s.scoreMismatch).length;
  writeLine(
    io,
    `\n${rows.length} statuses as of ${asOf}.${mismatches ? ` ${mismatches} self-reported scores differ from ours (marked !).` : ''}`,
  );
  return 0;
}
