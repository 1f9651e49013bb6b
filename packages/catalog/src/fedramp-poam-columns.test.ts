import { describe, expect, it } from 'vitest';
import { FEDRAMP_POAM_COLUMNS } from './fedramp-poam-columns.js';
import { readReferenceNote } from './test-support/reference.js';

/**
 * The column table of reference/file-formats.md §3.1 (`| A | POAM ID | Q | Last Vendor Check-in Date |`),
 * as letter → header. A failure means the list and the research note disagree: fix whichever is wrong, since the
 * exporter, the generator and the fixtures all write this list.
 */
function documentedColumns(): Map<string, string> {
  const note = readReferenceNote('file-formats.md');
  const start = note.indexOf('### 3.1 FedRAMP POA&M template');
  const section = note.slice(start, note.indexOf('\n### ', start + 1));
  const columns = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    for (let i = 1; i + 1 < cells.length; i += 2) {
      const letter = cells[i] ?? '';
      if (/^[A-Z]{1,2}$/.test(letter) && cells[i + 1]) columns.set(letter, cells[i + 1] ?? '');
    }
  }
  return columns;
}

/** Spreadsheet letter of a 0-based column index: 0 → A, 26 → AA. */
const letterOf = (index: number): string =>
  index < 26
    ? String.fromCharCode(65 + index)
    : letterOf(Math.floor(index / 26) - 1) + String.fromCharCode(65 + (index % 26));

describe('FEDRAMP_POAM_COLUMNS against reference/file-formats.md §3.1', () => {
  it('has the 31 columns A–AE, each header as the note gives it', () => {
    const documented = documentedColumns();
    expect(documented.size).toBe(31);
    expect(FEDRAMP_POAM_COLUMNS).toHaveLength(31);
    expect(
      Object.fromEntries(FEDRAMP_POAM_COLUMNS.map((header, i) => [letterOf(i), header])),
    ).toEqual(Object.fromEntries(documented));
  });

  it('names every column once', () => {
    expect(new Set(FEDRAMP_POAM_COLUMNS).size).toBe(FEDRAMP_POAM_COLUMNS.length);
  });
});
