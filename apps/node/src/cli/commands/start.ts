/**
 * `start [--home DIR] [--<config key> VALUE …]`: runs the node until SIGINT
 * or SIGTERM, then stops it gracefully (peers closed, address book saved)
 * and exits 0. A second signal while stopping is ignored; a stop that hangs
 * is cut off after STOP_TIMEOUT_MS with exit code 1.
 */
import { existsSync } from 'node:fs';
import { loadConfigFile } from '../../config/load.js';
import { defaultConfig } from '../../config/load.js';
import { ensureHomeDirs, writeConfigFile } from '../../home/init.js';
import { homePaths, resolveHome } from '../../home/paths.js';
import { NodeLogger } from '../../logging/logger.js';
import { CometNode } from '../../node/node.js';
import { parseArgs, stringFlag } from '../args.js';
import type { CliIo } from '../io.js';

const STOP_TIMEOUT_MS = 20_000;

export async function startCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { flags: { home: 'string' }, configFlags: true });
  const home = resolveHome(stringFlag(args, 'home'), io.env);
  const configFile = homePaths(home).configFile;
  // As CometBFT's CLI: a missing config.toml is written with the defaults first.
  if (!existsSync(configFile)) {
    ensureHomeDirs(homePaths(home));
    writeConfigFile(configFile, defaultConfig());
  }
  const config = loadConfigFile(configFile, { overrides: args.overrides, warn: io.err });
  ensureHomeDirs(homePaths(home, config));
  const logger = new NodeLogger({ level: config.log_level, format: config.log_format });
  const log = logger.module('main');

  const node = await CometNode.create({ home, config, logger });
  await node.start();

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (sig: NodeJS.Signals) => resolve(sig);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  const ignoreRepeat = (sig: NodeJS.Signals) => log.info('already stopping', { signal: sig });
  process.on('SIGINT', ignoreRepeat);
  process.on('SIGTERM', ignoreRepeat);
  log.info('caught signal, stopping', { signal });
  const timeout = setTimeout(() => {
    log.error('graceful stop timed out, exiting');
    process.exit(1);
  }, STOP_TIMEOUT_MS);
  await node.stop();
  clearTimeout(timeout);
  return 0;
}
