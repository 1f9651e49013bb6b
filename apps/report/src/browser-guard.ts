/**
 * Chromium must not outlive `cmmc`. puppeteer launches it as the leader of its own process group (so a Ctrl-C in the
 * terminal does not reach it) and kills that group when Node's `exit` event fires, but nothing kills it when `cmmc`
 * dies by a signal, and its profile and temporary folders stay behind in every case but a clean `close()`. This module guards
 * every browser the process launches:
 * - on `exit` it kills each group and removes each browser's folder (profile and TMPDIR), synchronously;
 * - on SIGINT, SIGTERM and SIGHUP, when no one else in the process handles that signal, it does the same and then
 *   re-raises the signal, so `cmmc` still dies of it (exit status 128 + n). When someone does (the scheduler stops
 *   gracefully, finishing its run), it leaves the browsers to them, and `exit` cleans up after;
 * - for SIGKILL, which no process can catch, a watchdog (`watchdog/browser-watchdog.mjs`, a detached Node process
 *   holding a pipe from us) sees the pipe close when we die and kills the groups and removes the folders then.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WATCHDOG = new URL('../watchdog/browser-watchdog.mjs', import.meta.url);
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** pid of each guarded Chromium (its process group id) → its folder (`BrowserFolders.root`). */
const guarded = new Map<number, string>();
let watchdog: ChildProcess | undefined;

/** The folders of one Chromium launch, all inside `root`, so removing `root` removes everything it wrote. */
export interface BrowserFolders {
  /**
   * `$TMPDIR/cmmc-XXXXXX`, private to this launch, and Chromium's own TMPDIR: with `--disable-dev-shm-usage` it keeps
   * its shared memory in `org.chromium.Chromium.*` folders there, which a killed Chromium would leave behind.
   */
  root: string;
  /** `--user-data-dir`, inside `root`. */
  profile: string;
}

/**
 * Chromium's process-singleton socket lives at `$TMPDIR/.org.chromium.Chromium.XXXXXX/SingletonSocket`, and a Unix
 * socket path is at most 107 bytes: past that Chromium does not start ("Target closed" at launch).
 */
const MAX_SOCKET_PATH = 107;
const SOCKET_SUFFIX = '/.org.chromium.Chromium.XXXXXX/SingletonSocket';
const ROOT_PREFIX = 'cmmc-';

/** Creates the folders for one Chromium launch: under `os.tmpdir()`, or `/tmp` when that is too long for the socket. */
export function createBrowserFolders(): BrowserFolders {
  const rootLength = (base: string) => Buffer.byteLength(join(base, `${ROOT_PREFIX}XXXXXX`));
  const base = rootLength(tmpdir()) + SOCKET_SUFFIX.length <= MAX_SOCKET_PATH ? tmpdir() : '/tmp';
  const root = mkdtempSync(join(base, ROOT_PREFIX));
  const profile = join(root, 'profile');
  mkdirSync(profile, { mode: 0o700 });
  return { root, profile };
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group has already gone.
  }
}

function removeFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
}

/** Kills every guarded browser and removes its folder, synchronously (it runs inside `exit` and signal handlers). */
function killAll(): void {
  for (const [pid, folder] of guarded) {
    killGroup(pid);
    removeFolder(folder);
  }
  guarded.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  killAll();
  stopListening();
  process.kill(process.pid, signal);
}

function startListening(): void {
  process.on('exit', killAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function stopListening(): void {
  process.off('exit', killAll);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

function tellWatchdog(message: object): void {
  if (!watchdog) {
    watchdog = spawn(process.execPath, [fileURLToPath(WATCHDOG)], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    watchdog.on('error', () => undefined);
    watchdog.stdin?.on('error', () => undefined);
    // Neither the watchdog nor our end of its pipe may keep `cmmc` running.
    watchdog.unref();
    (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  }
  watchdog.stdin?.write(`${JSON.stringify(message)}\n`);
}

/**
 * Guards a Chromium just launched: its process group is killed and `folder` (`BrowserFolders.root`) removed when this
 * process exits or is killed, or when `releaseBrowser` is called.
 */
export function guardBrowser(pid: number, folder: string): void {
  if (guarded.size === 0) startListening();
  guarded.set(pid, folder);
  tellWatchdog({ add: { pid, folder } });
}

/**
 * After a browser has been closed (or abandoned): kills what may be left of its group, removes its folder and
 * stops guarding it. When it was the last one, the signal handlers go and the watchdog is told to exit.
 */
export function releaseBrowser(pid: number): void {
  const folder = guarded.get(pid);
  // Once released, the pid may belong to someone else: never signal it again.
  if (folder === undefined) return;
  killGroup(pid);
  removeFolder(folder);
  guarded.delete(pid);
  tellWatchdog({ remove: { pid } });
  if (guarded.size === 0) {
    stopListening();
    watchdog?.stdin?.end();
    watchdog = undefined;
  }
}
