import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadSql, quotedString, type Store } from '@cmmc/store';
import { ExportError } from './errors.js';
import { checkOutputTarget } from './write-output.js';

const SQL = new URL('../sql/', import.meta.url);

/** A table written by `exportParquet`: where it went and whether it is split into `organization_id=<id>/` folders. */
export interface ParquetTable {
  table: string;
  /** Relative to the output folder: a folder of hive partitions, or one `.parquet` file for the catalog tables. */
  path: string;
  partitioned: boolean;
}

/**
 * Tables exported and the query file each comes from. Portfolio tables are partitioned by organization (a table
 * without the column gets it by a join); the catalog tables belong to no organization and are single files.
 */
export const PARQUET_TABLES: readonly { table: string; query: string; partitioned: boolean }[] = [
  { table: 'organizations', query: 'parquet-organizations', partitioned: true },
  { table: 'source_files', query: 'parquet-source-files', partitioned: true },
  { table: 'assessments', query: 'parquet-assessments', partitioned: true },
  { table: 'requirement_results', query: 'parquet-requirement-results', partitioned: true },
  { table: 'objective_results', query: 'parquet-objective-results', partitioned: true },
  { table: 'poam_items', query: 'parquet-poam-items', partitioned: true },
  { table: 'poam_milestones', query: 'parquet-poam-milestones', partitioned: true },
  { table: 'rejected_rows', query: 'parquet-rejected-rows', partitioned: true },
  { table: 'requirements', query: 'parquet-requirements', partitioned: false },
  { table: 'requirement_objectives', query: 'parquet-requirement-objectives', partitioned: false },
  { table: 'rule_constants', query: 'parquet-rule-constants', partitioned: false },
];

export interface ParquetOptions {
  /** Replace what an earlier export left in the folder; without it an existing table folder is an error. */
  overwrite?: boolean;
}

/**
 * Copies every table to Parquet under `outDir` with DuckDB's `COPY … (FORMAT parquet, PARTITION_BY
 * (organization_id))`: `outDir/<table>/organization_id=<id>/data_0.parquet` (hive layout, so Spark, Trino or DuckDB's
 * `read_parquet` over the table folder with `hive_partitioning = true` read the id back from the folder name), and
 * `outDir/<table>.parquet` for the catalog tables. A table with no rows writes no files. Reads the store only.
 * Every table is written into a staging folder inside `outDir` first and renamed into place once all are written,
 * so a failed export leaves what was there before; a symbolic link (or a file where a folder belongs) at a table's
 * place is refused, never followed.
 * @throws ExportError OUTPUT_EXISTS when a table's output exists and `overwrite` is not set; WRITE_FAILED.
 * OutputError (`writeOutputFile`'s codes) for a link or a wrong kind of entry at a table's place.
 */
export async function exportParquet(
  store: Store,
  outDir: string,
  options: ParquetOptions = {},
): Promise<ParquetTable[]> {
  const root = resolve(outDir);
  await mkdir(root, { recursive: true });
  const targets = PARQUET_TABLES.map((t) => {
    const path = t.partitioned ? t.table : `${t.table}.parquet`;
    return { ...t, path, target: join(root, path) };
  });
  for (const { target, partitioned } of targets) {
    const present = await checkOutputTarget(target, partitioned ? 'folder' : 'file');
    const exists = present && (!partitioned || readdirSync(target).length > 0);
    if (exists && !options.overwrite) {
      throw new ExportError(
        'OUTPUT_EXISTS',
        `${target} already exists; choose an empty folder or export with overwrite`,
      );
    }
  }
  const staging = await mkdtemp(join(root, '.cmmc-parquet-'));
  try {
    for (const { query, partitioned, path, target } of targets) {
      const select = loadSql(SQL, query).text.replace(/;\s*$/, '');
      const copyOptions = partitioned
        ? 'format parquet, partition_by (organization_id)'
        : 'format parquet';
      try {
        await store.run({
          name: query,
          text: `copy (${select}) to ${quotedString(join(staging, path))} (${copyOptions})`,
        });
      } catch (cause) {
        throw new ExportError(
          'WRITE_FAILED',
          `cannot write ${target}: ${(cause as Error).message}`,
          {
            cause,
          },
        );
      }
    }
    for (const { partitioned, path, target } of targets) {
      // Checked again: the folder may have changed while DuckDB wrote.
      if (await checkOutputTarget(target, partitioned ? 'folder' : 'file')) {
        await rm(target, { recursive: true, force: true });
      }
      const staged = join(staging, path);
      if (existsSync(staged)) await rename(staged, target);
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return targets.map(({ table, path, partitioned }) => ({ table, path, partitioned }));
}
