import { openStore, type Store } from '@cmmc/store';
import { expect, test } from 'vitest';
import { buildPortfolioModel, buildSupplierModels } from './build-models.js';

const AS_OF = '2026-11-28';

interface SupplierRow {
  name: string;
  statusDate: string;
  affirmationDate?: string;
  /** A 5-point requirement NOT MET: no status, so nothing to affirm. */
  noStatus?: boolean;
}

/**
 * Level 2 self-assessments with every requirement MET (FINAL), one organization each, written straight into the
 * tables the analytics queries read.
 */
async function addSuppliers(store: Store, suppliers: readonly SupplierRow[]): Promise<void> {
  for (const [index, s] of suppliers.entries()) {
    const id = index + 1;
    await store.run(
      `insert into organizations (id, name, name_key, cage) values ($id, $name, lower($name), $cage)`,
      { id, name: s.name, cage: `T${String(id).padStart(4, '0')}` },
    );
    await store.run(
      `insert into source_files (id, path, display_path, sha256, size_bytes, layout, organization_id, rows_loaded,
         rows_rejected)
       values ($id, '/in/' || $id, $id::varchar, repeat('0', 64), 1, 'test', $id, 110, 0)`,
      { id },
    );
    await store.run(
      `insert into assessments (id, organization_id, source_file_id, level, assessment_type, assessment_date,
         status_date, affirmation_date)
       values ($id, $id, $id, 2, 'self', $status_date::date, $status_date::date, $affirmation_date::date)`,
      { id, status_date: s.statusDate, affirmation_date: s.affirmationDate ?? null },
    );
    await store.run(
      `insert into requirement_results (assessment_id, source_file_id, nist_id, finding, partial_credit)
       select $id, $id, nist_id, case when $no_status and nist_id = '3.5.3' then 'NOT_MET' else 'MET' end, false
       from requirements where level = 2`,
      { id, no_status: s.noStatus === true },
    );
  }
}

/**
 * Where each supplier's yearly affirmation (32 CFR 170.22) stands on 2026-11-28 decides the lists: due a year after the
 * latest affirmation, or after the status date without one; overdue the day after. A failure means the portfolio
 * report miscounts or mislists overdue affirmations.
 */
test('the portfolio model counts and lists overdue and soon-due affirmations, capped at 30', async () => {
  const store = await openStore(':memory:');
  try {
    await addSuppliers(store, [
      // 2025-11-20 + 1 year = 2026-11-20, 8 days before asOf: overdue.
      { name: 'Alder Optics', statusDate: '2025-11-20' },
      // affirmed 2026-05-30: due 2027-05-30, not soon.
      { name: 'Birch Forge', statusDate: '2025-06-01', affirmationDate: '2026-05-30' },
      // 2025-12-15 + 1 year = 2026-12-15, 17 days after asOf: due soon.
      { name: 'Cedar Cable', statusDate: '2025-12-15' },
      // affirmed 2025-06-01: due 2026-06-01, 180 days before asOf: overdue, listed first.
      { name: 'Dogwood Tool', statusDate: '2024-06-01', affirmationDate: '2025-06-01' },
      // no status: nothing to affirm, even though the status date is years back.
      { name: 'Elm Plastics', statusDate: '2023-01-10', noStatus: true },
      // 31 more overdue, due 2026-10-01 (58 days before asOf).
      ...Array.from({ length: 31 }, (_, i) => ({
        name: `Overdue ${String(i + 1).padStart(2, '0')}`,
        statusDate: '2025-10-01',
      })),
    ]);
    const model = await buildPortfolioModel(store, { asOf: AS_OF });

    // Alder, Dogwood and the 31: 33 overdue; the list keeps the 30 longest overdue.
    expect(model.affirmationCounts).toEqual({ overdue: 33, within30: 1 });
    expect(model.figures.affirmationOverdueSuppliers).toBe(33);
    expect(model.affirmations.overdue).toHaveLength(30);
    expect(model.affirmations.overdue[0]).toEqual({
      organizationName: 'Dogwood Tool',
      cage: 'T0004',
      level: 2,
      status: 'FINAL',
      dueOn: '2026-06-01',
      lastAffirmedOn: '2025-06-01',
      daysRemaining: -180,
    });
    expect(model.affirmations.overdue.map((s) => s.organizationName)).not.toContain('Alder Optics');
    expect(model.affirmations.overdue[29]?.organizationName).toBe('Overdue 29');
    expect(model.affirmations.within30).toEqual([
      {
        organizationName: 'Cedar Cable',
        cage: 'T0003',
        level: 2,
        status: 'FINAL',
        dueOn: '2026-12-15',
        lastAffirmedOn: null,
        daysRemaining: 17,
      },
    ]);
  } finally {
    store.close();
  }
});

test('a scorecard carries the affirmation due day and the overdue flag', async () => {
  const store = await openStore(':memory:');
  try {
    await addSuppliers(store, [
      { name: 'Alder Optics', statusDate: '2025-11-20' },
      { name: 'Birch Forge', statusDate: '2025-06-01', affirmationDate: '2026-05-30' },
      { name: 'Elm Plastics', statusDate: '2023-01-10', noStatus: true },
    ]);
    const reports = await buildSupplierModels(store, { asOf: AS_OF });
    const affirmation = reports.map(({ model }) => [
      model.organizationName,
      model.status,
      model.lastAffirmedOn,
      model.affirmationDueOn,
      model.affirmationOverdue,
    ]);
    expect(affirmation).toEqual([
      ['Alder Optics', 'FINAL', null, '2026-11-20', true],
      ['Birch Forge', 'FINAL', '2026-05-30', '2027-05-30', false],
      ['Elm Plastics', 'NO_STATUS', null, null, false],
    ]);
  } finally {
    store.close();
  }
});
