import type { Store } from '@cmmc/store';
import { type CsvValue, formatCsv } from './csv.js';
import { ExportError } from './errors.js';
import { type OrganizationSelector, selectOrganizations } from './organizations.js';
import { columnsFor, POAM_TEMPLATES, type PoamTemplate } from './poam-columns.js';
import { assertAsOf, loadPoamItemsByOrganization, type PoamExportItem } from './poam-data.js';
import { type ExportResult, writeOutputFile } from './write-output.js';
import type { XlsxValue } from './xlsx-cells.js';

export interface PoamCsvOptions {
  organization?: OrganizationSelector;
  /** Column layout; default `cmmc`. */
  template?: PoamTemplate;
  asOf: string;
  outPath: string;
}

function csvValue(value: XlsxValue): CsvValue {
  return value !== null && typeof value === 'object' ? value.date : value;
}

/**
 * Writes every selected supplier's POA&M items (open and closed) to one CSV. The `cmmc` layout already names the
 * supplier and status; the `fedramp` layout is the template's 31 columns followed by `Item Status`, `Organization`
 * and `CAGE`, because a flat file has no Open/Closed sheets and may hold several suppliers. Dates are `YYYY-MM-DD`;
 * text is neutralised against formula injection. Reads the store only.
 * @throws ExportError INVALID_OPTION, ORGANIZATION_NOT_FOUND, NOTHING_TO_EXPORT; OutputError when the file cannot be
 * written safely (`writeOutputFile`).
 */
export async function exportPoamCsv(store: Store, options: PoamCsvOptions): Promise<ExportResult> {
  assertAsOf(options.asOf);
  const template = options.template ?? 'cmmc';
  if (!POAM_TEMPLATES.includes(template)) {
    throw new ExportError(
      'INVALID_OPTION',
      `unknown POA&M template "${template}"; use fedramp or cmmc`,
    );
  }
  const organizations = await selectOrganizations(store, options.organization);
  const byOrganization = await loadPoamItemsByOrganization(store, organizations, options.asOf);
  const items = organizations.flatMap((o) => byOrganization.get(o.id) ?? []);
  const columns = columnsFor(template);
  const extra =
    template === 'fedramp'
      ? [
          { header: 'Item Status', value: (i: PoamExportItem) => i.status },
          { header: 'Organization', value: (i: PoamExportItem) => i.organization.name },
          { header: 'CAGE', value: (i: PoamExportItem) => i.organization.cage },
        ]
      : [];
  const header = [...columns.map((c) => c.header), ...extra.map((c) => c.header)];
  const rows = items.map((item) => [
    ...columns.map((c) => csvValue(c.value(item))),
    ...extra.map((c) => c.value(item)),
  ]);
  await writeOutputFile(options.outPath, formatCsv(header, rows));
  return { files: [options.outPath], records: items.length };
}
