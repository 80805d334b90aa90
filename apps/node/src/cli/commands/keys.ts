/** `show-node-id` and `show-validator`: read the keys of an existing home. */
import { existsSync } from 'node:fs';
import { pubKeyToJson } from '@cometts/types';
import { loadConfigFile } from '../../config/load.js';
import { HomeFileError } from '../../errors.js';
import { loadNodeKey, loadPrivValidatorKey } from '../../home/keys.js';
import { homePaths, resolveHome } from '../../home/paths.js';
import { parseArgs, stringFlag } from '../args.js';
import type { CliIo } from '../io.js';

function pathsFor(argv: readonly string[], io: CliIo) {
  const args = parseArgs(argv, { flags: { home: 'string' } });
  const home = resolveHome(stringFlag(args, 'home'), io.env);
  const config = loadConfigFile(homePaths(home).configFile, { warn: io.err });
  return homePaths(home, config);
}

export function showNodeId(argv: readonly string[], io: CliIo): number {
  const paths = pathsFor(argv, io);
  if (!existsSync(paths.nodeKeyFile)) throw new HomeFileError(paths.nodeKeyFile, 'node key file does not exist (run init first)');
  io.out(loadNodeKey(paths.nodeKeyFile).nodeId);
  return 0;
}

export function showValidator(argv: readonly string[], io: CliIo): number {
  const paths = pathsFor(argv, io);
  if (!existsSync(paths.privValidatorKeyFile)) {
    throw new HomeFileError(paths.privValidatorKeyFile, 'private validator file does not exist (run init first)');
  }
  io.out(JSON.stringify(pubKeyToJson(loadPrivValidatorKey(paths.privValidatorKeyFile).pubKey)));
  return 0;
}
