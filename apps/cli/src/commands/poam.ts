import { poamItems, supplierPoamSummaries, supplierScores } from '@cmmc/analytics';
import type { CmmcStatus } from '@cmmc/catalog';
import { isIsoDate } from '@cmmc/catalog';
import { parseAsOf, parseCommandArgs } from '../args.js';
import { sortRows } from '../collation.js';
import { databasePath, withStore } from '../database.js';
import { formatTable, type Io, paint, tableLayout, writeJson, writeLine } from '../output.js';

export const poamUsage = `Usage: cmmc poam [--db <file>] [--as-of YYYY-MM-DD] [--overdue] [--org <name-or-cage>] [--json]

POA&M aging: every item with its age, scheduled date, overdue flag and milestones, and per supplier the open /
closed / overdue counts and aging buckets. A closeout deadline (status date + 180 days, 32 CFR 170.21(b)) is shown
only where the supplier's status at that level is Conditional: a Final status has nothing left to close out, and an
Expired or missing status has no deadline to meet. The JSON carries each row's \`cmmcStatus\` and the same rule.

Options:
  --db <file>       database file (default: $CMMC_DB, else ./cmmc.duckdb)
  --as-of <date>    as of this day (default today)
  --overdue         only open items past their scheduled completion date
  --org <name>      only this supplier (name or CAGE code)
  --json            print { "asOf", "items": [...], "suppliers": [...] }
  -h, --help        show this help

Example:
  cmmc poam --overdue --as-of 2026-11-28`;

export async function runPoam(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      db: { type: 'string' },
      'as-of': { type: 'string' },
      overdue: { type: 'boolean' },
      org: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    poamUsage,
  );
  if (values.help) {
    writeLine(io, poamUsage);
    return 0;
  }
  const asOf = parseAsOf(values['as-of'], poamUsage, isIsoDate);
  const organization = values.org ? { organization: values.org } : {};
  const loaded = await withStore(databasePath(values.db, io), async (store) => ({
    items: await poamItems(store, { asOf, overdueOnly: values.overdue === true, ...organization }),
    suppliers: await supplierPoamSummaries(store, { asOf, ...organization }),
    scores: await supplierScores(store, { asOf, ...organization }),
  }));
  // A supplier may hold two statuses at a level (Self and C3PAO): an item's closeout deadline is shown only when a
  // Conditional status at its level has that very deadline; a Final or Expired status has none to meet.
  const openDeadlines = new Set(
    loaded.scores
      .filter((s) => s.status === 'CONDITIONAL' && s.closeoutDeadline !== null)
      .map((s) => `${s.organizationId}:${s.level}:${s.closeoutDeadline}`),
  );
  const statusAt = new Map<string, CmmcStatus>();
  for (const s of loaded.scores) {
    const key = `${s.organizationId}:${s.level}`;
    if (!statusAt.has(key) || s.status === 'CONDITIONAL') statusAt.set(key, s.status);
  }
  const withStatus = (row: {
    organizationId: number;
    level: number;
    closeoutDeadline: string | null;
  }) => {
    const conditional = openDeadlines.has(
      `${row.organizationId}:${row.level}:${row.closeoutDeadline}`,
    );
    const cmmcStatus: CmmcStatus = conditional
      ? 'CONDITIONAL'
      : (statusAt.get(`${row.organizationId}:${row.level}`) ?? 'NO_STATUS');
    return { cmmcStatus, conditional };
  };
  // one collation for every list (see collation.ts); within a supplier, the query's order (level, due date)
  const items = sortRows(loaded.items, (p) => p.organizationName).map((item) => {
    const { cmmcStatus, conditional } = withStatus(item);
    return {
      ...item,
      cmmcStatus,
      closeoutDeadline: conditional ? item.closeoutDeadline : null,
      daysToCloseout: conditional ? item.daysToCloseout : null,
    };
  });
  const suppliers = sortRows(loaded.suppliers, (s) => s.organizationName).map((summary) => {
    const { cmmcStatus, conditional } = withStatus(summary);
    return {
      ...summary,
      cmmcStatus,
      closeoutDeadline: conditional ? summary.closeoutDeadline : null,
      daysToCloseout: conditional ? summary.daysToCloseout : null,
      openBeyondCloseout: conditional ? summary.openBeyondCloseout : null,
      fitsCloseout: conditional ? summary.fitsCloseout : null,
    };
  });
  if (values.json) {
    writeJson(io, { asOf, items, suppliers });
    return 0;
  }
  writeLine(io, paint(io, `POA&M items${values.overdue ? ' overdue' : ''} as of ${asOf}`, 'bold'));
  writeLine(
    io,
    formatTable(
      items,
      [
        { header: 'Supplier', value: (p) => p.organizationName, max: 28, min: 12, wrap: 2 },
        { header: 'NIST id', value: (p) => p.nistId },
        { header: 'Weakness', value: (p) => p.weakness, max: 36, min: 14, wrap: 2 },
        { header: 'Status', value: (p) => p.status },
        { header: 'Age', align: 'right', value: (p) => p.ageDays },
        { header: 'Scheduled', value: (p) => p.scheduledCompletionDate },
        {
          header: 'Overdue',
          value: (p) => (p.overdue ? 'OVERDUE' : ''),
          style: (p) => (p.overdue ? 'red' : null),
        },
        { header: 'Milestones late', align: 'right', value: (p) => p.milestonesOverdue || '' },
        { header: 'Closeout due', value: (p) => p.closeoutDeadline ?? '' },
      ],
      tableLayout(io),
    ),
  );
  writeLine(
    io,
    paint(
      io,
      'Age: days since detection (until closed). Scheduled: planned completion; OVERDUE: open past it. Closeout due: last day of the 180-day POA&M window (Conditional statuses only).',
      'dim',
    ),
  );
  const withItems = suppliers.filter((s) => s.openItems + s.closedItems > 0);
  writeLine(io, `\n${paint(io, 'Per supplier', 'bold')}`);
  writeLine(
    io,
    formatTable(
      withItems,
      [
        { header: 'Supplier', value: (s) => s.organizationName, max: 30, min: 12, wrap: 2 },
        { header: 'L', value: (s) => s.level },
        { header: 'Open', align: 'right', value: (s) => s.openItems },
        { header: 'Closed', align: 'right', value: (s) => s.closedItems },
        { header: 'Overdue', align: 'right', value: (s) => s.overdueItems },
        { header: '0-30', align: 'right', value: (s) => s.aging.days0To30 },
        { header: '31-90', align: 'right', value: (s) => s.aging.days31To90 },
        { header: '91-180', align: 'right', value: (s) => s.aging.days91To180 },
        { header: '>180', align: 'right', value: (s) => s.aging.over180 },
        { header: 'Status', value: (s) => s.cmmcStatus },
        { header: 'Closeout due', value: (s) => s.closeoutDeadline ?? '' },
        { header: 'Days left', align: 'right', value: (s) => s.daysToCloseout ?? '' },
        {
          header: 'Planned late',
          align: 'right',
          value: (s) => (s.openBeyondCloseout === null ? '' : s.openBeyondCloseout),
        },
      ],
      tableLayout(io),
    ),
  );
  writeLine(
    io,
    paint(
      io,
      'Age buckets: open items by days since detection. Closeout due / Days left: Conditional statuses only. Planned late: open items scheduled after the closeout deadline (or unscheduled), which would let the status expire.',
      'dim',
    ),
  );
  return 0;
}
