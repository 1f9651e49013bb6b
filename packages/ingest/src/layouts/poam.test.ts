/**
 * The FedRAMP template's own header row, as `@cmmc/catalog` lists it and as the exporter and the generator write it,
 * must be read as the `fedramp-poam` layout with every column ingest uses found under its template header. A failure
 * means an alias in headers.ts no longer matches the template. Real-world variants (`POA&M ID`, `Controls Affected`)
 * are covered in parse-document.test.ts.
 */
import { FEDRAMP_POAM_COLUMNS, type FedrampPoamColumn } from '@cmmc/catalog';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../readers/sheet.js';
import type { PoamField } from './headers.js';
import { matchPoamHeader, poamLayoutName } from './poam.js';

/** The template column each field is read from; fields the template has no column for are absent. */
const TEMPLATE_COLUMN_OF: Partial<Record<PoamField, FedrampPoamColumn>> = {
  poamId: 'POAM ID',
  controls: 'Controls',
  weakness: 'Weakness Name',
  weaknessDescription: 'Weakness Description',
  weaknessSource: 'Weakness Source Identifier',
  owner: 'Point of Contact',
  resources: 'Resources Required',
  remediation: 'Overall Remediation Plan',
  detectionDate: 'Original Detection Date',
  scheduled: 'Scheduled Completion Date',
  milestones: 'Planned Milestones',
  statusDate: 'Status Date',
  originalRisk: 'Original Risk Rating',
  adjustedRisk: 'Adjusted Risk Rating',
  vendorDependency: 'Vendor Dependency',
  comments: 'Comments',
};

describe('matchPoamHeader on the FedRAMP template header row', () => {
  const row: Cell[] = FEDRAMP_POAM_COLUMNS.map((text) => ({ text }));

  it('finds every field it reads under its template header, and names the layout fedramp-poam', () => {
    const columns = matchPoamHeader(row);
    expect(columns).toEqual(
      Object.fromEntries(
        Object.entries(TEMPLATE_COLUMN_OF).map(([field, header]) => [
          field,
          FEDRAMP_POAM_COLUMNS.indexOf(header),
        ]),
      ),
    );
    expect(columns && poamLayoutName(row, columns)).toBe('fedramp-poam');
  });
});
