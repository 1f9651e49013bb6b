import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const bin = new URL('../bin/cmmc.js', import.meta.url).pathname;

describe('cmmc writing into a pipe that closes early', () => {
  it('stops quietly with status 141, as `cmmc requirements | head -1` needs', async () => {
    const child = spawn(process.execPath, [bin, 'requirements', '--level', '2', '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    // close our end before the command writes, as `head` does once it has its lines
    child.stdout.destroy();
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(status).toBe(141);
  });
});
