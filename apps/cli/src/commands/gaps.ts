import { criticalGapMatrix, criticalGaps } from '@cmmc/analytics';
import { isIsoDate } from '@cmmc/catalog';
import { parseAsOf, parseCommandArgs } from '../args.js';
import { sortRows } from '../collation.js';
import { databasePath, withStore } from '../database.js';
import { formatTable, type Io, paint, tableLayout, writeJson, writeLine } from '../output.js';

export const gapsUsage = `Usage: cmmc gaps [--db <file>] [--as-of YYYY-MM-DD] [--org <name-or-cage>] [--json]

Critical-control gaps: every NOT MET requirement that blocks a Conditional status (worth more than 1 point,
excluded by name in 32 CFR 170.21(a)(2)(iii), or the SSP 3.12.4), per supplier, and across the portfolio the
share of suppliers failing each critical requirement and family.

Options:
  --db <file>       database file (default: $CMMC_DB, else ./cmmc.duckdb)
  --as-of <date>    as of this day (default today)
  --org <name>      only this supplier's gaps (name or CAGE code)
  --json            print { "suppliers": [...], "requirements": [...], "families": [...] }
  -h, --help        show this help

Example:
  cmmc gaps --as-of 2026-11-28 --json | jq '.requirements[:5]'`;

const percent = (rate: number | null) => (rate === null ? '-' : `${Math.round(rate * 100)} %`);

export async function runGaps(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      db: { type: 'string' },
      'as-of': { type: 'string' },
      org: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    gapsUsage,
  );
  if (values.help) {
    writeLine(io, gapsUsage);
    return 0;
  }
  const asOf = parseAsOf(values['as-of'], gapsUsage, isIsoDate);
  const { gaps: unsortedGaps, matrix } = await withStore(
    databasePath(values.db, io),
    async (store) => ({
      gaps: await criticalGaps(store, {
        asOf,
        ...(values.org ? { organization: values.org } : {}),
      }),
      matrix: await criticalGapMatrix(store, { asOf }),
    }),
  );
  // one collation for every list (see collation.ts); within a supplier, the query's order (largest gaps first)
  const gaps = sortRows(unsortedGaps, (g) => g.organizationName);
  if (values.json) {
    writeJson(io, {
      asOf,
      suppliers: gaps,
      requirements: matrix.requirements,
      families: matrix.families,
    });
    return 0;
  }
  const failing = matrix.requirements.filter((r) => r.suppliersFailing > 0);
  writeLine(
    io,
    paint(io, `Critical requirements failing across the portfolio (as of ${asOf})`, 'bold'),
  );
  writeLine(
    io,
    formatTable(
      failing,
      [
        { header: 'L', value: (r) => r.level },
        { header: 'NIST id', value: (r) => r.nistId },
        { header: 'Title', value: (r) => r.title, max: 40, min: 12, wrap: 2 },
        { header: 'Points', align: 'right', value: (r) => r.points ?? 'SSP' },
        { header: 'Excluded', value: (r) => (r.excludedByName ? 'by name' : '') },
        {
          header: 'Failing',
          align: 'right',
          value: (r) => `${r.suppliersFailing}/${r.suppliersAssessed}`,
        },
        { header: 'Rate', align: 'right', value: (r) => percent(r.rate) },
      ],
      tableLayout(io),
    ),
  );
  writeLine(io, `\n${paint(io, 'By family', 'bold')}`);
  writeLine(
    io,
    formatTable(
      matrix.families.filter((f) => f.suppliersFailing > 0),
      [
        { header: 'L', value: (f) => f.level },
        { header: 'Family', value: (f) => `${f.family} ${f.familyName}`, max: 44, min: 12 },
        {
          header: 'Suppliers failing',
          align: 'right',
          value: (f) => `${f.suppliersFailing}/${f.suppliersAssessed}`,
        },
        { header: 'Rate', align: 'right', value: (f) => percent(f.rate) },
      ],
      tableLayout(io),
    ),
  );
  if (values.org) {
    writeLine(io, `\n${paint(io, 'Gaps of the selected supplier', 'bold')}`);
    writeLine(
      io,
      formatTable(
        gaps,
        [
          { header: 'Supplier', value: (g) => g.organizationName, max: 30, min: 12, wrap: 2 },
          { header: 'NIST id', value: (g) => g.nistId },
          { header: 'Title', value: (g) => g.title, max: 40, min: 12, wrap: 2 },
          { header: 'Points', align: 'right', value: (g) => g.points },
          { header: 'Why', value: (g) => g.reason, max: 80, min: 16, wrap: 3 },
        ],
        tableLayout(io),
      ),
    );
  } else {
    writeLine(
      io,
      `\n${gaps.length} blocking gaps at ${new Set(gaps.map((g) => g.organizationId)).size} suppliers; --org <name> lists one supplier's.`,
    );
  }
  return 0;
}
