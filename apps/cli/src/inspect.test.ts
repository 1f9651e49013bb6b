/**
 * `cmmc inspect` (issue 13, point 5), run as a user runs it: the built `cmmc`, one layout per case, `--json` read
 * back; and the mapping round trip: `--write-mapping` then `cmmc ingest --mapping` loads the same rows as ingest
 * reading the file by itself. Inspect must write nothing: the working folder stays empty (no database).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@cmmc/store';
import { afterAll, describe, expect, it } from 'vitest';

const bin = new URL('../bin/cmmc.js', import.meta.url).pathname;
const fixtures = new URL('../../../fixtures/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cmmc-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cmmc(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CMMC_DB: '' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Inspection {
  path: string;
  readable: boolean;
  errorCode: string | null;
  layout: string | null;
  tables: {
    sheet: string | null;
    kind: string;
    headerRow: number | null;
    columns: { field: string; column: string; how: string; share: number | null }[];
  }[];
  metadata: { key: string; value: string; from: string }[];
  rowsToLoad: number;
  rejectedCount: number;
  rejected: { reason: string; row: number | null; column: string | null; message: string }[];
  coverage: { level: number; answered: number; total: number; score: number | null }[];
  organization: string | null;
  assessmentDate: string | null;
  dateSource: string | null;
}

function inspect(file: string): { status: number | null; files: Inspection[] } {
  const cwd = mkdtempSync(join(dir, 'cwd-'));
  const run = cmmc(cwd, 'inspect', join(fixtures, file), '--json');
  expect(readdirSync(cwd), 'inspect wrote nothing').toEqual([]);
  return { status: run.status, files: JSON.parse(run.stdout) as Inspection[] };
}

const roles = (i: Inspection, t = 0) =>
  Object.fromEntries((i.tables[t]?.columns ?? []).map((c) => [c.field, `${c.column} ${c.how}`]));

describe('cmmc inspect --json, per layout', { timeout: 60_000 }, () => {
  it('requirement-status under a title block: header row, column roles, metadata cells, rejected rows', () => {
    const { status, files } = inspect('assessments/ssp-title-block.xlsx');
    expect(status).toBe(0);
    const [f] = files as [Inspection];
    expect(f).toMatchObject({
      readable: true,
      layout: 'requirement-status',
      rowsToLoad: 110,
      rejectedCount: 1,
      organization: 'Northwind Defense LLC',
      assessmentDate: '2026-06-15',
      dateSource: 'file',
      coverage: [{ level: 2, answered: 110, total: 110, score: 107 }],
    });
    expect(f.tables[0]).toMatchObject({ sheet: 'Assessment', kind: 'status', headerRow: 8 });
    expect(roles(f)).toMatchObject({ id: 'A heading+content', status: 'C heading+content' });
    expect(f.tables[0]?.columns.find((c) => c.field === 'status')?.share).toBeGreaterThan(0.9);
    expect(f.metadata.find((m) => m.key === 'organization')?.from).toMatch(/Assessment › B\d$/);
    expect(f.rejected).toEqual([
      expect.objectContaining({ reason: 'REV3_ID', row: 133, column: 'A' }),
    ]);
  });

  it('cset-scorecard and a questionnaire with a blank id heading: the id column found by content', () => {
    expect(inspect('assessments/cset-scorecard.xlsx').files[0]?.layout).toBe('cset-scorecard');
    const [f] = inspect('foreign/Supplier_Cyber_Questionnaire_Northwind_Electronics.xlsx')
      .files as [Inspection];
    expect(roles(f)).toMatchObject({ id: 'A content', status: 'C heading+content' });
    expect(f).toMatchObject({
      organization: 'Northwind Electronics Corp.',
      assessmentDate: null,
      dateSource: null,
    });
  });

  it('ciso-assistant-audit CSV and the FedRAMP POA&M', () => {
    expect(inspect('assessments/ciso-assistant-audit.csv').files[0]).toMatchObject({
      layout: 'ciso-assistant-audit',
      rowsToLoad: 118,
    });
    const [poam] = inspect('assessments/fedramp-poam.xlsx').files as [Inspection];
    expect(poam).toMatchObject({ layout: 'fedramp-poam', rowsToLoad: 4, rejectedCount: 1 });
    expect(poam.tables.map((t) => [t.sheet, t.kind, t.headerRow])).toEqual([
      ['Open POA&M Items', 'poam', 5],
      ['Closed POA&M Items', 'poam', 5],
      ['Configuration Findings', 'poam', 5],
    ]);
    expect(poam.metadata.find((m) => m.key === 'poamDate')).toBeDefined();
  });

  it('a file that would fail: exit 1, the reason, nothing written', () => {
    const { status, files } = inspect('assessments/unknown-layout.xlsx');
    expect(status).toBe(1);
    expect(files[0]).toMatchObject({ readable: false, errorCode: 'UNKNOWN_LAYOUT' });
  });
});

/** The rows a database holds, in a form two loads can be compared by. */
async function rows(db: string) {
  const store = await openStore(db);
  try {
    return {
      results: await store.all(
        `select nist_id, finding, raw_value, partial_credit, self_reported_points
         from requirement_results order by all`,
      ),
      objectives: await store.all(
        'select objective_id, finding from objective_results order by all',
      ),
      poam: await store.all(
        'select nist_id, status, scheduled_completion_date::varchar as d from poam_items order by all',
      ),
    };
  } finally {
    store.close();
  }
}

describe('mapping round trip: inspect --write-mapping, then ingest --mapping', () => {
  const files = [
    'foreign/Granite_State_Tool_Die_CMMC_Tracker.xlsx',
    'foreign/Supplier_Cyber_Questionnaire_Northwind_Electronics.xlsx',
    'foreign/Mueller_Praezisionsteile_NIST800-171_Status.csv',
    'foreign/Apex_Precision_Machining_SSP_Appendix_A_NIST800-171.xlsx',
    'assessments/ssp-title-block.xlsx',
    'assessments/fedramp-poam.xlsx',
  ];
  for (const file of files) {
    it(file, async () => {
      const work = mkdtempSync(join(dir, 'trip-'));
      const map = join(work, 'map.json');
      expect(cmmc(work, 'inspect', join(fixtures, file), '--write-mapping', map).status).toBe(0);
      const mapping = JSON.parse(readFileSync(map, 'utf8')) as Record<string, unknown>;
      expect(
        mapping.headerRow ?? (mapping.poam as { headerRow?: number })?.headerRow,
      ).toBeGreaterThan(0);
      const plain = join(work, 'plain.duckdb');
      const mapped = join(work, 'mapped.duckdb');
      const args = ['--assessment-date', '2026-01-01', '--json'];
      const a = cmmc(work, 'ingest', join(fixtures, file), '--db', plain, ...args);
      const b = cmmc(
        work,
        'ingest',
        join(fixtures, file),
        '--db',
        mapped,
        '--mapping',
        map,
        ...args,
      );
      const [fa] = JSON.parse(a.stdout).files;
      const [fb] = JSON.parse(b.stdout).files;
      expect(fb.status, fb.error).toBe('loaded');
      expect(fb.rowsLoaded).toBe(fa.rowsLoaded);
      expect(await rows(mapped)).toEqual(await rows(plain));
    }, 60_000);
  }
});
