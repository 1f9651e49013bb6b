import { type SupplierEligibility, supplierEligibility } from '@cmmc/analytics';
import {
  DEFAULT_REQUIRED_STATUS,
  isIsoDate,
  parseRequiredStatus,
  REQUIRED_STATUSES,
  type RequiredStatus,
} from '@cmmc/catalog';
import { parseAsOf, parseCommandArgs } from '../args.js';
import { sortRows } from '../collation.js';
import { databasePath, withStore } from '../database.js';
import { usageError } from '../errors.js';
import { formatTable, type Io, tableLayout, writeJson, writeLine } from '../output.js';

export const eligibilityUsage = `Usage: cmmc eligibility [--db <file>] [--requires L1|L2-self|L2-c3pao|L3] [--as-of YYYY-MM-DD] [--org <name-or-cage>] [--json]

Which suppliers may be awarded a contract or subcontract requiring a CMMC status on a day (32 CFR 170.15(b),
170.22; DFARS 252.204-7021): a supplier is eligible when it holds a status in force (Final or Conditional, not
expired) of the required kind or a higher one, L1 (Self) < L2 (Self) < L2 (C3PAO) < L3 (DIBCAC), and its yearly
affirmation is current. An overdue affirmation makes it ineligible; the status itself does not change. Every
supplier is listed, eligible or not, with the reasons when not. Exit status 0 either way.

Options:
  --db <file>       database file (default: $CMMC_DB, else ./cmmc.duckdb)
  --requires <s>    the status the contract requires; without it, each supplier's required_status column of
                    suppliers.csv decides, and suppliers without one are judged against ${DEFAULT_REQUIRED_STATUS}
  --as-of <date>    decide on this day (default today), so results are reproducible
  --org <name>      only this supplier (name or CAGE code)
  --json            print a JSON array, one object per supplier
  -h, --help        show this help

Example:
  cmmc eligibility --requires L2-c3pao --as-of 2026-11-28 --json`;

/** The stable JSON of one eligibility row. */
export function eligibilityJson(e: SupplierEligibility) {
  return {
    organizationName: e.organizationName,
    cage: e.cage,
    required: e.required,
    requiredFrom: e.requiredSource,
    eligible: e.eligible,
    statusLabel: e.statusLabel,
    statusExpiresOn: e.statusExpiresOn,
    closeoutDeadline: e.closeoutDeadline,
    affirmationCurrent: e.affirmationCurrent,
    affirmationDueOn: e.affirmationDueOn,
    reasons: e.reasons.map((r) => ({ code: r.code, message: r.message })),
  };
}

function parseRequires(value: string | undefined): RequiredStatus | undefined {
  if (value === undefined) return undefined;
  const parsed = parseRequiredStatus(value);
  if (parsed === null) {
    throw usageError(
      `--requires must be one of ${REQUIRED_STATUSES.join(', ')}, got "${value}"`,
      eligibilityUsage,
    );
  }
  return parsed;
}

export async function runEligibility(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      db: { type: 'string' },
      requires: { type: 'string' },
      'as-of': { type: 'string' },
      org: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    eligibilityUsage,
  );
  if (values.help) {
    writeLine(io, eligibilityUsage);
    return 0;
  }
  const asOf = parseAsOf(values['as-of'], eligibilityUsage, isIsoDate);
  const required = parseRequires(values.requires);
  const unsorted = await withStore(databasePath(values.db, io), (store) =>
    supplierEligibility(store, {
      asOf,
      ...(required === undefined ? {} : { required }),
      ...(values.org === undefined ? {} : { organization: values.org }),
    }),
  );
  // one collation for every list (see collation.ts)
  const rows = sortRows(unsorted, (e) => e.organizationName);
  if (values.json) {
    writeJson(io, rows.map(eligibilityJson));
    return 0;
  }
  if (rows.length === 0) {
    writeLine(io, 'No suppliers in the database. Load some with `cmmc ingest <folder>`.');
    return 0;
  }
  writeLine(
    io,
    formatTable(
      rows,
      [
        { header: 'Supplier', value: (e) => e.organizationName, max: 34, min: 12, wrap: 2 },
        { header: 'CAGE', value: (e) => e.cage },
        {
          header: 'Requires',
          value: (e) => `${e.required}${e.requiredSource === 'default' ? '*' : ''}`,
        },
        {
          header: 'Eligible',
          value: (e) => (e.eligible ? 'yes' : 'no'),
          style: (e) => (e.eligible ? 'green' : 'red'),
        },
        { header: 'Status', value: (e) => e.statusLabel ?? '', max: 30, min: 12, wrap: 2 },
        { header: 'Expires', value: (e) => e.statusExpiresOn, drop: 2 },
        { header: 'Closeout by', value: (e) => e.closeoutDeadline, drop: 1 },
        {
          header: 'Affirmed',
          value: (e) =>
            e.affirmationCurrent === null ? '' : e.affirmationCurrent ? 'current' : 'overdue',
          drop: 3,
        },
        {
          header: 'Why not',
          value: (e) => e.reasons[0]?.message ?? '',
          more: (e) => Math.max(0, e.reasons.length - 1),
          max: 70,
          min: 16,
          wrap: 3,
        },
      ],
      tableLayout(io),
    ),
  );
  const eligible = rows.filter((e) => e.eligible).length;
  const defaulted = rows.some((e) => e.requiredSource === 'default');
  writeLine(
    io,
    `\n${eligible} of ${rows.length} suppliers eligible as of ${asOf}.${
      defaulted
        ? ` * no required_status in suppliers.csv: judged against ${DEFAULT_REQUIRED_STATUS}.`
        : ''
    }`,
  );
  return 0;
}
