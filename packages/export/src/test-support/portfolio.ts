/**
 * A small portfolio written straight into a fresh `:memory:` store, so export tests check their files field by field
 * against rows they can see here. Two suppliers:
 * - Acme Defense (CAGE 1ABC2): Level 2 self-assessment 2026-03-01, status date 2026-03-15; every requirement MET except
 *   3.1.3 (NOT MET, 1 point) and 3.13.11 (NOT MET with explicit partial credit, 3 points): 110 − (1 + 3) = 106.
 *   POA&M: 3.1.3 open (weakness is a formula-injection attempt, two milestones, due 2026-05-01) and 3.13.11 closed.
 * - Beta Systems (CAGE 9ZZ99): Level 2 assessment 2026-01-10, all 110 MET: score 110; no POA&M.
 */
import { LEVEL2_REQUIREMENTS } from '@cmmc/catalog';
import { openStore, type Store } from '@cmmc/store';

export const INJECTION = '=HYPERLINK("http://x","y")';
export const AS_OF = '2026-06-01';

export async function openPortfolio(): Promise<Store> {
  const store = await openStore(':memory:');
  await store.run(`insert into organizations (id, name, name_key, cage) values
    (1, 'Acme Defense, Inc.', 'acme defense', '1ABC2'),
    (2, 'Beta Systems LLC', 'beta systems', '9ZZ99')`);
  await store.run(`insert into source_files (id, path, display_path, sha256, size_bytes, layout, organization_id,
      rows_loaded, rows_rejected) values
    (1, '/in/acme.xlsx', 'acme.xlsx', 'a', 10, 'test', 1, 112, 1),
    (2, '/in/beta.xlsx', 'beta.xlsx', 'b', 10, 'test', 2, 110, 0)`);
  await store.run(`insert into assessments (id, organization_id, source_file_id, level, assessment_type,
      assessment_date, status_date, system_name) values
    (1, 1, 1, 2, 'self', '2026-03-01', '2026-03-15', 'Acme Enclave'),
    (2, 2, 2, 2, 'c3pao', '2026-01-10', null, null)`);
  const rows = LEVEL2_REQUIREMENTS.flatMap((r) => {
    const acme =
      r.nistId === '3.1.3'
        ? ['NOT_MET', false, true]
        : r.nistId === '3.13.11'
          ? ['NOT_MET', true, false]
          : ['MET', false, false];
    return [
      [1, 1, r.nistId, acme[0], acme[0], null, acme[1], null, acme[2], null, 'Assessment', null],
      [2, 2, r.nistId, 'MET', 'Met', null, false, null, false, null, 'Assessment', null],
    ];
  });
  await store.transaction((tx) => tx.append('requirement_results', rows as never));
  await store.run(
    `insert into objective_results values (1, 1, '3.1.3', '3.1.3[a]', 'NOT_MET', 'No', 'Objectives', 4)`,
  );
  await store.run(
    `insert into poam_items (id, organization_id, assessment_id, source_file_id, poam_key, nist_id, level,
      weakness, weakness_description, remediation_plan, owner, resources, detection_date, scheduled_completion_date,
      original_scheduled_date, status, closed_date, risk_rating, vendor_dependency, comments) values
    (10, 1, 1, 1, 'V-1', '3.1.3', 2, $injection, 'CUI flows are not controlled at the boundary',
      'Deploy a DLP gateway', '-Jane Doe', '$5,000', '2026-03-01', '2026-05-01', '2026-04-15', 'open', null,
      'Moderate', false, '@risk accepted for now'),
    (11, 1, 1, 1, 'V-2', '3.13.11', 2, 'Encryption not FIPS validated', null, 'Replace the VPN', 'Bob', null,
      '2026-03-01', '2026-04-30', null, 'closed', '2026-04-20', 'High', true, null)`,
    { injection: INJECTION },
  );
  await store.run(`insert into poam_milestones values
    (10, 1, 'Draft the data-flow procedure', '2026-04-01', '2026-04-02'),
    (10, 2, 'Deploy and verify the gateway', '2026-05-01', null),
    (11, 1, 'Install FIPS build', '2026-04-20', '2026-04-20')`);
  await store.run(`insert into rejected_rows (source_path, source_file_id, sheet, row_number, reason_code, message)
    values ('acme.xlsx', 1, 'Assessment', 9, 'BAD_STATUS', 'bad status')`);
  return store;
}

/** Row count and an order-independent hash of every table, to prove an export changed nothing. */
export async function tableChecksums(store: Store): Promise<Record<string, string>> {
  const tables = await store.all<{ table_name: string }>(
    `select table_name from information_schema.tables where table_type = 'BASE TABLE' order by table_name`,
  );
  const sums: Record<string, string> = {};
  for (const { table_name } of tables) {
    const [row] = await store.all<{ n: number; h: string }>(
      `select count(*) as n, coalesce(sum(hash(t::varchar)), 0)::varchar as h from "${table_name}" t`,
    );
    sums[table_name] = `${row?.n}:${row?.h}`;
  }
  return sums;
}
