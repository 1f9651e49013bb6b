/**
 * Loads the shared fixtures (fixtures/assessments, fixtures/portfolios/small) and checks what landed against
 * fixtures/README.md: per-file outcomes, rejected locations, and each supplier's SPRS score and CMMC status as of
 * 2026-11-28, worked out by hand there and double-checked here with the catalog's reference `decideStatus`.
 * A failure here means the README and the ingester disagree: fix whichever is wrong, never just the number.
 */
import { fileURLToPath } from 'node:url';
import { type CmmcLevel, decideStatus, type RequirementOutcome } from '@cmmc/catalog';
import { openStore, type Store } from '@cmmc/store';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from './ingest-paths.js';

const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const assessments = `${fixtures}assessments`;
const small = `${fixtures}portfolios/small`;
const AS_OF = '2026-11-28';

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(':memory:');
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

/** Score and status of an organization's latest assessment at a level, objectives deciding unanswered requirements. */
async function statusOf(store: Store, organization: string, level: CmmcLevel) {
  const [assessment] = await store.all<{ id: number; date: string; status_date: string | null }>(
    `select a.id, a.assessment_date::varchar as date, a.status_date::varchar as status_date
     from assessments a join organizations o on o.id = a.organization_id
     where o.name = $name and a.level = $level order by a.assessment_date desc limit 1`,
    { name: organization, level },
  );
  if (!assessment) throw new Error(`no level ${level} assessment for ${organization}`);
  const results = await store.all<{ nist_id: string; finding: string; partial_credit: boolean }>(
    'select nist_id, finding, partial_credit from requirement_results where assessment_id = $id',
    { id: assessment.id },
  );
  const objectives = await store.all<{ nist_id: string; met: boolean }>(
    `select nist_id, bool_and(finding in ('MET', 'NOT_APPLICABLE')) as met
     from objective_results where assessment_id = $id group by nist_id`,
    { id: assessment.id },
  );
  const derived = new Map(objectives.map((o) => [o.nist_id, o.met]));
  const findings = new Map<string, RequirementOutcome>();
  for (const r of results) {
    let finding = r.finding as RequirementOutcome['finding'];
    const fromObjectives = derived.get(r.nist_id);
    if (finding === 'NOT_ASSESSED' && fromObjectives !== undefined) {
      finding = fromObjectives ? 'MET' : 'NOT_MET';
    }
    findings.set(r.nist_id, { finding, partial: r.partial_credit });
  }
  const poam = await store.all<{ nistId: string; closedDate: string | null }>(
    `select p.nist_id as "nistId", p.closed_date::varchar as "closedDate"
     from poam_items p join organizations o on o.id = p.organization_id
     where o.name = $name and p.level = $level`,
    { name: organization, level },
  );
  return decideStatus({
    level,
    findings,
    poam,
    statusDate: assessment.status_date ?? assessment.date,
    asOf: AS_OF,
  });
}

async function snapshot(store: Store): Promise<string> {
  const tables = {
    organizations: 'select id, name, name_key, cage, uei from organizations order by id',
    source_files:
      'select id, path, sha256, layout, organization_id, rows_loaded, rows_rejected from source_files order by id',
    assessments: 'select * from assessments order by id',
    requirement_results: 'select * from requirement_results order by assessment_id, nist_id',
    objective_results: 'select * from objective_results order by assessment_id, objective_id',
    poam_items: 'select * from poam_items order by id',
    poam_milestones: 'select * from poam_milestones order by poam_item_id, sequence',
    rejected_rows:
      'select source_path, source_file_id, sheet, row_number, column_letter, reason_code, message from rejected_rows order by all',
  };
  const out: Record<string, unknown> = {};
  for (const [name, query] of Object.entries(tables)) out[name] = await store.all(query);
  return JSON.stringify(out);
}

describe('fixtures/assessments', () => {
  it('loads every file with the outcome fixtures/README.md states', async () => {
    await withStore(async (store) => {
      const report = await ingestPaths(store, [assessments], { fileTimeoutMs: 10_000 });
      const byName = new Map(report.files.map((f) => [f.path.split('/').at(-1), f]));
      const outcome = (name: string) => {
        const f = byName.get(name);
        if (!f) throw new Error(`${name} not in the report`);
        return {
          status: f.status,
          rows: f.rowsLoaded,
          rejected: f.rejected.map(
            (r) => `${r.reason}@${r.sheet ?? ''}!${r.column ?? ''}${r.row ?? ''}`,
          ),
          code: f.error?.match(/^[^:]+(?:› [^:]+)?: /) ? f.error : null,
        };
      };
      expect(report.files).toHaveLength(21);
      // Assessments before POA&Ms: the two POA&M files come last.
      expect(report.files.slice(-2).map((f) => f.path.split('/').at(-1))).toEqual([
        'fedramp-poam.xlsx',
        'simple-poam.xlsx',
      ]);
      expect(outcome('ssp-title-block.xlsx')).toMatchObject({
        status: 'loaded',
        rows: 110,
        rejected: ['REV3_ID@Assessment!A133'],
      });
      expect(outcome('family-sheets.xlsx')).toMatchObject({
        rows: 110,
        rejected: ['DUPLICATE_CONFLICT@AT!7'],
      });
      expect(outcome('cset-scorecard.xlsx')).toMatchObject({ rows: 110, rejected: [] });
      // 110 requirement rows + 6 objectives of 3.1.1 + 2 of 3.1.2.
      expect(outcome('ciso-assistant-audit.csv')).toMatchObject({ rows: 118, rejected: [] });
      expect(outcome('semicolon-windows-1252.csv')).toMatchObject({ rows: 110, rejected: [] });
      expect(outcome('utf16-tab-export.csv')).toMatchObject({ rows: 110, rejected: [] });
      // 03/04/2026 in C9 reads as March 4: the same column writes 7/14/2026, so the file is month/day.
      expect(outcome('bom-crlf-multiline.csv')).toMatchObject({
        rows: 109,
        rejected: ['UNKNOWN_STATUS@!B10', 'CMMC1_ID@!A117'],
      });
      const litwareWarnings = byName.get('bom-crlf-multiline.csv')?.warnings ?? [];
      expect(litwareWarnings).toEqual([
        expect.stringMatching(
          /^dates such as 03\/04\/2026 read as month\/day, the order the file writes 7\/14\/2026 in at .*bom-crlf-multiline\.csv › C4; pass --date-order to overrule$/,
        ),
        // The rejected B10 leaves 3.1.6 (1 point) out: said out loud (issue 13), 110 − 3 (3.14.7) − 1 = 106.
        'answers 109 of 110 Level 2 requirements; the 1 missing (3.1.6) is stored as not assessed and counts as NOT MET in the score: score 106',
        expect.stringContaining('2026-07-16'),
      ]);
      expect(outcome('serial-dates-formulas.xlsx')).toMatchObject({
        rows: 108,
        rejected: ['FORMULA_NO_RESULT@Status!B8', 'FORMULA_ERROR@Status!B11'],
      });
      expect(outcome('level1-far.xlsx')).toMatchObject({ rows: 17, rejected: [] });
      expect(outcome('level3-enhanced.csv')).toMatchObject({ rows: 24, rejected: [] });
      expect(outcome('fedramp-poam.xlsx')).toMatchObject({
        rows: 4,
        rejected: ['NO_REQUIREMENT_ID@Open POA&M Items!B10'],
      });
      // its 8/15/2026 proves month/day, so E4's 03/04/2026 is March 4
      expect(outcome('simple-poam.xlsx')).toMatchObject({ rows: 3, rejected: [] });
      const failed = Object.fromEntries(
        report.files
          .filter((f) => f.status === 'failed')
          .map((f) => [f.path.split('/').at(-1), f.error?.split(': ')[1]?.slice(0, 24)]),
      );
      expect(Object.keys(failed).sort()).toEqual([
        'corrupt-zip.xlsx',
        'empty.csv',
        'headers-only.csv',
        'old-format.xls',
        'password-protected.xlsx',
        'rev3-ids.csv',
        'unclosed-quote.csv',
        'unknown-layout.xlsx',
        'zip-bomb.xlsx',
      ]);
      const codes = await store.all<{ path: string; reason_code: string }>(
        `select regexp_extract(source_path, '[^/]+$') as path, reason_code from rejected_rows
         where source_file_id is null and row_number is null order by 1`,
      );
      expect(codes.map((c) => `${c.path}:${c.reason_code}`)).toEqual([
        'corrupt-zip.xlsx:CORRUPT_WORKBOOK',
        'empty.csv:EMPTY_FILE',
        'headers-only.csv:NO_ROWS',
        'old-format.xls:OLD_XLS',
        'password-protected.xlsx:ENCRYPTED_WORKBOOK',
        'rev3-ids.csv:NO_VALID_ROWS',
        'unclosed-quote.csv:CSV_UNCLOSED_QUOTE',
        'unknown-layout.xlsx:UNKNOWN_LAYOUT',
        'zip-bomb.xlsx:ZIP_BOMB',
      ]);
      expect(byName.get('unknown-layout.xlsx')?.error).toContain('--mapping');
    });
  }, 30_000); // 22 files, workbooks in worker threads: seconds on a loaded 2-core machine

  it('gives each supplier the score and status fixtures/README.md works out by hand', async () => {
    await withStore(async (store) => {
      await ingestPaths(store, [assessments], { fileTimeoutMs: 10_000 });
      const check = async (org: string, level: CmmcLevel) => {
        const d = await statusOf(store, org, level);
        return { score: d.score, status: d.status, deadline: d.closeoutDeadline };
      };
      // 110 − (1 + 1 + 1) = 107; all three 1-point items on the FedRAMP POA&M; deadline 2026-06-15 + 180 days.
      expect(await check('Northwind Defense LLC', 2)).toEqual({
        score: 107,
        status: 'CONDITIONAL',
        deadline: '2026-12-12',
      });
      // 110 − 5 (3.5.3) = 105; a 5-point requirement cannot be on a POA&M.
      expect(await check('Contoso Machining Inc', 2)).toMatchObject({
        score: 105,
        status: 'NO_STATUS',
      });
      // 110 − 5 (3.3.1 N) − 3 (3.3.2 U, not assessed) = 102.
      expect(await check('Fabrikam Avionics', 2)).toMatchObject({
        score: 102,
        status: 'NO_STATUS',
      });
      // Objectives decide 3.1.1 (all met) and 3.1.2 ([b] not met): 110 − 5 (3.1.2) − 1 (3.13.16) − 1 (3.6.3) = 103.
      expect(await check('Coho Vineyard Systems', 2)).toMatchObject({
        score: 103,
        status: 'NO_STATUS',
      });
      // 110 − 1 (3.3.3) − 1 (3.4.9) = 108; 3.4.9 still open after 2026-04-20 + 180 = 2026-10-17.
      expect(await check('Tailspin Tooling Co.', 2)).toEqual({
        score: 108,
        status: 'EXPIRED',
        deadline: '2026-10-17',
      });
      // 110 − 3 (3.13.11 partial credit) − 1 (3.11.3) = 106; no POA&M.
      expect(await check('Woodgrove Precision', 2)).toMatchObject({
        score: 106,
        status: 'NO_STATUS',
      });
      // 110 − 3 (3.14.7) − 1 (3.1.6 rejected) = 106; 3.1.5's 03/04/2026 reads as month/day like the rest.
      expect(await check('Litware Systems', 2)).toMatchObject({ score: 106, status: 'NO_STATUS' });
      // 110 − 1 (3.1.4 no formula result) − 1 (3.1.7 #REF!) = 108.
      expect(await check('Adatum Components', 2)).toMatchObject({
        score: 108,
        status: 'NO_STATUS',
      });
      expect(await check('Relecloud Services', 1)).toMatchObject({ score: null, status: 'FINAL' });
      // 24 − 1 (3.14.1e) = 23; Level 3 needs a Final Level 2 (C3PAO) first.
      expect(await check('Proseware Inc', 3)).toMatchObject({ score: 23, status: 'NO_STATUS' });
      const [partial] = await store.all<{ partial_credit: boolean; self_reported_points: number }>(
        `select partial_credit, self_reported_points from requirement_results r
         join assessments a on a.id = r.assessment_id join organizations o on o.id = a.organization_id
         where o.name = 'Woodgrove Precision' and r.nist_id = '3.13.11'`,
      );
      expect(partial).toEqual({ partial_credit: true, self_reported_points: 3 });
    });
  });

  it('changes nothing when the same folder is loaded again', async () => {
    await withStore(async (store) => {
      await ingestPaths(store, [assessments, small], { fileTimeoutMs: 10_000 });
      const before = await snapshot(store);
      const again = await ingestPaths(store, [assessments, small], { fileTimeoutMs: 10_000 });
      expect(await snapshot(store)).toBe(before);
      expect(again.files.filter((f) => f.status === 'loaded')).toEqual([]);
      expect(again.files.filter((f) => f.status === 'unchanged')).toHaveLength(18);
    });
  });
});

describe('fixtures/portfolios/small', () => {
  it('loads five suppliers with the scores and statuses in fixtures/README.md', async () => {
    await withStore(async (store) => {
      const report = await ingestPaths(store, [small]);
      expect(report.files.map((f) => [f.organization, f.status, f.rowsLoaded])).toEqual([
        ['Acme Aerospace Inc', 'loaded', 110],
        ['Globex Metals', 'loaded', 110],
        ['Initech Electronics', 'loaded', 17],
        ['Umbrella Composites', 'loaded', 110],
        ['vandelay industries', 'loaded', 110],
        ['Acme Aerospace Inc', 'loaded', 2],
      ]);
      // 110 − 3 (3.13.11 at its partial value) − 1 (3.10.6) = 106; both on the POA&M; 2026-09-20 + 180 days.
      expect(await statusOf(store, 'Acme Aerospace Inc', 2)).toMatchObject({
        score: 106,
        status: 'CONDITIONAL',
        closeoutDeadline: '2027-03-19',
      });
      expect(await statusOf(store, 'Globex Metals', 2)).toMatchObject({
        score: 110,
        status: 'FINAL',
        statusExpiresOn: '2029-03-15',
      });
      expect(await statusOf(store, 'Initech Electronics', 1)).toMatchObject({
        status: 'NO_STATUS',
      });
      // 110 − 5 − 5 − 5 − 5 − 3 − 1 = 86 < 88.
      expect(await statusOf(store, 'Umbrella Composites', 2)).toMatchObject({
        score: 86,
        status: 'NO_STATUS',
      });
      expect(await statusOf(store, 'vandelay industries', 2)).toMatchObject({
        score: 109,
        status: 'NO_STATUS',
      });
      const [acme] = await store.all<{ assessment_type: string; cage: string; uei: string }>(
        `select a.assessment_type, o.cage, o.uei from assessments a join organizations o on o.id = a.organization_id
         where o.name = 'Acme Aerospace Inc'`,
      );
      expect(acme).toEqual({ assessment_type: 'c3pao', cage: '5ACME', uei: 'ACMEA1234567' });
    });
  });
});
