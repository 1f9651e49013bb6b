import { describe, expect, it } from 'vitest';
import { type Column, formatTable, type Io, tableLayout, useColour } from './output.js';
import { displayWidth } from './text-width.js';

function io(env: NodeJS.ProcessEnv, tty = false, columns?: number): Io {
  const stream = {
    isTTY: tty,
    ...(columns === undefined ? {} : { columns }),
    write: () => true,
  } as unknown as Io['out'];
  return { out: stream, err: stream, env, cwd: '/' };
}

interface Row {
  name: string;
  cage: string;
  score: number;
  reasons: string[];
}
const rows: Row[] = [
  {
    name: '東京精密工業株式会社',
    cage: '1TKY',
    score: 88,
    reasons: ['score 86 is below 88', 'x', 'y'],
  },
  { name: 'Ze\u0301nith De\u0301fense', cage: '2ZEN', score: 110, reasons: [] },
  { name: 'Acme', cage: '3ACM', score: -12, reasons: ['SSP missing'] },
];
const columns: Column<Row>[] = [
  { header: 'Supplier', value: (r) => r.name, max: 34, min: 10, wrap: 2 },
  { header: 'CAGE', value: (r) => r.cage },
  { header: 'Score', value: (r) => r.score, align: 'right' },
  { header: 'Extra', value: () => 'optional column', drop: 1 },
  {
    header: 'Why',
    value: (r) => r.reasons[0] ?? '',
    more: (r) => Math.max(0, r.reasons.length - 1),
    max: 60,
    min: 12,
  },
];

/** The display column at which `text` starts in `line`. */
function columnOf(line: string, text: string): number {
  const index = line.indexOf(text);
  return index < 0 ? -1 : displayWidth(line.slice(0, index));
}

describe('formatTable', () => {
  it('aligns columns by display width with wide and decomposed names', () => {
    const lines = formatTable(rows, columns).split('\n');
    const cage = columnOf(lines[0] ?? '', 'CAGE');
    expect(columnOf(lines[2] ?? '', '1TKY')).toBe(cage);
    expect(columnOf(lines[3] ?? '', '2ZEN')).toBe(cage);
    expect(columnOf(lines[4] ?? '', '3ACM')).toBe(cage);
    // the decomposed name comes out composed (NFC)
    expect(lines[3]).toContain('Zénith Défense');
    // right-aligned numbers end at the same column
    const scoreEnd = (line: string, text: string) => columnOf(line, text) + displayWidth(text);
    expect(scoreEnd(lines[2] ?? '', '88')).toBe(scoreEnd(lines[0] ?? '', 'Score'));
    expect(scoreEnd(lines[4] ?? '', '-12')).toBe(scoreEnd(lines[0] ?? '', 'Score'));
    expect(lines[2]).toContain('score 86 is below 88 (+2 more)');
  });

  it('fits the width: shrinks and wraps long cells, keeps "+N more", leaves out optional columns and says so', () => {
    const table = formatTable(rows, columns, { width: 40 });
    const lines = table.split('\n');
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(40);
    expect(lines[0]).not.toContain('Extra');
    expect(lines.slice(-2).join(' ')).toBe(
      '(Extra left out to fit 40 columns; --json has every field)',
    );
    expect(table).toContain('(+2 more)');
    // the Japanese name wraps onto a second line instead of being cut
    expect(lines[2]).toMatch(/^東京精密工業 /);
    expect(lines[3]).toBe('株式会社');
  });

  it('keeps every column when they fit, and is as wide as its cells without a width', () => {
    const table = formatTable(rows, columns, { width: 200 });
    expect(table.split('\n')[0]).toContain('Extra');
    expect(table).toBe(formatTable(rows, columns));
  });

  it('colours styled cells only when asked, after the layout', () => {
    const styled: Column<Row>[] = [
      ...columns,
      { header: 'Status', value: () => 'FINAL', style: () => 'green' },
    ];
    expect(formatTable(rows, styled)).not.toContain('\u001b[');
    const coloured = formatTable(rows, styled, { colour: true }).split('\n');
    expect(coloured[2]).toContain('\u001b[32mFINAL\u001b[0m');
    expect(coloured[2]?.replaceAll('\u001b[32m', '').replaceAll('\u001b[0m', '')).toBe(
      formatTable(rows, styled).split('\n')[2],
    );
  });

  it('cleans control characters out of supplier data', () => {
    const table = formatTable(
      [{ name: 'Evil\u001b[2J\r\nCo' }],
      [{ header: 'Supplier', value: (r) => r.name }],
    );
    for (const line of table.split('\n')) {
      expect([...line].filter((c) => c.charCodeAt(0) < 0x20)).toEqual([]);
    }
  });
});

describe('useColour', () => {
  it('colours a terminal, not a pipe, and never with NO_COLOR or TERM=dumb', () => {
    expect(useColour(io({}, true))).toBe(true);
    expect(useColour(io({}, false))).toBe(false);
    expect(useColour(io({ NO_COLOR: '1' }, true))).toBe(false);
    expect(useColour(io({ TERM: 'dumb' }, true))).toBe(false);
  });

  it('honours FORCE_COLOR on a pipe, and FORCE_COLOR=0 / false on a terminal; NO_COLOR still wins', () => {
    expect(useColour(io({ FORCE_COLOR: '1' }, false))).toBe(true);
    expect(useColour(io({ FORCE_COLOR: 'true' }, false))).toBe(true);
    expect(useColour(io({ FORCE_COLOR: '3' }, false))).toBe(true);
    expect(useColour(io({ FORCE_COLOR: '0' }, true))).toBe(false);
    expect(useColour(io({ FORCE_COLOR: 'false' }, true))).toBe(false);
    expect(useColour(io({ FORCE_COLOR: '' }, false))).toBe(false);
    expect(useColour(io({ FORCE_COLOR: '1', NO_COLOR: '1' }, true))).toBe(false);
  });
});

describe('tableLayout', () => {
  it('takes COLUMNS first, then the terminal, and no width on a pipe', () => {
    expect(tableLayout(io({ COLUMNS: '100' }, true, 180)).width).toBe(100);
    expect(tableLayout(io({}, true, 180)).width).toBe(180);
    expect(tableLayout(io({}, false, 180)).width).toBeUndefined();
    expect(tableLayout(io({ COLUMNS: 'wide' }, false)).width).toBeUndefined();
  });
});
