import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
import { CliError, usageError } from '../errors.js';
import { type Io, writeJson, writeLine } from '../output.js';

export const exportUsage = `Usage: cmmc export poam     --org <name-or-CAGE> | --all --format xlsx|csv|oscal [--template fedramp|cmmc]
                         [--as-of d] [--out f|-] [--db f] [--json]
       cmmc export results  --org <name-or-CAGE> | --all --format xlsx|csv|json [--as-of d] [--out f|-] [--db f]
                         [--json]
       cmmc export parquet  --out <dir> [--overwrite] [--db f] [--json]

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
  --out <path>        file to write; a folder for FedRAMP or OSCAL exports of several suppliers and for parquet;
                      - writes the one file to standard output (messages go to standard error)
  --overwrite         parquet: replace tables an earlier export left in --out
  --db <file>         database file (default: $CMMC_DB, else ./cmmc.duckdb)
  -h, --help          show this help

Examples:
  cmmc export poam --org 1ABC2 --format xlsx --template fedramp --out acme-poam.xlsx
  cmmc export poam --all --format oscal --out oscal/
  cmmc export parquet --out warehouse/
  cmmc export poam --org 1ABC2 --format csv --out - | other-tool`;

function describe(result: ExportResult, what: string, toStdout: boolean): string {
  const files = toStdout
    ? 'standard output'
    : result.files.length === 1
      ? result.files[0]
      : `${result.files.length} files`;
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
      json: { type: 'boolean' },
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
  const toStdout = values.out === '-';
  if (toStdout && values.json) {
    throw usageError('--out - and --json both write to standard output: choose one', exportUsage);
  }
  const database = databasePath(values.db, io);
  if (kind === 'parquet') {
    if (!values.out) throw usageError('--out <dir> is required', exportUsage);
    if (toStdout)
      throw usageError('parquet writes a folder of files: --out - cannot hold it', exportUsage);
    const out = resolve(values.out);
    const tables = await withStore(database, (store) =>
      exportParquet(store, out, { overwrite: values.overwrite === true }),
    );
    if (values.json) writeJson(io, { kind, out, tables });
    else writeLine(io, `${tables.length} tables written as Parquet under ${out}.`);
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
  /** Runs the export into `--out`, or into a private folder whose one file is copied to standard output. */
  const write = (
    defaultOut: string,
    exporter: (outPath: string) => Promise<ExportResult>,
  ): Promise<ExportResult> =>
    toStdout
      ? exportToStdout(io, defaultOut, exporter)
      : exporter(resolve(values.out ?? defaultOut));
  const report = (result: ExportResult, what: string, template?: string): number => {
    if (values.json) {
      writeJson(io, {
        kind,
        format,
        ...(template ? { template } : {}),
        organization,
        asOf,
        records: result.records,
        files: result.files,
        skipped: result.skipped ?? [],
      });
    } else if (toStdout) io.err.write(`${describe(result, what, true)}\n`);
    else writeLine(io, describe(result, what, false));
    return 0;
  };
  if (kind === 'results') {
    if (format !== 'xlsx' && format !== 'csv' && format !== 'json') {
      throw usageError(`results --format must be xlsx, csv or json, got "${format}"`, exportUsage);
    }
    const result = await write(`results.${format}`, (outPath) =>
      withStore(database, (store) => exportResults(store, { organization, format, asOf, outPath })),
    );
    return report(result, 'result rows');
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
  const result = await write(defaultOut, (outPath) =>
    withStore(database, (store) => {
      if (format === 'oscal') return exportPoamOscal(store, { organization, asOf, outPath });
      if (format === 'csv') return exportPoamCsv(store, { organization, template, asOf, outPath });
      return exportPoamWorkbook(store, { organization, template, asOf, outPath });
    }),
  );
  return report(result, 'POA&M items', template);
}

/**
 * `--out -`: the export is written into a private temporary folder and its one file copied to standard output, so
 * the exporters keep writing files (and a pipe gets the same bytes a file would); the folder is removed afterwards.
 * An export of one file per supplier cannot be one stream: it is refused, naming the alternatives.
 */
async function exportToStdout(
  io: Io,
  fileName: string,
  exporter: (outPath: string) => Promise<ExportResult>,
): Promise<ExportResult> {
  const dir = await mkdtemp(join(tmpdir(), 'cmmc-export-'));
  try {
    // a name with an extension, so exporters that write a folder for several suppliers still see a file name
    const result = await exporter(
      join(dir, fileName.includes('.') ? fileName : `${fileName}.xlsx`),
    );
    if (result.files.length > 1) {
      throw new CliError(
        'FAILED',
        `--out - writes one file to standard output, but this export is ${result.files.length} files (one per supplier): name one supplier with --org, use --template cmmc or --format csv, or give --out a folder`,
      );
    }
    const [file] = result.files;
    if (file !== undefined) {
      const bytes = await readFile(file);
      await new Promise<void>((done, fail) =>
        io.out.write(bytes, (error) => (error ? fail(error) : done())),
      );
    }
    return { ...result, files: result.files.map(() => '-') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
