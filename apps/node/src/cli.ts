#!/usr/bin/env node
/** The `cometts` executable. */
import { runCli } from './cli/main.js';
import { processIo } from './cli/io.js';

runCli(process.argv.slice(2), processIo).then(
  // Exit explicitly: after a graceful stop nothing is left to wait for.
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
