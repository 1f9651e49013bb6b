/**
 * Kills the Chromium process groups `cmmc` launched, and removes their profile folders, once `cmmc` is gone, however
 * it went: a SIGKILL or the OOM killer gives `cmmc` no chance to clean up, and Node has no prctl(PR_SET_PDEATHSIG).
 *
 * Started detached (its own session, so a Ctrl-C or a closed terminal that stops `cmmc` does not stop it first) with
 * its stdin a pipe from `cmmc`. `cmmc` writes one JSON line per event: `{"add":{"pid":…,"folder":"…"}}` after a
 * launch, `{"remove":{"pid":…}}` after it closed that browser and removed its folder itself. The pipe's other end
 * closes when `cmmc` exits for any reason, SIGKILL included, and the kernel says so at once (no polling, no pid
 * reuse): then every group still listed is killed with SIGKILL, its folder removed, and the watchdog exits.
 */
import { rmSync } from 'node:fs';

/** pid of each Chromium (leader of its own process group) → its folder (profile and TMPDIR). */
const browsers = new Map();
let buffered = '';

for (const signal of ['SIGINT', 'SIGHUP', 'SIGPIPE']) process.on(signal, () => undefined);

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function handle(line) {
  if (line.trim() === '') return;
  const message = JSON.parse(line);
  if (message.add) browsers.set(message.add.pid, message.add.folder);
  if (message.remove) browsers.delete(message.remove.pid);
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function cleanUp() {
  for (const pid of browsers.keys()) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  // A killed process can still hold its files for a moment; remove the folder once its group has gone.
  for (let waited = 0; waited < 5_000 && [...browsers.keys()].some(groupAlive); waited += 50) {
    await sleep(50);
  }
  for (const folder of browsers.values()) {
    rmSync(folder, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
  process.exit(0);
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffered += chunk;
  const lines = buffered.split('\n');
  buffered = lines.pop() ?? '';
  for (const line of lines) handle(line);
});
process.stdin.on('end', () => void cleanUp());
process.stdin.on('error', () => void cleanUp());
