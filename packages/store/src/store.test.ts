import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { schemaMigrations } from './migrate.js';
import { openStore, type Store } from './store.js';

const stores: Store[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function memoryStore(): Promise<Store> {
  const store = await openStore(':memory:');
  stores.push(store);
  return store;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cmmc-store-'));
  dirs.push(dir);
  return dir;
}

describe('openStore', () => {
  it('applies every schema file once and in order, and seeds the catalog', async () => {
    const store = await memoryStore();
    const applied = await store.all<{ version: number }>(
      'select version from schema_migrations order by version',
    );
    expect(applied.map((r) => r.version)).toEqual(schemaMigrations().map((m) => m.version));
    const [counts] = await store.all<{
      l1: number;
      l2: number;
      l3: number;
      points: number;
      objectives: number;
    }>(
      `select count(*) filter (where level = 1) as l1, count(*) filter (where level = 2) as l2,
              count(*) filter (where level = 3) as l3, sum(points) filter (where level = 2) as points,
              (select count(*) from requirement_objectives) as objectives
       from requirements`,
    );
    expect(counts).toEqual({ l1: 17, l2: 110, l3: 24, points: 313, objectives: 320 });
  });

  it('does not re-apply migrations when a file is opened again', async () => {
    const path = join(tempDir(), 'a.duckdb');
    const first = await openStore(path);
    await first.run("insert into organizations (id, name, name_key) values (1, 'Acme', 'acme')");
    first.close();
    const second = await openStore(path);
    stores.push(second);
    expect(await second.all('select name from organizations')).toEqual([{ name: 'Acme' }]);
    const [{ n }] = (await second.all<{ n: number }>(
      'select count(*) as n from schema_migrations',
    )) as [{ n: number }];
    expect(n).toBe(schemaMigrations().length);
  });

  it('opens again a new file whose creator was killed right after migrating (no schema change left in the WAL)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cmmc-store-killed-'));
    dirs.push(dir);
    const path = join(dir, 'killed.duckdb');
    // The built store, as `cmmc ingest` runs it; the process dies without closing, as under SIGKILL.
    const store = new URL('../dist/index.js', import.meta.url).href;
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { openStore } = await import(${JSON.stringify(store)}); await openStore(${JSON.stringify(path)}); process.kill(process.pid, 'SIGKILL');`,
      ],
      { encoding: 'utf8' },
    );
    expect(child.signal, child.stderr).toBe('SIGKILL');
    // DuckDB 1.5 could not replay migration 009's ALTER TABLE organizations ADD COLUMN from the WAL: before the
    // checkpoint after migrating, this open failed with "Failure while replaying WAL file".
    const reopened = await openStore(path);
    stores.push(reopened);
    expect(await reopened.all('select count(*)::int as n from organizations')).toEqual([{ n: 0 }]);
  });

  it('refuses to open read-only a file an older version wrote, naming the schema it lacks', async () => {
    const path = join(tempDir(), 'old.duckdb');
    const writer = await openStore(path);
    const newest = schemaMigrations().at(-1)?.name ?? '';
    // as a file from before the newest schema file: not recorded as applied
    await writer.run('delete from schema_migrations where name = $name', { name: newest });
    writer.close();
    await expect(openStore(path, { readOnly: true })).rejects.toMatchObject({
      code: 'SCHEMA_OUTDATED',
      message: expect.stringContaining(newest),
    });
    // a DuckDB file that is not ours at all
    const foreign = join(tempDir(), 'foreign.duckdb');
    const instance = await DuckDBInstance.create(foreign);
    const connection = await instance.connect();
    await connection.run('create table t (x integer)');
    connection.closeSync();
    instance.closeSync();
    await expect(openStore(foreign, { readOnly: true })).rejects.toMatchObject({
      code: 'SCHEMA_OUTDATED',
      message: expect.stringContaining('not a cmmc-portfolio database'),
    });
  });

  it('never creates a file it is asked to open read-only', async () => {
    const path = join(tempDir(), 'typo.duckbd');
    await expect(openStore(path, { readOnly: true })).rejects.toMatchObject({
      code: 'DATABASE_MISSING',
      message: expect.stringContaining(path),
    });
    expect(existsSync(path)).toBe(false);
  });

  it('reads without writing beside the file: its spill folder is its own, under tmp, and removed', async () => {
    const dir = tempDir();
    const path = join(dir, 'reader.duckdb');
    (await openStore(path)).close();
    const before = readdirSync(dir).sort();
    const ownFolders = () =>
      readdirSync(tmpdir()).filter((f) => f.startsWith(`cmmc-duckdb-${process.pid}-`));
    const reader = await openStore(path, { readOnly: true });
    stores.push(reader);
    // a temporary table larger than the memory limit spills to the temporary folder
    await reader.run("set memory_limit = '16MB'");
    await reader.run('set threads = 1');
    await reader.run(
      'create temp table big as select i, md5(i::varchar) || md5((i + 1)::varchar) as h from range(800000) t(i)',
    );
    const [spilled] = await reader.all<{ n: number }>(
      'select count(*) as n from duckdb_temporary_files()',
    );
    expect(spilled?.n).toBeGreaterThan(0);
    expect(ownFolders()).toHaveLength(1);
    reader.close();
    expect(ownFolders()).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(before);
  }, 30_000);

  it('returns numbers, ISO dates and nulls, never bigint', async () => {
    const store = await memoryStore();
    const rows = await store.all(
      "select 42::bigint as n, date '2026-02-28' as d, null as z, [1, 2] as l",
    );
    expect(rows).toEqual([{ n: 42, d: '2026-02-28', z: null, l: [1, 2] }]);
  });

  it('runs work with the threads it is given and puts the setting back, after a failure too', async () => {
    const store = await openStore(':memory:', { threads: 2 });
    stores.push(store);
    const threads = async () =>
      (await store.all<{ t: number }>("select current_setting('threads')::integer as t"))[0]?.t;
    expect(await store.withThreads(1, threads)).toBe(1);
    expect(await threads()).toBe(2);
    await expect(
      store.withThreads(1, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await threads()).toBe(2);
  });

  it('binds named parameters', async () => {
    const store = await memoryStore();
    const rows = await store.all('select $name as name', { name: "O'Brien; drop table x" });
    expect(rows).toEqual([{ name: "O'Brien; drop table x" }]);
  });

  it('rolls back everything a failed transaction wrote, appended rows included', async () => {
    const store = await memoryStore();
    await expect(
      store.transaction(async (tx) => {
        await tx.append('organizations', [
          [7, 'Beta', 'beta', null, null, '2026-01-01 00:00:00', null],
        ]);
        await tx.run("insert into organizations (id, name, name_key) values (8, 'Gamma', 'gamma')");
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.all('select * from organizations')).toEqual([]);
  });

  it('appends strings into DATE columns', async () => {
    const store = await memoryStore();
    await store.transaction((tx) =>
      tx.append('poam_milestones', [
        [1, 1, 'draft', '2026-10-01', null],
        [1, 2, 'verify', '2026-11-15', '2026-11-20'],
      ]),
    );
    const rows = await store.all(
      'select sequence, due_date, completed_date from poam_milestones order by 1',
    );
    expect(rows).toEqual([
      { sequence: 1, due_date: '2026-10-01', completed_date: null },
      { sequence: 2, due_date: '2026-11-15', completed_date: '2026-11-20' },
    ]);
  });

  it('snapshots effective_findings until the next write, so a query never reads stale findings', async () => {
    const store = await memoryStore();
    const findings = async () =>
      (
        await store.all<{ finding: string }>(
          "select finding from effective_findings where assessment_id = 1 and nist_id = '3.1.1'",
        )
      ).map((r) => r.finding);
    const assessment = (id: number) => [
      id,
      1,
      1,
      2,
      'self',
      '2026-01-01',
      null,
      null,
      null,
      null,
      false,
      null,
      null,
      null,
    ];
    await store.transaction(async (tx) => {
      await tx.append('assessments', [assessment(1)]);
      await tx.append('requirement_results', [
        [1, 1, '3.1.1', 'MET', 'Met', null, false, null, null, null, null, null],
      ]);
    });
    await store.refreshEffectiveFindings();
    expect(await store.all('select count(*) as n from temp.effective_findings')).toEqual([
      { n: 110 },
    ]);
    expect(await findings()).toEqual(['MET']);
    // A later NOT MET row for the same requirement wins (worst finding); the snapshot must not hide it.
    await store.transaction((tx) =>
      tx.append('requirement_results', [
        [1, 1, '3.1.1', 'NOT_MET', 'No', null, false, null, null, null, null, null],
      ]),
    );
    expect(await findings()).toEqual(['NOT_MET']);
    await store.refreshEffectiveFindings();
    expect(await findings()).toEqual(['NOT_MET']);
    await store.run("delete from requirement_results where finding = 'NOT_MET'");
    expect(await findings()).toEqual(['MET']);
  });

  it('keeps materialised findings per assessment across opens, and recomputes only what changed', async () => {
    const path = join(tempDir(), 'findings.duckdb');
    const assessment = (id: number) => [
      id,
      id,
      1,
      2,
      'self',
      '2026-01-01',
      null,
      null,
      null,
      null,
      false,
      null,
      null,
      null,
    ];
    const result = (id: number, finding: string) => [
      id,
      1,
      '3.1.1',
      finding,
      finding,
      null,
      false,
      null,
      null,
      null,
      null,
      null,
    ];
    const finding = async (store: Store, id: number) =>
      (
        await store.all<{ finding: string }>(
          "select finding from effective_findings where assessment_id = $id and nist_id = '3.1.1'",
          { id },
        )
      ).map((r) => r.finding);
    const writer = await openStore(path);
    await writer.transaction(async (tx) => {
      await tx.append('assessments', [assessment(1), assessment(2)]);
      await tx.append('requirement_results', [result(1, 'MET'), result(2, 'MET')]);
    });
    await writer.refreshEffectiveFindings();
    expect(await writer.all('select count(*) as n from main.materialised_findings')).toEqual([
      { n: 220 },
    ]);
    // written without a refresh (as ingest does), then closed: the table is stale on disk
    await writer.run("update requirement_results set finding = 'NOT_MET' where assessment_id = 2");
    writer.close();

    // a read-only store cannot rewrite the table, but never serves the stale rows
    const reader = await openStore(path, { readOnly: true });
    stores.push(reader);
    await reader.refreshEffectiveFindings();
    expect(await finding(reader, 1)).toEqual(['MET']);
    expect(await finding(reader, 2)).toEqual(['NOT_MET']);
    reader.close();

    const store = await openStore(path);
    stores.push(store);
    await store.refreshEffectiveFindings();
    expect(await finding(store, 2)).toEqual(['NOT_MET']);
    expect(
      await store.all(
        "select assessment_id, finding from main.materialised_findings where nist_id = '3.1.1' order by 1",
      ),
    ).toEqual([
      { assessment_id: 1, finding: 'MET' },
      { assessment_id: 2, finding: 'NOT_MET' },
    ]);
    // a deleted assessment leaves the table too
    await store.run('delete from assessments where id = 1');
    await store.refreshEffectiveFindings();
    expect(
      await store.all('select distinct assessment_id from main.materialised_findings'),
    ).toEqual([{ assessment_id: 2 }]);
    expect(await store.all('select assessment_id from main.materialised_findings_sources')).toEqual(
      [{ assessment_id: 2 }],
    );
  });

  it('lets the views over effective_findings read the materialised rows too', async () => {
    // not_met_findings (migration 006) names effective_findings unqualified so that the connection's temporary
    // view shadows it; a plan that still scans the results would re-aggregate 1.1 M rows per portfolio query.
    const store = await memoryStore();
    const plan = async () =>
      JSON.stringify(await store.all('explain (format json) select * from not_met_findings'));
    expect(await plan()).toContain('requirement_results');
    await store.refreshEffectiveFindings();
    const refreshed = await plan();
    expect(refreshed).toContain('materialised_findings');
    expect(refreshed).not.toContain('requirement_results');
  });

  it('drops a snapshot taken inside a transaction that rolls back', async () => {
    const store = await memoryStore();
    const assessment = [
      1,
      1,
      1,
      2,
      'self',
      '2026-01-01',
      null,
      null,
      null,
      null,
      false,
      null,
      null,
      null,
    ];
    await expect(
      store.transaction(async (tx) => {
        await tx.append('assessments', [assessment]);
        await store.refreshEffectiveFindings();
        expect(await store.all('select count(*) as n from effective_findings')).toEqual([
          { n: 110 },
        ]);
        throw new Error('give up');
      }),
    ).rejects.toThrow('give up');
    expect(await store.all('select count(*) as n from effective_findings')).toEqual([{ n: 0 }]);
    await store.refreshEffectiveFindings();
    expect(await store.all('select count(*) as n from effective_findings')).toEqual([{ n: 0 }]);
  });

  it('reads rows as JSON with the same values as the column-wise reader', async () => {
    const store = await memoryStore();
    const sql =
      "select 1::bigint as id, 'a much longer string than twelve bytes' as name, date '2026-02-28' as day, " +
      "[3, 1]::integer[] as ids, [{'code': 'X', 'points': null::integer}] as reasons, null::varchar as none, " +
      'true as flag, 2.5::decimal(4,1) as amount, 12345678901::hugeint as big order by 1';
    const rows = await store.all(sql);
    expect(rows).toEqual([
      {
        id: 1,
        name: 'a much longer string than twelve bytes',
        day: '2026-02-28',
        ids: [3, 1],
        reasons: [{ code: 'X', points: null }],
        none: null,
        flag: true,
        amount: 2.5,
        big: 12345678901,
      },
    ]);
    expect(await store.all(`${sql};\n`, undefined, { json: true })).toEqual(rows);
    expect(await store.all(`${sql}\n-- a trailing comment`, undefined, { json: true })).toEqual(
      rows,
    );
  });

  it('names the query in the error', async () => {
    const store = await memoryStore();
    await expect(
      store.all({ name: 'broken-query', text: 'select nope from nowhere' }),
    ).rejects.toThrow(/query broken-query failed/);
  });

  it('gives a second process a clear DATABASE_BUSY error instead of a corrupt file', async () => {
    const path = join(tempDir(), 'busy.duckdb');
    const store = await openStore(path);
    stores.push(store);
    await store.run("insert into organizations (id, name, name_key) values (1, 'Acme', 'acme')");
    // A separate process, as a second `cmmc ingest` would be; it runs the built package.
    const built = new URL('../dist/index.js', import.meta.url).href;
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { openStore } = await import(${JSON.stringify(built)});
         try { await openStore(${JSON.stringify(path)}); console.log(JSON.stringify({ code: 'OPENED' })); }
         catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }`,
      ],
      { encoding: 'utf8' },
    );
    const answer = JSON.parse(child.stdout.trim()) as { code: string; message: string };
    expect(answer.code).toBe('DATABASE_BUSY');
    expect(answer.message).toMatch(/busy\.duckdb is busy: another process \(PID \d+\)/);
    expect(await store.all('select name from organizations')).toEqual([{ name: 'Acme' }]);
  });
});
