import type { Io } from './output.js';

/** A progress bar on stderr, drawn only on a terminal; silent otherwise (CI logs, pipes, `--json`). */
export interface Progress {
  update(done: number, total: number, label: string): void;
  finish(): void;
}

export function createProgress(io: Io, minTotal = 2): Progress {
  const enabled = io.err.isTTY === true && (io.env.NO_COLOR ?? '') === '' && io.env.TERM !== 'dumb';
  let drawn = false;
  return {
    update(done, total, label) {
      if (!enabled || total < minTotal) return;
      const width = 30;
      const filled = Math.round((done / total) * width);
      const columns = io.err.columns ?? 80;
      const text = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`;
      io.err.write(
        `\r${text.slice(0, columns - 1).padEnd(Math.min(columns - 1, text.length))}\u001b[K`,
      );
      drawn = true;
    },
    finish() {
      if (drawn) io.err.write('\r\u001b[K');
      drawn = false;
    },
  };
}
