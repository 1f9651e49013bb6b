import { poamItems, supplierPoamSummaries } from '@cmmc/analytics';
import { isIsoDate } from '@cmmc/catalog';
import { parseAsOf, parseCommandArgs } from '../args.js';
import { sortRows } from '../collation.js';
import { databasePath, withStore } from '../database.js';
import { formatTable, type Io, paint, tableLayout, writeJson, writeLine } from '../output.js';

export const poamUsage = `Usage: cmmc poam [--db <file>] [--as-of YYYY-MM-DD] [--overdue] [--org <name-or-cage>] [--json]

POA&M aging: every item with its age, scheduled date, overdue and slipped flags and milestones, and per supplier
the open / closed / overdue counts, aging buckets and days left to the 180-day closeout (32 CFR 170.21(b)).

Options:
  --db <file>       database file (default: $CMMC_DB, else ./cmmc.duckdb)
  --as-of <date>    as of this day (default today)
  --overdue         only open items past their scheduled completion date
  --org <name>      only this supplier (name or CAGE code)
  --json            print { "items": [...], "suppliers": [...] }
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
  const { items: unsortedItems, suppliers: unsortedSuppliers } = await withStore(
    databasePath(values.db, io),
    async (store) => ({
      items: await poamItems(store, {
        asOf,
        overdueOnly: values.overdue === true,
        ...organization,
      }),
      suppliers: await supplierPoamSummaries(store, { asOf, ...organization }),
    }),
  );
  // one collation for every list (see collation.ts); within a supplier, the query's order (level, due date)
  const items = sortRows(unsortedItems, (p) => p.organizationName);
  const suppliers = sortRows(unsortedSuppliers, (s) => s.organizationName);
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
        { header: 'Slipped', value: (p) => (p.slipped ? `+${p.slipDays}d` : '') },
        { header: 'Milestones late', align: 'right', value: (p) => p.milestonesOverdue || '' },
        { header: 'Closeout', value: (p) => p.closeoutDeadline },
      ],
      tableLayout(io),
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
        { header: 'Closeout', value: (s) => s.closeoutDeadline },
        { header: 'Days left', align: 'right', value: (s) => s.daysToCloseout },
        {
          header: 'Fits',
          value: (s) => (s.fitsCloseout === null ? '-' : s.fitsCloseout ? 'yes' : 'NO'),
        },
      ],
      tableLayout(io),
    ),
  );
  return 0;
}
