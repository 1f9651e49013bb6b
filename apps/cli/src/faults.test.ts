/**
 * Faults and hostile input through the built `cmmc` (issue #9): the ingest process killed with SIGKILL at seeded
 * points of a 500-supplier batch and rerun must leave exactly what one clean run leaves; a second writer gets a
 * clear "busy" error; unwritable outputs give one line and exit 1; the bad-input corpus exits 1; hostile supplier
 * names and POA&M text go through ingest → report as text (escaped HTML, no script, no network request from the
 * PDF browser) and through SQL as bound values.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '@cmmc/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/cmmc.js', import.meta.url));
const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const AS_OF = '2026-11-28';
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cmmc-faults-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function cmmc(...args: string[]): Run {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    status: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

function start(...args: string[]): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<Run>((resolve) =>
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr })),
  );
  return { child, done };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** mulberry32, so the kill points are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TABLES = [
  'organizations',
  'source_files',
  'assessments',
  'requirement_results',
  'objective_results',
  'poam_items',
  'poam_milestones',
  'rejected_rows',
] as const;

interface Snapshot {
  totals: Record<string, number>;
  /** Per loaded file: its rows in every table, keyed by display path. */
  files: Map<string, string>;
  orphans: number;
}

/** Opens the database as the next run would (replaying the WAL a killed run left) and counts what is in it. */
async function snapshot(path: string): Promise<Snapshot> {
  const store = await openStore(path);
  try {
    const totals: Record<string, number> = {};
    for (const table of TABLES) {
      const [row] = await store.all<{ n: number }>(`select count(*)::int as n from ${table}`);
      totals[table] = row?.n ?? -1;
    }
    const rows = await store.all<Record<string, number | string>>(
      `select s.display_path as path, s.rows_loaded::int as rows_loaded, s.rows_rejected::int as rows_rejected,
         (select count(*) from assessments a where a.source_file_id = s.id)::int as assessments,
         (select count(*) from requirement_results r where r.source_file_id = s.id)::int as results,
         (select count(*) from requirement_results r where r.source_file_id = s.id and r.finding = 'NOT_MET')::int as not_met,
         (select count(*) from objective_results r where r.source_file_id = s.id)::int as objectives,
         (select count(*) from poam_items p where p.source_file_id = s.id)::int as poam_items,
         (select count(*) from poam_items p where p.source_file_id = s.id and p.assessment_id is null)::int as orphan_items,
         (select count(*) from poam_milestones m join poam_items p on p.id = m.poam_item_id
           where p.source_file_id = s.id)::int as milestones,
         (select count(*) from rejected_rows j where j.source_file_id = s.id)::int as rejected
       from source_files s order by s.display_path`,
    );
    const files = new Map(rows.map((r) => [String(r.path), JSON.stringify(r)]));
    const [orphans] = await store.all<{ n: number }>(
      `select ((select count(*) from assessments where source_file_id not in (select id from source_files))
         + (select count(*) from requirement_results where source_file_id not in (select id from source_files))
         + (select count(*) from objective_results where source_file_id not in (select id from source_files))
         + (select count(*) from poam_items where source_file_id not in (select id from source_files))
         + (select count(*) from poam_milestones where poam_item_id not in (select id from poam_items)))::int as n`,
    );
    return { totals, files, orphans: orphans?.n ?? -1 };
  } finally {
    store.close();
  }
}

function oneLine(text: string): string {
  const lines = text.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0] ?? '';
}

describe('crashes and concurrent writers', () => {
  it('SIGKILLed at seeded points and rerun, the database holds every file exactly once, never half of one; a second writer is told the database is busy', async () => {
    const portfolio = join(dir, 'portfolio');
    const generated = cmmc(
      'generate',
      '--suppliers',
      '500',
      '--seed',
      'faults',
      '--as-of',
      AS_OF,
      '--layouts',
      'csv-heavy',
      '--out',
      portfolio,
    );
    expect(generated.status, generated.stderr).toBe(0);
    const cleanDb = join(dir, 'clean.duckdb');
    const killedDb = join(dir, 'killed.duckdb');

    // The clean single run goes on beside the killed runs (two cores; they use different files).
    const clean = start('ingest', portfolio, '--db', cleanDb, '--json');

    // While it writes, a second `cmmc ingest` on the same file must be refused, not interleaved.
    while (!existsSync(cleanDb)) await sleep(50);
    await sleep(300);
    const second = await start('ingest', join(fixtures, 'bad/name-sql.csv'), '--db', cleanDb).done;
    expect(second.status).toBe(1);
    expect(oneLine(second.stderr)).toMatch(/^cmmc ingest: database .*clean\.duckdb is busy/);

    const random = seeded(9);
    const partial: Snapshot[] = [];
    // Kill points are seeded, but how far a run gets by then depends on the machine: on a loaded one every kill could
    // land before the first commit, proving nothing. A kill that found nothing committed moves the next one later,
    // until two killed runs have committed something (or a run finishes before its kill).
    let earliest = 1500;
    for (let attempt = 0; attempt < 8; attempt++) {
      const run = start('ingest', portfolio, '--db', killedDb, '--json');
      const delay = earliest + Math.floor(random() * 5000);
      const timer = setTimeout(() => run.child.kill('SIGKILL'), delay);
      const result = await run.done;
      clearTimeout(timer);
      if (result.signal !== 'SIGKILL') break;
      const snap = await snapshot(killedDb);
      partial.push(snap);
      if (snap.files.size === 0) earliest *= 2;
      if (partial.filter((p) => p.files.size > 0).length >= 2) break;
    }
    expect(partial.length).toBeGreaterThan(0);
    const finalRun = await start('ingest', portfolio, '--db', killedDb, '--json').done;
    expect(finalRun.status, finalRun.stderr).toBe(0);
    const finalFiles = (JSON.parse(finalRun.stdout) as { files: { status: string }[] }).files;
    expect(finalFiles.every((f) => f.status === 'loaded' || f.status === 'unchanged')).toBe(true);
    // The earlier runs got somewhere: the rerun found files already loaded.
    expect(finalFiles.some((f) => f.status === 'unchanged')).toBe(true);

    const cleanRun = await clean.done;
    expect(cleanRun.status, cleanRun.stderr).toBe(0);
    const cleanFiles = (JSON.parse(cleanRun.stdout) as { files: { status: string }[] }).files;
    expect(cleanFiles.every((f) => f.status === 'loaded')).toBe(true);
    expect(finalFiles).toHaveLength(cleanFiles.length);

    const reference = await snapshot(cleanDb);
    const recovered = await snapshot(killedDb);
    expect(reference.totals.source_files).toBe(cleanFiles.length);
    expect(recovered.totals).toEqual(reference.totals);
    expect(recovered.orphans).toBe(0);
    expect([...recovered.files.entries()]).toEqual([...reference.files.entries()]);
    // After every kill, each file present was whole: the same rows as the clean run has for it.
    for (const snap of partial) {
      expect(snap.orphans).toBe(0);
      for (const [path, rows] of snap.files) expect(rows, path).toBe(reference.files.get(path));
    }
    // And the figures agree.
    const scoresClean = cmmc('scores', '--db', cleanDb, '--as-of', AS_OF, '--json');
    const scoresKilled = cmmc('scores', '--db', killedDb, '--as-of', AS_OF, '--json');
    expect(scoresClean.status).toBe(0);
    expect(scoresKilled.stdout).toBe(scoresClean.stdout);
  }, 300_000);
});

describe('unwritable outputs and bad input', () => {
  let db = '';
  beforeAll(() => {
    db = join(dir, 'small.duckdb');
    const ingest = cmmc('ingest', join(fixtures, 'portfolios/small'), '--db', db);
    expect(ingest.status, ingest.stdout + ingest.stderr).toBe(0);
  });

  // As root chmod 0555 stops nobody, so the unwritable folder is a path under a regular file.
  const underFile = '/etc/hostname/reports';
  const tooLong = join(tmpdir(), 'x'.repeat(300));

  it.each([
    ['a folder under a file', underFile, /a file stands where a folder is needed/],
    ['a path with a 300-character name', tooLong, /the path is too long/],
  ])('report to %s: one line, exit 1', (_, out, reason) => {
    const result = cmmc('report', 'portfolio', '--db', db, '--as-of', AS_OF, '--out', out);
    expect(result.status).toBe(1);
    expect(oneLine(result.stderr)).toMatch(/^cmmc report: /);
    expect(result.stderr).toMatch(reason);
  });

  it.each([
    ['a folder under a file', '/etc/hostname/cmmc.duckdb', /not a directory/i],
    ['a path with a 300-character name', join(tooLong, 'cmmc.duckdb'), /too long/i],
  ])('ingest into a database in %s: one line, exit 1', (_, path, reason) => {
    const result = cmmc('ingest', join(fixtures, 'bad/name-sql.csv'), '--db', path);
    expect(result.status).toBe(1);
    expect(oneLine(result.stderr)).toMatch(/^cmmc ingest: cannot open database /);
    expect(result.stderr).toMatch(reason);
  });

  it('ingests the bad corpus: every failed file named with its reason, the good ones loaded, exit 1', () => {
    const expected = JSON.parse(readFileSync(join(fixtures, 'bad/expected.json'), 'utf8')) as {
      file: string;
      status: string;
    }[];
    const result = cmmc('ingest', join(fixtures, 'bad'), '--db', join(dir, 'bad.duckdb'), '--json');
    expect(result.status).toBe(1);
    const files = (JSON.parse(result.stdout) as { files: { path: string; status: string }[] })
      .files;
    for (const e of expected) {
      const outcome = files.find((f) => f.path.endsWith(`/${e.file}`));
      expect(outcome?.status, e.file).toBe(e.status);
    }
  });
});

describe('hostile text from suppliers', () => {
  let requests: string[] = [];
  let port = 0;
  let server: ReturnType<typeof createServer>;
  let db = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'image/png' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    requests = [];

    const input = join(dir, 'hostile');
    mkdirSync(input, { recursive: true });
    for (const name of readdirSync(join(fixtures, 'bad')).filter((n) => n.startsWith('name-'))) {
      copyFileSync(join(fixtures, 'bad', name), join(input, name));
    }
    const company = `Pixel <img src="http://127.0.0.1:${port}/name.png"> Works`;
    const assessment = [
      `Company,"${company.replaceAll('"', '""')}"`,
      'Assessment Date,2026-10-01',
      'Requirement,Status,Comments',
      `3.1.1,MET,"<img src=""http://127.0.0.1:${port}/comment.png"">"`,
      '3.1.9,NOT MET,',
      '3.1.10,NOT MET,',
    ].join('\n');
    const poam = [
      `Company,"${company.replaceAll('"', '""')}"`,
      '',
      'Requirement,Weakness,Remediation Plan,Scheduled Completion,Status',
      `3.1.9,"<img src=""http://127.0.0.1:${port}/weakness.png""> banner missing","<link rel=stylesheet href=""http://127.0.0.1:${port}/x.css"">",2026-12-01,Open`,
      `3.1.10,"<iframe src=""http://127.0.0.1:${port}/frame""></iframe><script>fetch('http://127.0.0.1:${port}/js')</script>",fix,2026-12-15,Open`,
    ].join('\n');
    writeFileSync(join(input, 'pixel-assessment.csv'), `${assessment}\n`);
    writeFileSync(join(input, 'pixel-poam.csv'), `${poam}\n`);
    db = join(dir, 'hostile.duckdb');
    const ingest = cmmc('ingest', input, '--db', db, '--json');
    const files = (
      JSON.parse(ingest.stdout) as { files: { path: string; status: string; error: string }[] }
    ).files;
    expect(
      files.filter((f) => f.status !== 'loaded'),
      ingest.stderr,
    ).toEqual([]);
  });
  afterAll(() => {
    server?.close();
  });

  it('binds every value: a name with SQL in it is stored, scored and selected as plain text', async () => {
    const name = "x'); drop table organizations; --";
    const scores = cmmc('scores', '--db', db, '--as-of', AS_OF, '--json');
    expect(scores.status, scores.stderr).toBe(0);
    const rows = JSON.parse(scores.stdout) as { organizationName: string; score: number }[];
    expect(rows.find((r) => r.organizationName === name)?.score).toBe(110);
    const out = join(dir, 'sql-report');
    const report = cmmc(
      'report',
      'supplier',
      name,
      '--db',
      db,
      '--as-of',
      AS_OF,
      '--format',
      'html',
      '--out',
      out,
    );
    expect(report.status, report.stderr).toBe(0);
    expect(readdirSync(out).filter((name) => name.endsWith('.html'))).toHaveLength(1);
    const store = await openStore(db, { readOnly: true });
    try {
      const [count] = await store.all<{ n: number }>(
        'select count(*)::int as n from organizations',
      );
      expect(count?.n).toBe(rows.length);
    } finally {
      store.close();
    }
  });

  it('escapes every name and comment in the HTML reports, and names files from safe characters only', () => {
    const out = join(dir, 'html');
    for (const args of [
      ['report', 'portfolio'],
      ['report', 'supplier', '--all'],
    ]) {
      const result = cmmc(...args, '--db', db, '--as-of', AS_OF, '--format', 'html', '--out', out);
      expect(result.status, result.stderr).toBe(0);
    }
    const html = listFiles(out).filter((f) => f.endsWith('.html'));
    // Five hostile names, the pixel supplier, and the portfolio.
    expect(html).toHaveLength(7);
    for (const file of html) {
      expect(file.slice(out.length + 1)).toMatch(/^(?:[a-z0-9-]+\/)?[a-z0-9][a-z0-9._-]*\.html$/);
    }
    const text = html.map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(text).not.toContain('<script>alert');
    expect(text).not.toContain('<img src="http://127.0.0.1');
    expect(text).not.toContain('<iframe');
    expect(text).toContain('&lt;script&gt;alert(');
    // Handlebars escapes `=` too.
    expect(text).toContain('&lt;img src&#x3D;&quot;http://127.0.0.1');
    expect(text).toContain('../../etc/passwd');
    expect(existsSync(join(out, '..', 'etc'))).toBe(false);
  });

  it('renders the PDFs with no request leaving the page, hostile text shown as text', () => {
    const out = join(dir, 'pdf');
    for (const args of [
      ['report', 'portfolio'],
      ['report', 'supplier', '--all'],
    ]) {
      const result = cmmc(
        ...args,
        '--db',
        db,
        '--as-of',
        AS_OF,
        '--out',
        out,
        '--concurrency',
        '2',
      );
      expect(result.status, result.stderr).toBe(0);
    }
    expect(requests).toEqual([]);
    const pdfs = listFiles(out).filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(7);
    const text = pdfs
      .map((f) => spawnSync('pdftotext', [f, '-'], { encoding: 'utf8' }).stdout)
      .join('\n')
      .replace(/\s+/g, ' ');
    expect(text).toContain('<script>alert("x")</script>');
    expect(text).toContain(`<img src="http://127.0.0.1:${port}/weakness.png"> banner missing`);
    expect(text).toContain(`Pixel <img src="http://127.0.0.1:${port}/name.png"> Works`);
  }, 180_000);
});

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
