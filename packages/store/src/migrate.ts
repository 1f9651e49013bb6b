import { readdirSync, readFileSync } from 'node:fs';
import {
  CONDITIONAL_THRESHOLD,
  LEVEL1_REQUIREMENTS,
  LEVEL2_CONDITIONAL_MIN_SCORE,
  LEVEL2_MAX_POAM_ITEM_POINTS,
  LEVEL2_MAX_SCORE,
  LEVEL2_MIN_SCORE,
  LEVEL2_REQUIREMENTS,
  LEVEL3_CONDITIONAL_MIN_SCORE,
  LEVEL3_MAX_SCORE,
  LEVEL3_REQUIREMENTS,
  POAM_CLOSEOUT_DAYS,
  STATUS_VALIDITY_YEARS,
} from '@cmmc/catalog';
import type { DuckDBConnection } from '@duckdb/node-api';
import { StoreError } from './errors.js';

const schemaDir = new URL('../sql/schema/', import.meta.url);

/** The schema files, `NNN-name.sql`, in version order. */
export function schemaMigrations(): { version: number; name: string; text: string }[] {
  return readdirSync(schemaDir)
    .filter((f) => /^\d{3}-[a-z0-9-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 3)),
      name: f.replace(/\.sql$/, ''),
      text: readFileSync(new URL(f, schemaDir), 'utf8'),
    }));
}

/**
 * For a store opened read-only, which cannot migrate: fails at once, naming what is missing, when the file was
 * written by an older version (or is not a cmmc-portfolio database), rather than letting the first query that needs a
 * newer table, view or macro fail with DuckDB's catalog error.
 */
export async function assertMigrated(
  connection: DuckDBConnection,
  databaseLabel: string,
): Promise<void> {
  const applied = (await hasTable(connection, 'schema_migrations'))
    ? await appliedVersions(connection)
    : null;
  const missing = schemaMigrations().filter((m) => !applied?.has(m.version));
  if (missing.length === 0) return;
  throw new StoreError(
    'SCHEMA_OUTDATED',
    applied === null
      ? `${databaseLabel} is not a cmmc-portfolio database (it has no schema_migrations table)`
      : `${databaseLabel} was written by an older cmmc-portfolio and lacks schema ${missing.map((m) => m.name).join(', ')}; open it once read-write to bring it up to date: \`cmmc ingest\` does, before it loads anything (reading commands open it read-only and never change it)`,
  );
}

/** Whether the open database has the table `name` in its main schema. */
export async function hasTable(connection: DuckDBConnection, name: string): Promise<boolean> {
  const result = await connection.runAndReadAll(
    "select count(*) from duckdb_tables() where database_name = current_database() and schema_name = 'main' and table_name = $name",
    { name },
  );
  return Number(result.getRows()[0]?.[0] ?? 0) > 0;
}

/** The schema versions `schema_migrations` records as applied. */
async function appliedVersions(connection: DuckDBConnection): Promise<Set<number>> {
  const result = await connection.runAndReadAll('select version from schema_migrations');
  return new Set(result.getRows().map((r) => Number(r[0])));
}

/**
 * Applies every schema file not yet recorded in `schema_migrations`, once and in order, each in its own transaction;
 * then re-seeds the catalog tables from @cmmc/catalog.
 */
export async function migrate(connection: DuckDBConnection, databaseLabel: string): Promise<void> {
  await connection.run(
    'create table if not exists schema_migrations (version integer primary key, name varchar not null, applied_at timestamp not null default current_timestamp)',
  );
  const applied = await appliedVersions(connection);
  let changed = false;
  for (const migration of schemaMigrations()) {
    if (applied.has(migration.version)) continue;
    changed = true;
    try {
      await connection.run('begin transaction');
      await connection.run(migration.text);
      await connection.run(
        'insert into schema_migrations (version, name) values ($version, $name)',
        {
          version: migration.version,
          name: migration.name,
        },
      );
      await connection.run('commit');
    } catch (cause) {
      await connection.run('rollback').catch(() => undefined);
      throw new StoreError(
        'MIGRATION_FAILED',
        `${databaseLabel}: schema migration ${migration.name} failed: ${(cause as Error).message}`,
        { cause },
      );
    }
  }
  await seedCatalog(connection);
  // DuckDB 1.5 cannot replay an ALTER TABLE ... ADD COLUMN on a table with a `default current_timestamp` column from
  // the write-ahead log ("GetDefaultDatabase with no default database set"): a process killed after migrating but
  // before its next checkpoint left a database that never opened again. Checkpointing here keeps schema changes out
  // of the WAL; only data is ever replayed.
  if (changed) await connection.run('checkpoint');
}

interface RequirementRow {
  level: number;
  nist_id: string;
  cmmc_id: string;
  family: string;
  family_name: string;
  title: string;
  points: number | null;
  partial_points: number | null;
  poam_eligibility: string;
  never_on_poam: boolean;
}

function catalogRows(): RequirementRow[] {
  const level2 = LEVEL2_REQUIREMENTS.map((r) => ({
    level: 2,
    nist_id: r.nistId,
    cmmc_id: r.cmmcId,
    family: r.family,
    family_name: r.familyName,
    title: r.title,
    points: r.points,
    partial_points: r.partialPoints,
    poam_eligibility: r.poamEligibility,
    never_on_poam: r.neverOnPoam,
  }));
  const level1 = LEVEL1_REQUIREMENTS.flatMap((l1) =>
    l1.nistIds.map((nistId) => {
      const r = LEVEL2_REQUIREMENTS.find((x) => x.nistId === nistId);
      return {
        level: 1,
        nist_id: nistId,
        cmmc_id: l1.cmmcId,
        family: l1.family,
        family_name: r?.familyName ?? l1.family,
        title: r?.title ?? l1.title,
        points: null,
        partial_points: null,
        poam_eligibility: 'not-allowed',
        never_on_poam: true,
      };
    }),
  );
  const level3 = LEVEL3_REQUIREMENTS.map((r) => ({
    level: 3,
    nist_id: r.nistId,
    cmmc_id: r.cmmcId,
    family: r.family,
    family_name: LEVEL2_REQUIREMENTS.find((x) => x.family === r.family)?.familyName ?? r.family,
    title: r.title,
    points: r.points,
    partial_points: null,
    poam_eligibility: r.neverOnPoam ? 'never' : 'yes',
    never_on_poam: r.neverOnPoam,
  }));
  return [...level2, ...level1, ...level3];
}

const RULE_CONSTANTS: [string, number, string][] = [
  ['level2_max_score', LEVEL2_MAX_SCORE, '32 CFR 170.24(c)(2)'],
  ['level2_min_score', LEVEL2_MIN_SCORE, 'DoD Assessment Methodology v1.2.1 Annex A'],
  ['level3_max_score', LEVEL3_MAX_SCORE, '32 CFR 170.24(c)(3)'],
  ['conditional_numerator', CONDITIONAL_THRESHOLD.numerator, '32 CFR 170.21(a)(2)(i), (a)(3)(i)'],
  [
    'conditional_denominator',
    CONDITIONAL_THRESHOLD.denominator,
    '32 CFR 170.21(a)(2)(i), (a)(3)(i)',
  ],
  ['level2_conditional_min_score', LEVEL2_CONDITIONAL_MIN_SCORE, '32 CFR 170.21(a)(2)(i)'],
  ['level3_conditional_min_score', LEVEL3_CONDITIONAL_MIN_SCORE, '32 CFR 170.21(a)(3)(i)'],
  ['level2_max_poam_item_points', LEVEL2_MAX_POAM_ITEM_POINTS, '32 CFR 170.21(a)(2)(ii)'],
  ['poam_closeout_days', POAM_CLOSEOUT_DAYS, '32 CFR 170.21(b)'],
  ['level1_validity_years', STATUS_VALIDITY_YEARS[1], '32 CFR 170.15(a)'],
  ['level2_validity_years', STATUS_VALIDITY_YEARS[2], '32 CFR 170.16, 170.17'],
  ['level3_validity_years', STATUS_VALIDITY_YEARS[3], '32 CFR 170.18'],
];

async function seedCatalog(connection: DuckDBConnection): Promise<void> {
  await connection.run('begin transaction');
  try {
    await connection.run('delete from requirements');
    await connection.run('delete from requirement_objectives');
    await connection.run('delete from rule_constants');
    const requirements = await connection.createAppender('requirements');
    for (const r of catalogRows()) {
      requirements.appendInteger(r.level);
      requirements.appendVarchar(r.nist_id);
      requirements.appendVarchar(r.cmmc_id);
      requirements.appendVarchar(r.family);
      requirements.appendVarchar(r.family_name);
      requirements.appendVarchar(r.title);
      if (r.points === null) requirements.appendNull();
      else requirements.appendInteger(r.points);
      if (r.partial_points === null) requirements.appendNull();
      else requirements.appendInteger(r.partial_points);
      requirements.appendVarchar(r.poam_eligibility);
      requirements.appendBoolean(r.never_on_poam);
      requirements.endRow();
    }
    requirements.closeSync();
    const objectives = await connection.createAppender('requirement_objectives');
    for (const r of LEVEL2_REQUIREMENTS) {
      for (const objectiveId of r.objectiveIds) {
        objectives.appendVarchar(r.nistId);
        objectives.appendVarchar(objectiveId);
        objectives.endRow();
      }
    }
    objectives.closeSync();
    const constants = await connection.createAppender('rule_constants');
    for (const [name, value, source] of RULE_CONSTANTS) {
      constants.appendVarchar(name);
      constants.appendInteger(value);
      constants.appendVarchar(source);
      constants.endRow();
    }
    constants.closeSync();
    await connection.run('commit');
  } catch (cause) {
    await connection.run('rollback').catch(() => undefined);
    throw cause;
  }
}
