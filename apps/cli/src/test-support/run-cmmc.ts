/**
 * Runs the built `cmmc` as a user would, for the end-to-end tests: a child process on this Node, colours off, output
 * up to 64 MB (a portfolio's JSON). Tests only: the build leaves this folder out.
 */
import { spawnSync } from 'node:child_process';

const bin = new URL('../../bin/cmmc.js', import.meta.url).pathname;

export interface CmmcRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cmmc(...args: string[]): CmmcRun {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
