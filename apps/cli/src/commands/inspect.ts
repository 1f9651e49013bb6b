import { writeFile } from 'node:fs/promises';
import { type FileInspection, inspectPaths, loadMapping, mappingFor } from '@cmmc/ingest';
import { parseCommandArgs } from '../args.js';
import { usageError } from '../errors.js';
import {
  formatTable,
  type Io,
  indented,
  paint,
  tableLayout,
  writeJson,
  writeLine,
} from '../output.js';

export const inspectUsage = `Usage: cmmc inspect <file-or-folder>... [--json] [--write-mapping <map.json>]
                    [--org <name>] [--mapping <map.json>] [--date-order mdy|dmy]
                    [--assessment-date YYYY-MM-DD]

Show how cmmc ingest would read each file, without loading anything: the layout, the sheets and header row,
each column's role and why (its heading, its content and the share of cells that matched), the metadata
found and the cell it came from, the rows that would load and the first 10 that would be rejected, coverage,
the supplier it would be filed under and its assessment date.

Options:
  --json                    print [{ path, tables, metadata, rejected, ... }] instead of text
  --write-mapping <file>    write the mapping that reproduces this reading (of the first file), to edit
                            and pass to cmmc ingest --mapping
  --org, --mapping, --date-order, --assessment-date
                            as for cmmc ingest
  -h, --help                show this help

Exit status: 0 when every file would load; 1 when any would fail; 2 on a usage error.

Example:
  cmmc inspect supplier.xlsx --write-mapping supplier-map.json`;

export async function runInspect(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      json: { type: 'boolean' },
      'write-mapping': { type: 'string' },
      org: { type: 'string' },
      mapping: { type: 'string' },
      'date-order': { type: 'string' },
      'assessment-date': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    inspectUsage,
    true,
  );
  if (values.help) {
    writeLine(io, inspectUsage);
    return 0;
  }
  if (positionals.length === 0) throw usageError('name at least one file to inspect', inspectUsage);
  const dateOrder = values['date-order'];
  if (dateOrder !== undefined && dateOrder !== 'mdy' && dateOrder !== 'dmy') {
    throw usageError(`--date-order must be mdy or dmy, got "${dateOrder}"`, inspectUsage);
  }
  const assessmentDate = values['assessment-date'];
  if (assessmentDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(assessmentDate)) {
    throw usageError(`--assessment-date must be YYYY-MM-DD, got "${assessmentDate}"`, inspectUsage);
  }
  const mapping = values.mapping ? await loadMapping(values.mapping) : undefined;
  const files = await inspectPaths(positionals, {
    ...(values.org ? { organization: values.org } : {}),
    ...(mapping ? { mapping } : {}),
    ...(dateOrder ? { dateOrder } : {}),
    ...(assessmentDate ? { assessmentDate } : {}),
  });
  const target = values['write-mapping'];
  if (target) {
    const first = files.find((f) => f.readable);
    const written = first ? mappingFor(first) : null;
    if (!first || !written) {
      writeLine(io, 'no file was readable: no mapping written');
      return 1;
    }
    await writeFile(target, `${JSON.stringify(written, null, 2)}\n`);
    if (!values.json) writeLine(io, `Mapping for ${first.path} written to ${target}.`);
  }
  if (values.json) writeJson(io, files);
  else for (const f of files) printInspection(f, io);
  return files.every((f) => f.readable) ? 0 : 1;
}

function percent(share: number | null): string {
  return share === null ? '' : `${Math.round(share * 100)}%`;
}

function printInspection(f: FileInspection, io: Io): void {
  writeLine(io, paint(io, f.path, 'bold'));
  if (!f.readable) {
    writeLine(io, `  ${paint(io, 'would fail', 'red')}: ${f.error}`);
  }
  for (const t of f.tables) {
    const where = t.sheet === null ? '' : `sheet "${t.sheet}", `;
    const header =
      t.headerRow === null ? 'no header row (blank headings)' : `header row ${t.headerRow}`;
    writeLine(io, `  ${t.kind} table (${t.layout}): ${where}${header}`);
    writeLine(
      io,
      formatTable(
        t.columns,
        [
          { header: 'Column', value: (c) => c.column },
          { header: 'Heading', value: (c) => c.header, max: 30, min: 12, wrap: 2 },
          { header: 'Role', value: (c) => c.field },
          { header: 'Why', value: (c) => c.how, max: 100, min: 16, wrap: 3 },
          { header: 'Cells', align: 'right', value: (c) => percent(c.share) },
        ],
        indented(tableLayout(io), 4),
      )
        .split('\n')
        .map((line) => `    ${line}`)
        .join('\n'),
    );
  }
  if (f.metadata.length > 0) {
    writeLine(io, '  metadata:');
    for (const m of f.metadata) writeLine(io, `    ${m.key}: ${m.value}  (${m.from})`);
  }
  if (f.readable) {
    writeLine(io, `  rows that would load: ${f.rowsToLoad}; rejected: ${f.rejectedCount}`);
    for (const c of f.coverage) {
      const score = c.score === null ? '' : `, score ${c.score}`;
      writeLine(io, `  coverage: Level ${c.level}, ${c.answered} of ${c.total} answered${score}`);
    }
    writeLine(io, `  filed under: ${f.organization}`);
    writeLine(
      io,
      `  assessment date: ${f.assessmentDate ?? 'none'}${f.dateSource ? ` (from ${f.dateSource})` : ''}`,
    );
  }
  for (const r of f.rejected)
    writeLine(io, `  ${paint(io, 'rejected', 'yellow')} ${r.reason}: ${r.message}`);
  if (f.rejectedCount > f.rejected.length) {
    writeLine(
      io,
      `  … and ${f.rejectedCount - f.rejected.length} more rejected rows (--json for the first 10)`,
    );
  }
  for (const w of f.warnings) writeLine(io, `  ${paint(io, 'warning', 'yellow')}: ${w}`);
  writeLine(io);
}
