#!/usr/bin/env node
// `npm run demo`: the main job on the bundled fixtures. Until the pipeline commands land it lists the catalog.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const cmmc = join(root, 'apps/cli/bin/cmmc.js');
const result = spawnSync(process.execPath, [cmmc, 'requirements'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
