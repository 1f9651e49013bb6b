import type { Readable, Writable } from 'node:stream';

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
    in: process.stdin,
    out: process.stdout,
    err: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Colours only on a terminal and never with NO_COLOR (https://no-color.org). */
export function useColour(io: Io, stream: 'out' | 'err' = 'out'): boolean {
  return io[stream].isTTY === true && (io.env.NO_COLOR ?? '') === '' && io.env.TERM !== 'dumb';
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
  /** Truncate longer cells to this many characters. */
  max?: number;
}

// Control characters in supplier data must not move the terminal cursor or change its colours.
function clean(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** A plain-text table with a header rule; cells are cleaned of control characters and truncated. */
export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) =>
    columns.map((c) => {
      const v = c.value(row);
      const text = clean(v === null ? '-' : String(v));
      return c.max && text.length > c.max ? `${text.slice(0, c.max - 1)}…` : text;
    }),
  );
  const widths = columns.map((c, i) =>
    Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) =>
        columns[i]?.align === 'right' ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((c) => c.header)),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
  ].join('\n');
}
