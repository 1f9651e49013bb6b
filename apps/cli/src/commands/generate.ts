import { isIsoDate } from '@cmmc/catalog';
import { generatePortfolio } from '@cmmc/generator';
import { parseAsOf, parseCommandArgs } from '../args.js';
import { usageError } from '../errors.js';
import { type Io, writeJson, writeLine } from '../output.js';

export const generateUsage = `Usage: cmmc generate --suppliers <n> --out <dir> [--seed <s>] [--as-of YYYY-MM-DD]
                     [--layouts all|csv-heavy] [--json]

Write a synthetic but realistic supplier portfolio: one folder per supplier with its assessment and, where it
has gaps, its POA&M, across every layout the ingester reads; a suppliers.csv manifest; and expected.json with
every supplier's score and status worked out from the catalog rules. The same seed gives the same bytes.

Options:
  --suppliers <n>   how many suppliers
  --out <dir>       where to write (created if missing)
  --seed <s>        random seed (default 1)
  --as-of <date>    the day the portfolio is judged on; dates in the files sit around it (default today)
  --layouts <mix>   all (default) or csv-heavy (faster to read, for large benchmarks)
  --json            print the list of suppliers with their expected outcome
  -h, --help        show this help

Example:
  cmmc generate --suppliers 60 --seed 2026 --as-of 2026-11-28 --out portfolio/`;

export async function runGenerate(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      suppliers: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      'as-of': { type: 'string' },
      layouts: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    generateUsage,
  );
  if (values.help) {
    writeLine(io, generateUsage);
    return 0;
  }
  const suppliers = Number(values.suppliers);
  if (!values.suppliers || !Number.isInteger(suppliers) || suppliers < 1) {
    throw usageError('--suppliers must be a whole number of at least 1', generateUsage);
  }
  if (!values.out) throw usageError('--out <dir> is required', generateUsage);
  const layouts = values.layouts ?? 'all';
  if (layouts !== 'all' && layouts !== 'csv-heavy') {
    throw usageError(`--layouts must be all or csv-heavy, got "${layouts}"`, generateUsage);
  }
  const asOf = parseAsOf(values['as-of'], generateUsage, isIsoDate);
  const portfolio = await generatePortfolio({
    suppliers,
    seed: values.seed ?? '1',
    outDir: values.out,
    asOf,
    layouts,
  });
  if (values.json) {
    writeJson(
      io,
      portfolio.suppliers.map((s) => s.expected),
    );
  } else {
    writeLine(
      io,
      `Wrote ${portfolio.suppliers.length} suppliers (${portfolio.files.length} files) to ${values.out}, as of ${asOf}.`,
    );
    writeLine(io, `Expected scores and statuses: ${values.out}/expected.json`);
  }
  return 0;
}
