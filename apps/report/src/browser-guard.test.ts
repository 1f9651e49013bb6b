import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { createBrowserFolders } from './browser-guard.js';

const savedTmpdir = process.env.TMPDIR;
afterEach(() => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
});

test('a launch folder holds the profile and sits in TMPDIR when the socket path fits', () => {
  const base = mkdtempSync(join(tmpdir(), 'bg-'));
  process.env.TMPDIR = base;
  const folders = createBrowserFolders();
  try {
    expect(folders.root.startsWith(join(base, 'cmmc-'))).toBe(true);
    expect(folders.profile).toBe(join(folders.root, 'profile'));
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('a TMPDIR too long for Chromium socket (107 bytes) falls back to /tmp instead of failing the launch', () => {
  const base = mkdtempSync(join(tmpdir(), 'bg-'));
  const long = join(base, 'x'.repeat(80));
  mkdirSync(long);
  process.env.TMPDIR = long;
  const folders = createBrowserFolders();
  try {
    expect(folders.root.startsWith('/tmp/cmmc-')).toBe(true);
  } finally {
    rmSync(folders.root, { recursive: true, force: true });
    rmSync(base, { recursive: true, force: true });
  }
});
