/** The parent side of child.ts: spawn a measurement in a fresh Node process and read back its JSON line. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const RESULT_MARKER = '@@bench-result ';

// From dist/ and from src/ (vitest) alike: the child always runs compiled, as Node 20 cannot run .ts.
const childScript = fileURLToPath(new URL('../dist/child.js', import.meta.url));

export interface ChildRun<T> {
  result: T;
  /** The child's stderr, for the log when something is off. */
  stderr: string;
}

/** Runs `node child.js <name> <input>` and resolves with its measurement; rejects with its stderr on failure. */
export function runChild<T>(name: string, input: unknown): Promise<ChildRun<T>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, name, JSON.stringify(input)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
      if (code !== 0 || !line) {
        reject(new Error(`bench child "${name}" exited ${code}: ${stderr.slice(-2000)}`));
        return;
      }
      resolve({ result: JSON.parse(line.slice(RESULT_MARKER.length)) as T, stderr });
    });
  });
}

export interface CommandRun {
  seconds: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion and times it (wall clock, including process start). */
export function timeCommand(command: string, args: readonly string[]): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ seconds: (performance.now() - start) / 1000, code, stdout, stderr }),
    );
  });
}
