/** The parent side of child.ts: spawn a measurement in a fresh Node process and read back its JSON line. */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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
  /** Highest RSS seen of the command's own process, in MiB (sampled every 100 ms). */
  peakRssMiB: number;
  /**
   * Highest sum of PSS over the command and every process under it (Chromium's), in MiB, sampled every 2 s:
   * proportional set size, so pages Chromium's processes share are counted once, not once per process as RSS.
   */
  peakTreePssMiB: number;
}

const PAGE_BYTES = 4096;

interface ProcessSample {
  ppid: number;
  rssBytes: number;
}

/** Every process's parent and RSS from /proc; empty where there is no Linux /proc. */
function sampleProcesses(): Map<number, ProcessSample> {
  const processes = new Map<number, ProcessSample>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return processes;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      // Fields after the command name, which is in parentheses and may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      processes.set(Number(pid), {
        ppid: Number(fields[1]),
        rssBytes: Number(fields[21]) * PAGE_BYTES,
      });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return processes;
}

/** A process's proportional set size from /proc/<pid>/smaps_rollup, or its RSS where that is not readable. */
function pssBytes(pid: number, rssBytes: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1');
    const kib = /^Pss:\s+(\d+) kB/m.exec(rollup)?.[1];
    return kib === undefined ? rssBytes : Number(kib) * 1024;
  } catch {
    return rssBytes;
  }
}

/** The RSS of one process, from /proc/<pid>/stat; 0 once it has ended. */
function ownRss(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[21]) * PAGE_BYTES;
  } catch {
    return 0;
  }
}

/** RSS of `root`, and PSS summed over it and its descendants. */
function treeMemory(root: number): { own: number; tree: number } {
  const processes = sampleProcesses();
  const children = new Map<number, number[]>();
  for (const [pid, p] of processes) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  let tree = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    tree += pssBytes(pid, processes.get(pid)?.rssBytes ?? 0);
    stack.push(...(children.get(pid) ?? []));
  }
  return { own: processes.get(root)?.rssBytes ?? 0, tree };
}

/**
 * Runs a command to completion and times it (wall clock, including process start), sampling its RSS every 100 ms and
 * the PSS of it and the processes under it (Chromium) every 2 s.
 */
export function timeCommand(command: string, args: readonly string[]): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let peakOwn = 0;
    let peakTree = 0;
    let ticks = 0;
    // Reading /proc takes CPU from the command measured: its own RSS (one small file) every 100 ms, the tree's PSS
    // (every process's smaps_rollup, which walks its page tables) every 2 s. Every 100 ms it slowed 10,000 scorecards
    // from 258 s to 359 s.
    const sample = () => {
      if (child.pid === undefined) return;
      ticks += 1;
      if (ticks % 20 === 1) {
        const memory = treeMemory(child.pid);
        peakOwn = Math.max(peakOwn, memory.own);
        peakTree = Math.max(peakTree, memory.tree);
      } else {
        peakOwn = Math.max(peakOwn, ownRss(child.pid));
      }
    };
    const sampler = setInterval(sample, 100);
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
      clearInterval(sampler);
      resolve({
        seconds: (performance.now() - start) / 1000,
        code,
        stdout,
        stderr,
        peakRssMiB: peakOwn / 2 ** 20,
        peakTreePssMiB: peakTree / 2 ** 20,
      });
    });
  });
}
