import {
  expiringConditionals,
  portfolioSummary,
  supplierPoamSummaries,
  supplierScores,
} from '@cmmc/analytics';
import { isIsoDate } from '@cmmc/catalog';
import { parseAsOf, parseCommandArgs } from '../args.js';
import { sortRows } from '../collation.js';
import { databasePath, withStore } from '../database.js';
import { formatTable, type Io, paint, tableLayout, writeJson, writeLine } from '../output.js';

export const portfolioUsage = `Usage: cmmc portfolio [--db <file>] [--as-of YYYY-MM-DD] [--json]

The portfolio at a glance: suppliers by status and level, the SPRS score distribution, the most failed
requirements, POA&M totals, and the suppliers at risk (Conditional statuses expiring within 30/60/90 days
or already expired).

Options:
  --db <file>       database file (default: $CMMC_DB, else ./cmmc.duckdb)
  --as-of <date>    as of this day (default today)
  --json            print the summary, its \`figures\` (every number of the portfolio report's cover and summary
                    tables, equal to \`cmmc report portfolio --json\`'s) and the at-risk list as JSON
  -h, --help        show this help

Example:
  cmmc portfolio --db out/demo.duckdb --as-of 2026-11-28`;

export async function runPortfolio(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      db: { type: 'string' },
      'as-of': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    portfolioUsage,
  );
  if (values.help) {
    writeLine(io, portfolioUsage);
    return 0;
  }
  const asOf = parseAsOf(values['as-of'], portfolioUsage, isIsoDate);
  const { summary, expiring, scores } = await withStore(
    databasePath(values.db, io),
    async (store) => {
      const scores = await supplierScores(store, { asOf });
      const poamSummaries = await supplierPoamSummaries(store, { asOf });
      return {
        scores,
        summary: await portfolioSummary(store, { asOf, scores, poamSummaries }),
        expiring: await expiringConditionals(store, { asOf }),
      };
    },
  );
  // one collation for every list (see collation.ts): by deadline, then by name
  const expiringSuppliers = sortRows(
    expiring.suppliers,
    (e) => e.closeoutDeadline,
    (e) => e.organizationName,
  );
  const noStatus = sortRows(scores, (s) => s.organizationName).filter(
    (s) => s.status === 'NO_STATUS' || s.status === 'EXPIRED',
  );
  if (values.json) {
    writeJson(io, { ...summary, atRisk: { expiring: expiringSuppliers, noStatus } });
    return 0;
  }
  const f = summary.figures;
  writeLine(
    io,
    paint(io, `Portfolio as of ${asOf}: ${f.suppliers} suppliers, ${f.statuses} statuses`, 'bold'),
  );
  writeLine(
    io,
    `May be awarded work at their required status (default ${f.requirement.defaultLabel} or higher): ${f.eligible.total} (${f.eligible.final} Final, ${f.eligible.conditional} Conditional; closeout due within 30 days: ${f.conditionalCloseout.within30}, 31-60: ${f.conditionalCloseout.within60}, 61-90: ${f.conditionalCloseout.within90}).`,
  );
  writeLine(
    io,
    `Not eligible: ${f.notEligible.total}${f.notEligible.byReason.length ? ` (${f.notEligible.byReason.map((r) => `${r.label}: ${r.suppliers}`).join('; ')})` : ''}. Affirmation overdue: ${f.affirmationOverdueSuppliers} suppliers.\n`,
  );
  writeLine(
    io,
    formatTable(
      summary.statusByLevel,
      [
        { header: 'Level', value: (r) => r.level },
        { header: 'Statuses', align: 'right', value: (r) => r.total },
        { header: 'Final', align: 'right', value: (r) => r.byStatus.FINAL },
        { header: 'Conditional', align: 'right', value: (r) => r.byStatus.CONDITIONAL },
        { header: 'Expired', align: 'right', value: (r) => r.byStatus.EXPIRED },
        { header: 'No status', align: 'right', value: (r) => r.byStatus.NO_STATUS },
      ],
      tableLayout(io),
    ),
  );
  const d = summary.level2Scores;
  writeLine(
    io,
    `\nLevel 2 SPRS scores (${d.count} scored, ${d.noScore} without an SSP): min ${d.min ?? '-'}, quartiles ${d.q1 ?? '-'} / ${d.median ?? '-'} / ${d.q3 ?? '-'}, max ${d.max ?? '-'}`,
  );
  writeLine(io, `  ${d.histogram.map((b) => `${b.label}: ${b.count}`).join('   ')}`);
  writeLine(
    io,
    `POA&M: ${summary.poam.openItems} open, ${summary.poam.overdueItems} overdue at ${summary.poam.suppliersWithOverdue} suppliers, ${summary.poam.milestonesOverdue} milestones late.`,
  );
  writeLine(io, `\n${paint(io, 'Most failed requirements (Level 2)', 'bold')}`);
  writeLine(
    io,
    formatTable(
      summary.mostFailed.filter((r) => r.level === 2),
      [
        { header: 'NIST id', value: (r) => r.nistId },
        { header: 'Title', value: (r) => r.title, max: 44, min: 12, wrap: 2 },
        { header: 'Points', align: 'right', value: (r) => r.points },
        {
          header: 'Failing',
          align: 'right',
          value: (r) => `${r.suppliersFailing}/${r.suppliersAssessed}`,
        },
        { header: 'Rate', align: 'right', value: (r) => `${Math.round(r.rate * 100)} %` },
      ],
      tableLayout(io),
    ),
  );
  writeLine(
    io,
    `\n${paint(io, 'At risk: Conditional statuses by closeout deadline', 'bold')} (30 days: ${expiring.counts.WITHIN_30}, 60: ${expiring.counts.WITHIN_60}, 90: ${expiring.counts.WITHIN_90}, past: ${expiring.counts.PAST})`,
  );
  writeLine(
    io,
    formatTable(
      expiringSuppliers,
      [
        { header: 'Supplier', value: (e) => e.organizationName, max: 34, min: 12, wrap: 2 },
        { header: 'CAGE', value: (e) => e.cage },
        { header: 'L', value: (e) => e.level },
        { header: 'Status', value: (e) => e.status },
        { header: 'Deadline', value: (e) => e.closeoutDeadline },
        { header: 'Days', align: 'right', value: (e) => e.daysToDeadline },
      ],
      tableLayout(io),
    ),
  );
  writeLine(
    io,
    `\n${paint(io, 'No status', 'bold')}: ${noStatus.filter((s) => s.status === 'NO_STATUS').length} suppliers (see \`cmmc scores\` for the reasons).`,
  );
  return 0;
}
