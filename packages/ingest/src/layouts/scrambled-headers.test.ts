/**
 * Issue 13, point 2: headings must not matter. Every fixture with a requirement-status table is read twice more,
 * once with its header row rewritten to nonsense (the way another language or an abbreviation looks to the alias
 * list) and once with it blanked, and must give the same rows with the same findings, points, POA&M flags and
 * dates. A failure names the fixture and the first answer that changed. POA&M tables keep their headings: their
 * free-text columns (weakness, remediation, milestones) cannot be told apart by content, so the issue scopes this
 * to the status tables.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assembleAssessments } from '../load/assemble-assessments.js';
import { parseSource, readSourceFile } from '../readers/read-source.js';
import type { Sheet, SourceDocument } from '../readers/sheet.js';
import { parseDocument } from './parse-document.js';

const fixtures = fileURLToPath(new URL('../../../../fixtures/', import.meta.url));
const FOLDERS = ['assessments', 'bad', 'portfolios/small', 'portfolios/demo', 'foreign'];
/**
 * Hostile files whose point is what the heading alone says, so they read differently without it (by design):
 * a Date column of mostly broken dates (content cannot call it a date column, so its bad cells are not refused),
 * CSV records checked against the header's field count (no header, no count), and dates or points refused in a
 * column only its heading names.
 */
const HEADING_ONLY: Record<string, string> = {
  'bad/dates-every-form.csv': 'a Date column of mostly unreadable dates',
  'bad/mixed-delimiters.csv': 'field counts are checked against the header row',
  'bad/points-out-of-range.csv': 'a Points column of two rows, one of them 1e400',
  'bad/xlsx-dates.xlsx': 'a date column whose impossible cells only its heading marks as dates',
  'bad/year-9999-status-date.xlsx':
    'a Date Assessed column of year-9999 dates, which content reads as no dates',
};
const LIMITS = { maxFileBytes: 50e6, timeoutMs: 60_000, maxUncompressedBytes: 250e6 };

function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full);
    return /\.(?:csv|xlsx)$/i.test(name) && name !== 'suppliers.csv' ? [full] : [];
  });
}

const NONSENSE = [
  'Zorp',
  'Kolumne 7',
  'Ctrl #',
  'Réf.',
  'x',
  '??',
  'Spalte',
  'Wert',
  'Feld 9',
  'Q',
];

/** The document with each status table's header row rewritten by `rewrite`. */
function withHeaders(
  document: SourceDocument,
  headerRows: Map<string | null, number>,
  rewrite: (text: string, column: number) => string,
): SourceDocument {
  return {
    ...document,
    sheets: document.sheets.map((sheet): Sheet => {
      const index = headerRows.get(sheet.name);
      if (index === undefined) return sheet;
      const rows = sheet.rows.slice();
      rows[index] = (rows[index] ?? []).map((cell, c) =>
        cell.text === '' ? cell : { text: rewrite(cell.text, c) },
      );
      return { ...sheet, rows };
    }),
  };
}

/** What a reading of a document loads: every answer, its points and POA&M flag, and the dates read. */
function reading(document: SourceDocument, file: string) {
  const ctx = { file, dateOrder: 'mdy' as const };
  const parsed = parseDocument(document, ctx);
  const { drafts } = assembleAssessments(parsed.statusRows, null, ctx);
  const answers = drafts.flatMap((d) => [
    ...[...d.results.values()].map(
      (r) =>
        `L${d.level} ${r.nistId} ${r.finding} ${r.points ?? '-'} ${r.partialCredit} ${r.onPoam}`,
    ),
    ...[...d.objectives.values()].map((o) => `L${d.level} ${o.objectiveId} ${o.finding}`),
  ]);
  return {
    answers: answers.sort(),
    rejected: parsed.rejected.map((r) => `${r.sheet ?? ''}!${r.row} ${r.reason}`).sort(),
    dates: [...parsed.dates].sort(),
    // Metadata above the table must survive; a supplier named only by a column heading ("OSC Name") cannot.
    assessmentDate: parsed.metadata.assessmentDate?.cell.text ?? null,
  };
}

const files = FOLDERS.flatMap((f) => filesUnder(join(fixtures, f))).filter(
  (path) => HEADING_ONLY[path.slice(fixtures.length)] === undefined,
);

describe('header-scrambled fixtures read the same', () => {
  it('finds fixtures to scramble', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  for (const path of files) {
    const name = path.slice(fixtures.length);
    it(name, async () => {
      let document: SourceDocument;
      let original: ReturnType<typeof reading>;
      let headerRows: Map<string | null, number>;
      try {
        const source = await readSourceFile(path, name, LIMITS);
        document = await parseSource(source, path, name, LIMITS);
        const parsed = parseDocument(document, { file: name, dateOrder: 'mdy' });
        const indexOf = (sheetName: string | null, row: number) => {
          const sheet = document.sheets.find((s) => s.name === sheetName);
          const fromLines = sheet?.lineNumbers?.indexOf(row) ?? -1;
          return fromLines >= 0 ? fromLines : row - 1;
        };
        headerRows = new Map(
          parsed.tables
            .filter((t) => t.kind === 'status' && t.headerRow !== null)
            .map((t) => [t.sheet, indexOf(t.sheet, t.headerRow as number)]),
        );
        original = reading(document, name);
      } catch {
        return; // A fixture that does not load (the corrupt, empty and unknown-layout ones) has no headers to test.
      }
      if (headerRows.size === 0) return;
      if (original.answers.length === 0 && original.rejected.length === 0) return;
      const nonsense = withHeaders(
        document,
        headerRows,
        (_t, c) => NONSENSE[c % NONSENSE.length] ?? 'x',
      );
      expect(reading(nonsense, name)).toEqual(original);
      const blank = withHeaders(document, headerRows, () => '');
      expect(reading(blank, name)).toEqual(original);
    });
  }
});
