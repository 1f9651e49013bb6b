#!/usr/bin/env node
// Makes a fresh clone runnable: installs npm dependencies from the lockfile when they are missing or stale, and
// Debian's Chromium, fonts and poppler-utils (PDF rendering and PDF text checks) when running as root; otherwise it
// names what to install. Uses only Node built-ins, because it runs before node_modules exists.
// Usage: node scripts/setup.mjs [--npm-only]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npmOnly = process.argv.includes('--npm-only');

function fail(message) {
  console.error(`setup: ${message}`);
  process.exit(1);
}

function run(command, args, options = {}) {
  console.error(`setup: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    ...options,
  });
  if (result.status !== 0)
    fail(`\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`);
}

// Supported: Node 20.19+, 22.12+ and 24 (package.json "engines"; README "Node.js versions"). Older ones cannot run
// vitest 4 / vite 8; others may work but are not tested, so they get a warning, not a refusal.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19) || (major === 22 && minor < 12) || major === 21) {
  fail(
    `Node.js 20.19+, 22.12+ or 24 is needed (vitest 4 and vite 8 require it); this is ${process.version}`,
  );
}
if (![20, 22, 24].includes(major)) {
  console.error(
    `setup: Node.js ${process.version} is not one this project is tested on (20.19+, 22.12+, 24); carrying on`,
  );
}

// npm dependencies: reinstall whenever package-lock.json changed since the last install.
const lock = readFileSync(join(root, 'package-lock.json'));
const lockHash = createHash('sha256').update(lock).digest('hex');
const stamp = join(root, 'node_modules', '.cmmc-setup-lock-sha256');
if (!existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== lockHash) {
  run('npm', ['ci', '--no-audit', '--no-fund'], {
    env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' },
  });
  writeFileSync(stamp, `${lockHash}\n`);
}

if (npmOnly) process.exit(0);

// System packages: Chromium prints the PDFs (nothing downloads a browser at run time), fonts-liberation gives it
// embeddable fonts, poppler-utils (pdftotext, pdfinfo) lets the tests read the PDFs back.
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const needs = [
  { pkg: 'chromium', present: existsSync(chromium) },
  {
    pkg: 'fonts-liberation',
    present: existsSync('/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf'),
  },
  {
    pkg: 'poppler-utils',
    present: existsSync('/usr/bin/pdftotext') && existsSync('/usr/bin/pdfinfo'),
  },
];
const missing = needs.filter((n) => !n.present).map((n) => n.pkg);
if (missing.length > 0) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    fail(
      `missing system packages: ${missing.join(' ')}. Install them, e.g. \`sudo apt-get install -y ${missing.join(' ')}\`, or set CHROMIUM_PATH to a Chromium binary.`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
}
