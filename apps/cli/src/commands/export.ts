import { resolve } from 'node:path';
import { isIsoDate } from '@cmmc/catalog';
import {
  type ExportResult,
  exportParquet,
  exportPoamCsv,
  exportPoamOscal,
  exportPoamWorkbook,
  exportResults,
} from '@cmmc/export';
import { parseAsOf, parseCommandArgs } from '../args.js';
import { databasePath, withStore } from '../database.js';
import { usageError } from '../errors.js';
import { type Io, writeLine } from '../output.js';

export const exportUsage = `Usage: cmmc export poam     --org <name-or-CAGE> | --all --format xlsx|csv|oscal [--template fedramp|cmmc]
                         [--as-of d] [--out f] [--db f]
       cmmc export results  --org <name-or-CAGE> | --all --format xlsx|csv|json [--as-of d] [--out f] [--db f]
       cmmc export parquet  --out <dir> [--overwrite] [--db f]

Get POA&Ms and results out in the forms other tools accept: the FedRAMP POA&M template (Open / Closed POA&M
Items, header row 5, 31 columns) or a compact CMMC POA&M workbook, CSV, OSCAL 1.1 POA&M JSON (stable v5
UUIDs), a results workbook with a per-supplier summary, and Parquet (every table, partitioned by
organization) for Spark, Trino or DuckDB elsewhere. Every text cell is neutralised against formula
injection; exporting never changes the database.

Options:
  --org <name>        one supplier (name or CAGE code); --all for every supplier
  --format <f>        poam: xlsx (default), csv or oscal; results: xlsx (default), csv or json
  --template <t>      POA&M layout: fedramp (default for xlsx) or cmmc (default for csv)
  --as-of <date>      the day statuses, ages, deadlines and overdue flags are computed for (default today)
  --out <path>        file to write; a folder for FedRAMP or OSCAL exports of several suppliers and for parquet
  --overwrite         parquet: replace tables an earlier export left in --out
  --db <file>         database file (default: $CMMC_DB, else ./cmmc.duckdb)
  -h, --help          show this help

Examples:
  cmmc export poam --org 1ABC2 --format xlsx --template fedramp --out acme-poam.xlsx
  cmmc export poam --all --format oscal --out oscal/
  cmmc export parquet --out warehouse/`;

function describe(result: ExportResult, what: string): string {
  const files = result.files.length === 1 ? result.files[0] : `${result.files.length} files`;
  const skipped = result.skipped?.length ?? 0;
  const none =
    skipped === 0
      ? ''
      : ` ${skipped} supplier${skipped === 1 ? '' : 's'} with no POA&M items got no file${skipped <= 5 ? ` (${result.skipped?.join(', ')})` : ''}.`;
  return `${result.records} ${what} written to ${files}.${none}`;
}

export async function runExport(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      org: { type: 'string' },
      all: { type: 'boolean' },
      format: { type: 'string' },
      template: { type: 'string' },
      'as-of': { type: 'string' },
      out: { type: 'string' },
      overwrite: { type: 'boolean' },
      db: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    exportUsage,
    true,
  );
  if (values.help) {
    writeLine(io, exportUsage);
    return 0;
  }
  const [kind, ...extra] = positionals;
  if (extra.length > 0) throw usageError(`unexpected argument "${extra[0]}"`, exportUsage);
  const database = databasePath(values.db, io);
  if (kind === 'parquet') {
    if (!values.out) throw usageError('--out <dir> is required', exportUsage);
    const out = values.out;
    const tables = await withStore(database, (store) =>
      exportParquet(store, resolve(out), { overwrite: values.overwrite === true }),
    );
    writeLine(io, `${tables.length} tables written as Parquet under ${resolve(out)}.`);
    return 0;
  }
  if (kind !== 'poam' && kind !== 'results') {
    throw usageError('say what to export: poam, results or parquet', exportUsage);
  }
  if (!values.org && !values.all)
    throw usageError('name a supplier with --org, or use --all', exportUsage);
  if (values.org && values.all)
    throw usageError('use either --org or --all, not both', exportUsage);
  const organization = values.org ?? 'all';
  const format = values.format ?? 'xlsx';
  const asOf = parseAsOf(values['as-of'], exportUsage, isIsoDate);
  if (kind === 'results') {
    if (format !== 'xlsx' && format !== 'csv' && format !== 'json') {
      throw usageError(`results --format must be xlsx, csv or json, got "${format}"`, exportUsage);
    }
    const outPath = resolve(values.out ?? `results.${format}`);
    const result = await withStore(database, (store) =>
      exportResults(store, { organization, format, asOf, outPath }),
    );
    writeLine(io, describe(result, 'result rows'));
    return 0;
  }
  if (format !== 'xlsx' && format !== 'csv' && format !== 'oscal') {
    throw usageError(`poam --format must be xlsx, csv or oscal, got "${format}"`, exportUsage);
  }
  const template = values.template ?? (format === 'csv' ? 'cmmc' : 'fedramp');
  if (template !== 'fedramp' && template !== 'cmmc') {
    throw usageError(`--template must be fedramp or cmmc, got "${template}"`, exportUsage);
  }
  const defaultOut =
    format === 'oscal'
      ? 'poam-oscal.json'
      : organization === 'all' && template === 'fedramp'
        ? 'poam'
        : `poam.${format}`;
  const outPath = resolve(values.out ?? defaultOut);
  const result = await withStore(database, (store) => {
    if (format === 'oscal') return exportPoamOscal(store, { organization, asOf, outPath });
    if (format === 'csv') return exportPoamCsv(store, { organization, template, asOf, outPath });
    return exportPoamWorkbook(store, { organization, template, asOf, outPath });
  });
  writeLine(io, describe(result, 'POA&M items'));
  return 0;
}
