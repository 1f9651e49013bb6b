import type { Readable } from 'node:stream';
import { EARLIEST_DATE, isPlausibleDate, LATEST_DATE } from '@cmmc/catalog';
import { type IngestReport, ingestPaths, ioFailureStop, loadMapping } from '@cmmc/ingest';
import { StoreError } from '@cmmc/store';
import { parseCommandArgs } from '../args.js';
import { databasePath, withWritableStore } from '../database.js';
import { usageError } from '../errors.js';
import { formatTable, type Io, paint, tableLayout, writeJson, writeLine } from '../output.js';
import { createProgress } from '../progress.js';

export const ingestUsage = `Usage: cmmc ingest <file-or-folder>... [--db <file>] [--org <name>] [--mapping <map.json>]
                   [--date-order mdy|dmy] [--assessment-date YYYY-MM-DD] [--file-timeout <seconds>] [--json]
       find drop/ -name '*.xlsx' | cmmc ingest - [options]

Load supplier assessments and POA&M files (xlsx, csv, tsv, txt) into the database. Each file loads all or
nothing, even if the process is killed; unreadable rows are kept in rejected_rows with their location; a file
loaded before is left unchanged, and a changed file replaces its earlier version. A - among the paths reads more
paths from standard input, one a line (or separated by NUL bytes, as find -print0 writes them).

Options:
  --db <file>         database file (default: $CMMC_DB, else ./cmmc.duckdb)
  --org <name>        the supplier every file belongs to (default: suppliers.csv, workbook metadata,
                      then the supplier's folder name)
  --mapping <file>    a JSON mapping for a layout the ingester does not recognise
  --date-order <o>    how to read ambiguous dates like 03/04/2026: mdy or dmy (default: reject them)
  --assessment-date <YYYY-MM-DD>
                      the assessment date of files that state none (the file and suppliers.csv come
                      first); also dates files loaded before without one. A file with no date from
                      anywhere still loads, with a warning, and has no status until it gets one
  --file-timeout <s>  stop reading any one file after this many seconds (default 30); it fails alone
  --json              print { "files": [...] } instead of a summary
  -h, --help          show this help

Exit status: 0 when every file loaded or was unchanged and nothing was rejected; 1 when anything failed or was
rejected (the rest is still loaded) or the run stopped on a disk or database error (the report lists the files
committed before it); 2 on a usage error.

Example:
  cmmc ingest fixtures/portfolios/small --db portfolio.duckdb`;

export async function runIngest(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      db: { type: 'string' },
      org: { type: 'string' },
      mapping: { type: 'string' },
      'date-order': { type: 'string' },
      'file-timeout': { type: 'string' },
      'assessment-date': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    ingestUsage,
    true,
  );
  if (values.help) {
    writeLine(io, ingestUsage);
    return 0;
  }
  if (positionals.length === 0)
    throw usageError('name at least one file or folder to ingest', ingestUsage);
  const paths = positionals.includes('-') ? await expandStdinPaths(positionals, io) : positionals;
  if (paths.length === 0) throw usageError('standard input named no file to ingest', ingestUsage);
  const dateOrder = values['date-order'];
  if (dateOrder !== undefined && dateOrder !== 'mdy' && dateOrder !== 'dmy') {
    throw usageError(`--date-order must be mdy or dmy, got "${dateOrder}"`, ingestUsage);
  }
  const assessmentDate = values['assessment-date'];
  if (assessmentDate !== undefined && !isCalendarDate(assessmentDate)) {
    throw usageError(
      `--assessment-date must be a day written YYYY-MM-DD, got "${assessmentDate}"`,
      ingestUsage,
    );
  }
  if (assessmentDate !== undefined && !isPlausibleDate(assessmentDate)) {
    throw usageError(
      `--assessment-date must be a date from ${EARLIEST_DATE} to ${LATEST_DATE}, got "${assessmentDate}"`,
      ingestUsage,
    );
  }
  const fileTimeout = values['file-timeout'];
  const fileTimeoutSeconds = fileTimeout === undefined ? undefined : Number(fileTimeout);
  if (
    fileTimeoutSeconds !== undefined &&
    !(Number.isFinite(fileTimeoutSeconds) && fileTimeoutSeconds > 0 && fileTimeoutSeconds <= 3600)
  ) {
    throw usageError(
      `--file-timeout must be a number of seconds from 1 to 3600, got "${fileTimeout}"`,
      ingestUsage,
    );
  }
  const mapping = values.mapping ? await loadMapping(values.mapping) : undefined;
  const progress = createProgress(io);
  const path = databasePath(values.db, io);
  let report: IngestReport | undefined;
  try {
    await withWritableStore(path, async (store) => {
      report = await ingestPaths(store, paths, {
        ...(values.org ? { organization: values.org } : {}),
        ...(mapping ? { mapping } : {}),
        ...(dateOrder ? { dateOrder } : {}),
        ...(assessmentDate ? { assessmentDate } : {}),
        ...(fileTimeoutSeconds ? { fileTimeoutMs: Math.round(fileTimeoutSeconds * 1000) } : {}),
        onProgress: ({ done, total, path }) => progress.update(done, total, path),
      });
    });
  } catch (error) {
    // Opening or closing the database on a full disk fails the same way a batch does: still print what was done.
    // Another writer holding the file is not an I/O failure: its own message ("database ... is busy") says what to do.
    if (error instanceof StoreError && error.code === 'DATABASE_BUSY') throw error;
    // Neither is a path that cannot hold a database (a folder under a file, a name too long): nothing was written,
    // and "cannot open database ...: Not a directory" says why. Only a full disk at open time is a stopped run.
    if (
      error instanceof StoreError &&
      error.code === 'OPEN_FAILED' &&
      report === undefined &&
      !/no space left/i.test(error.message)
    ) {
      throw error;
    }
    const stopped = ioFailureStop(error, path);
    if (!stopped) throw error;
    report = {
      files: report?.files ?? [],
      stopped: { code: stopped.code, message: stopped.message },
    };
  }
  if (!report) throw new Error('ingest gave no report');
  progress.finish();
  if (values.json) writeJson(io, report);
  else printSummary(report, io);
  // A stopped run (disk full, I/O error) still printed what it did; the cause is one line on stderr.
  if (report.stopped) io.err.write(`cmmc ingest: ${report.stopped.message}\n`);
  const clean =
    !report.stopped && report.files.every((f) => f.status !== 'failed' && f.rejected.length === 0);
  return clean ? 0 : 1;
}

/**
 * Replaces `-` with the paths read from standard input: one a line, or NUL-separated when the input holds a NUL
 * (`find -print0`, for names with line breaks). Blank lines are skipped; a CR before a line break is dropped.
 */
async function expandStdinPaths(positionals: readonly string[], io: Io): Promise<string[]> {
  const input = io.in as (Readable & { isTTY?: boolean }) | undefined;
  if (input === undefined || input.isTTY === true) {
    throw usageError('- reads the paths from standard input: pipe a list into it', ingestUsage);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  const text = Buffer.concat(chunks).toString('utf8');
  const listed = (text.includes('\0') ? text.split('\0') : text.split(/\r?\n/)).filter(
    (path) => path.trim() !== '',
  );
  return positionals.flatMap((p) => (p === '-' ? listed : [p]));
}

/** `2026-09-14`, a day that exists. */
function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function printSummary(report: IngestReport, io: Io): void {
  const count = (status: string) => report.files.filter((f) => f.status === status).length;
  const rows = report.files.reduce((sum, f) => sum + f.rowsLoaded, 0);
  const rejected = report.files.flatMap((f) => f.rejected.map((r) => ({ file: f.path, ...r })));
  const failed = report.files.filter((f) => f.status === 'failed');
  writeLine(
    io,
    `${paint(io, 'Files', 'bold')}: ${count('loaded')} loaded, ${count('unchanged')} unchanged, ${failed.length} failed; ${rows} rows loaded, ${rejected.length} rejected.`,
  );
  const warned = report.files.filter((f) => f.warnings.length > 0);
  if (warned.length > 0) {
    writeLine(io, `\n${paint(io, 'Warnings', 'yellow')}:`);
    for (const f of warned) for (const w of f.warnings) writeLine(io, `  ${f.path}: ${w}`);
  }
  if (failed.length > 0) {
    writeLine(io, `\n${paint(io, 'Failed files', 'red')}:`);
    for (const f of failed) writeLine(io, `  ${f.error ?? f.path}`);
  }
  if (rejected.length > 0) {
    writeLine(io, `\n${paint(io, 'Rejected rows', 'yellow')}:`);
    writeLine(
      io,
      formatTable(
        rejected.slice(0, 200),
        [
          { header: 'File', value: (r) => r.file, max: 40 },
          { header: 'Sheet', value: (r) => r.sheet, max: 24 },
          { header: 'Row', value: (r) => r.row, align: 'right' },
          { header: 'Col', value: (r) => r.column },
          { header: 'Reason', value: (r) => r.reason },
          { header: 'Message', value: (r) => r.message, max: 90 },
        ],
        tableLayout(io),
      ),
    );
    if (rejected.length > 200)
      writeLine(io, `… and ${rejected.length - 200} more (use --json for all).`);
  }
}
