import type { Readable, Writable } from 'node:stream';
import { displayWidth, padToWidth, truncateToWidth, wrapToWidth } from './text-width.js';

/** Where a command writes: results to `out`, progress and diagnostics to `err`, so `--json` output stays clean. */
export interface Io {
  /** Standard input, for `cmmc ingest -` (a list of files); absent in tests that give none. */
  in?: Readable;
  out: Writable & { isTTY?: boolean; columns?: number };
  err: Writable & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): Io {
  return {
    // a getter: touching process.stdin opens it, which only `cmmc ingest -` needs
    get in() {
      return process.stdin;
    },
    out: process.stdout,
    err: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * Whether to colour a stream. NO_COLOR (not empty) turns colour off (https://no-color.org); otherwise FORCE_COLOR
 * decides when set (https://force-color.org; `0` or `false` turn it off, as in Node and chalk), else colour only
 * on a terminal that is not TERM=dumb. NO_COLOR wins over FORCE_COLOR: a user who asked for none gets none.
 */
export function useColour(io: Io, stream: 'out' | 'err' = 'out'): boolean {
  if ((io.env.NO_COLOR ?? '') !== '') return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  return io[stream].isTTY === true && io.env.TERM !== 'dumb';
}

const CODES = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, cyan: 36 } as const;
export type Style = keyof typeof CODES;

export function paint(io: Io, text: string, style: Style, stream: 'out' | 'err' = 'out'): string {
  return useColour(io, stream) ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
}

export function writeLine(io: Io, text = ''): void {
  io.out.write(`${text}\n`);
}

export function writeJson(io: Io, value: unknown): void {
  io.out.write(`${JSON.stringify(value, null, 2)}\n`);
}

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null;
  align?: 'left' | 'right';
  /** Cut longer cells to this many columns (display width) even when the table has room. */
  max?: number;
  /**
   * How narrow the column may get when the table must fit the terminal (default: its header, at least 8). Only
   * columns with `max` or `wrap` shrink; the others keep their width.
   */
  min?: number;
  /** Wrap a long cell onto up to this many lines instead of cutting it to one. */
  wrap?: number;
  /** How many more items the cell stands for, shown as " (+N more)" and kept when the cell is cut. */
  more?: (row: T) => number;
  /** Colour for the cell, applied after the layout so it never changes a width. */
  style?: (row: T) => Style | null;
  /**
   * Columns that may be left out when the table cannot fit even with every shrinkable column at its minimum:
   * the lowest number goes first. Columns without it are always shown.
   */
  drop?: number;
}

export interface TableLayout {
  /** Terminal columns the table must fit in; none: as wide as its cells (up to each column's `max`). */
  width?: number;
  /** Colour cells whose column has `style`. */
  colour?: boolean;
}

/**
 * The width and colour of the tables on `io.out`: `COLUMNS` when it is a positive number (the user's or a test's
 * explicit choice), else the terminal's width when standard output is one, else none (a pipe or file gets full
 * rows, so `grep` sees whole cells).
 */
export function tableLayout(io: Io): TableLayout {
  const fromEnv = Number.parseInt(io.env.COLUMNS ?? '', 10);
  const width =
    Number.isFinite(fromEnv) && fromEnv > 0
      ? fromEnv
      : io.out.isTTY === true && (io.out.columns ?? 0) > 0
        ? io.out.columns
        : undefined;
  return { ...(width === undefined ? {} : { width }), colour: useColour(io) };
}

/** The layout of a table printed `by` columns to the right of the margin. */
export function indented(layout: TableLayout, by: number): TableLayout {
  return layout.width === undefined
    ? layout
    : { ...layout, width: Math.max(20, layout.width - by) };
}

// Control characters in supplier data must not move the terminal cursor or change its colours.
function clean(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').normalize('NFC');
}

const GAP = 2;

/**
 * A plain-text table with a header rule. Cells are cleaned of control characters and normalised to NFC, measured
 * by display width (wide CJK characters count two, combining marks none), and cut ("…", keeping " (+N more)") or
 * wrapped to fit. With `layout.width`, shrinkable columns give up width, widest first, down to their minimum; if
 * the table still does not fit, `drop` columns are left out (lowest first) and a last line names them.
 */
export function formatTable<T>(
  rows: readonly T[],
  columns: readonly Column<T>[],
  layout: TableLayout = {},
): string {
  const cells = rows.map((row) =>
    columns.map((c) => {
      const v = c.value(row);
      const more = c.more?.(row) ?? 0;
      return {
        text: clean(v === null ? '-' : String(v)),
        suffix: more > 0 ? ` (+${more} more)` : '',
      };
    }),
  );
  const headerWidth = columns.map((c) => displayWidth(c.header));
  const natural = columns.map((c, i) => {
    const widest = Math.max(
      headerWidth[i] ?? 0,
      ...cells.map((r) => displayWidth((r[i]?.text ?? '') + (r[i]?.suffix ?? ''))),
    );
    return c.max === undefined ? widest : Math.min(widest, Math.max(c.max, headerWidth[i] ?? 0));
  });
  const shrinks = (c: Column<T>) => c.max !== undefined || c.wrap !== undefined;
  const minimum = columns.map((c, i) =>
    shrinks(c)
      ? Math.min(natural[i] ?? 0, c.min ?? Math.max(headerWidth[i] ?? 0, 8))
      : (natural[i] ?? 0),
  );
  const shown = columns.map(() => true);
  const widths = [...natural];
  const hidden: string[] = [];
  if (layout.width !== undefined) {
    const total = () =>
      widths.reduce((sum, w, i) => sum + (shown[i] ? w : 0), 0) +
      GAP * Math.max(0, shown.filter(Boolean).length - 1);
    for (;;) {
      const slack = widths.reduce((sum, w, i) => sum + (shown[i] ? w - (minimum[i] ?? 0) : 0), 0);
      if (total() - slack <= layout.width) break;
      // cannot fit even at the minimum: leave out the column that matters least, if any may go
      let drop = -1;
      columns.forEach((c, i) => {
        if (shown[i] && c.drop !== undefined && (drop < 0 || c.drop < (columns[drop]?.drop ?? 0)))
          drop = i;
      });
      if (drop < 0) break;
      shown[drop] = false;
      hidden.push(columns[drop]?.header ?? '');
    }
    // shrink the widest shrinkable column a column at a time until the table fits (or nothing can shrink)
    while (total() > layout.width) {
      let widest = -1;
      widths.forEach((w, i) => {
        if (shown[i] && w > (minimum[i] ?? 0) && (widest < 0 || w > (widths[widest] ?? 0)))
          widest = i;
      });
      if (widest < 0) break;
      widths[widest] = (widths[widest] ?? 0) - 1;
    }
  }
  const visible = columns.map((_, i) => i).filter((i) => shown[i]);
  const fit = (cell: { text: string; suffix: string }, i: number): string[] => {
    const width = widths[i] ?? 0;
    const column = columns[i];
    const whole = cell.text + cell.suffix;
    if (displayWidth(whole) <= width) return [whole];
    if (column?.wrap !== undefined && column.wrap > 1) {
      const lines = wrapToWidth(whole, width, column.wrap);
      const last = lines.length - 1;
      // keep the "(+N more)" visible on the last line when wrapping had to cut
      if (cell.suffix !== '' && !(lines[last] ?? '').endsWith(cell.suffix.trim())) {
        const room = width - displayWidth(cell.suffix);
        lines[last] = truncateToWidth(lines[last] ?? '', Math.max(1, room)) + cell.suffix;
      }
      return lines;
    }
    const room = width - displayWidth(cell.suffix);
    return room >= 2
      ? [truncateToWidth(cell.text, room) + cell.suffix]
      : [truncateToWidth(whole, width)];
  };
  const render = (values: string[][], styles: (Style | null)[]): string[] => {
    const height = Math.max(1, ...values.map((v) => v.length));
    const lines: string[] = [];
    for (let line = 0; line < height; line++) {
      lines.push(
        visible
          .map((i, k) => {
            const text = values[k]?.[line] ?? '';
            const padded = padToWidth(text, widths[i] ?? 0, columns[i]?.align);
            const style = styles[k];
            return style && layout.colour && text !== ''
              ? padded.replace(text, `\u001b[${CODES[style]}m${text}\u001b[0m`)
              : padded;
          })
          .join(' '.repeat(GAP))
          .trimEnd(),
      );
    }
    return lines;
  };
  const noStyles = visible.map(() => null);
  const out = [
    ...render(
      visible.map((i) => [truncateToWidth(columns[i]?.header ?? '', widths[i] ?? 0)]),
      noStyles,
    ),
    ...render(
      visible.map((i) => ['-'.repeat(widths[i] ?? 0)]),
      noStyles,
    ),
    ...rows.flatMap((row, r) =>
      render(
        visible.map((i) => fit(cells[r]?.[i] ?? { text: '', suffix: '' }, i)),
        visible.map((i) => columns[i]?.style?.(row) ?? null),
      ),
    ),
  ];
  if (hidden.length > 0) {
    const note = `(${hidden.join(', ')} left out to fit ${layout.width} columns; --json has every field)`;
    out.push(...wrapToWidth(note, layout.width ?? displayWidth(note)));
  }
  return out.join('\n');
}
