#!/usr/bin/env node
import { main } from '../dist/index.js';

// `cmmc scores | head` closes the pipe before the output ends: stop as Unix tools stopped by SIGPIPE do (status 141,
// nothing on stderr) instead of crashing with an unhandled EPIPE. A command that was writing to the database leaves it
// as a kill would: every file loaded whole or not at all.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(141);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2));
