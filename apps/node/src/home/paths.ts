/**
 * Where a node's files live: `--home`, else $CMTHOME, else ~/.cometts. Every
 * relative path in config.toml is relative to the home directory.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { Config } from '../config/schema.js';

export const DEFAULT_HOME_DIR = '.cometts';

export function resolveHome(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.CMTHOME) return resolve(env.CMTHOME);
  return join(homedir(), DEFAULT_HOME_DIR);
}

/** A config path made absolute against the home directory. */
export function rootify(path: string, home: string): string {
  return isAbsolute(path) ? path : join(home, path);
}

export interface HomePaths {
  home: string;
  configDir: string;
  dataDir: string;
  configFile: string;
  genesisFile: string;
  nodeKeyFile: string;
  privValidatorKeyFile: string;
  privValidatorStateFile: string;
  addrBookFile: string;
}

/** The config directory and config.toml are fixed; the rest follows config.toml. */
export function homePaths(home: string, config?: Config): HomePaths {
  return {
    home,
    configDir: join(home, 'config'),
    dataDir: rootify(config?.db_dir ?? 'data', home),
    configFile: join(home, 'config', 'config.toml'),
    genesisFile: rootify(config?.genesis_file ?? 'config/genesis.json', home),
    nodeKeyFile: rootify(config?.node_key_file ?? 'config/node_key.json', home),
    privValidatorKeyFile: rootify(config?.priv_validator_key_file ?? 'config/priv_validator_key.json', home),
    privValidatorStateFile: rootify(config?.priv_validator_state_file ?? 'data/priv_validator_state.json', home),
    addrBookFile: rootify(config?.p2p.addr_book_file ?? 'config/addrbook.json', home),
  };
}
