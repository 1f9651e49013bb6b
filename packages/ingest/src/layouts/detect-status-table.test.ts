import { describe, expect, it } from 'vitest';
import { readCsv } from '../readers/read-csv.js';
import { parseDocument } from './parse-document.js';

const ids = ['3.1.1', '3.1.2', '3.1.3', '3.1.4', '3.1.5', '3.13.11'];

function read(csv: string) {
  return parseDocument(readCsv(Buffer.from(csv), 'x.csv'), { file: 'x.csv' });
}

const answers = (csv: string) =>
  read(csv).statusRows.map((r) => `${r.id.raw} ${r.finding}${r.partialCredit ? ' partial' : ''}`);

describe('status tables found by content', () => {
  it('reads a table whose headings are blank or in another language, and says why', () => {
    const csv = `Anforderung;Titel;Zustand\n${ids.map((id, i) => `${id};t;${i === 1 ? 'Nicht umgesetzt' : 'Umgesetzt'}`).join('\n')}\n`;
    expect(answers(csv)).toEqual([
      '3.1.1 MET',
      '3.1.2 NOT_MET',
      '3.1.3 MET',
      '3.1.4 MET',
      '3.1.5 MET',
      '3.13.11 MET',
    ]);
    const table = read(csv).tables[0];
    expect(table?.columns.map((c) => [c.field, c.column, c.how])).toEqual([
      ['id', 'A', 'content'],
      ['status', 'C', 'content'],
    ]);
    expect(table?.statusValues['nicht umgesetzt']).toBe('NOT MET');
  });

  it('"None" is NOT MET only in a Fully / Partially / None column', () => {
    const csv = `,,\n${ids.map((id, i) => `${id},${['Fully', 'None', 'Partially'][i % 3]},none`).join('\n')}\n`;
    expect(answers(csv).slice(0, 3)).toEqual(['3.1.1 MET', '3.1.2 NOT_MET', '3.1.3 NOT_MET']);
  });

  it('a results export with a POA&M ID column is an assessment, not a POA&M', () => {
    const csv = `Requirement,Result,Partial Credit,On POA&M,POA&M ID\n${ids.map((id) => (id === '3.13.11' ? `${id},Not met,3,Yes,P-1` : `${id},Met,,No,`)).join('\n')}\n`;
    const parsed = read(csv);
    expect(parsed.layouts).toEqual(['requirement-status']);
    expect(parsed.poamRows).toEqual([]);
    // The Partial Credit column holds the partial deduction itself: 3 for 3.13.11.
    expect(answers(csv).at(-1)).toBe('3.13.11 NOT_MET partial');
  });

  it('a Rev 3 sort key beside the Rev 2 id is neither a date nor the id', () => {
    const csv = `Identifier,Sort-As,Status\n${ids.map((id) => `${id},0${id.replace(/\.(\d)(?=\.|$)/g, '.0$1').slice(0, 8)},Implemented`).join('\n')}\n`;
    const parsed = read(csv);
    expect(parsed.dates).toEqual([]);
    expect(parsed.rejected).toEqual([]);
    expect(parsed.statusRows).toHaveLength(6);
  });

  it('finds a company named only by the title, and label/value pairs inside one cell', () => {
    const csv = `Acme Fasteners Co. – CMMC L2 Gap Assessment\nSite visit: 07/23/2026 | Consultant: X | CAGE 2TWF8\n\n${ids.map((id) => `${id},Met`).join('\n')}\n`;
    const meta = read(csv).metadata;
    expect(meta.titleOrganization?.cell.text).toBe('Acme Fasteners Co.');
    expect(meta.assessmentDate?.cell.text).toBe('07/23/2026');
    expect(meta.cage?.cell.text).toBe('2TWF8');
  });

  it('never takes a column headed as another field for one its cells resemble (t/f partial-credit flags)', () => {
    const csv = `control_id\tresult\tpartial_credit\n${ids.map((id, i) => `${id}\t${i === 5 ? 'NOT MET' : 'MET'}\t${i === 5 ? 't' : 'f'}`).join('\n')}\n`;
    const table = read(csv).tables[0];
    expect(table?.columns.map((c) => c.field)).not.toContain('objective');
    // Read as objectives, every row would have named an objective "f" that its requirement does not have.
    expect(read(csv).rejected).toEqual([]);
    expect(answers(csv)).toHaveLength(6);
  });
});
