/**
 * `init`: the CometBFT home layout (home-files.md §7). Existing files are
 * kept, missing ones created: config.toml, the validator key and its state,
 * the node key, and a one-validator genesis.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { dirname } from 'node:path';
import { nodeIdFromPubKey, writeFileAtomicSync } from '@cometts/types';
import { defaultConfig, loadConfigFile, loadConfigText } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { renderConfigToml } from '../config/template/index.js';
import { ed25519PubKeyJson, toHexUpper } from './cmtjson.js';
import { newGenesis, writeGenesisFile } from './genesis.js';
import { loadOrGenNodeKey, loadOrGenPrivValidator } from './keys.js';
import { homePaths, type HomePaths } from './paths.js';

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** n random letters and digits, as CometBFT's chain ID suffixes. */
export function randomAlphanumeric(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/** Creates home, config/ and data/ (mode 0700) as the CLI does before any command. */
export function ensureHomeDirs(paths: HomePaths): void {
  for (const dir of [paths.home, paths.configDir, paths.dataDir]) mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Writes config.toml; `config` defaults to CometBFT's defaults. */
export function writeConfigFile(file: string, config: Config): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileAtomicSync(file, renderConfigToml(config), { mode: 0o644 });
}

export interface InitOptions {
  home: string;
  /** Written into a new config.toml (an existing one is kept as is). */
  moniker?: string;
  /** Chain ID of a new genesis (default "test-chain-" + 6 random letters/digits). */
  chainId?: string;
  warn?: (message: string) => void;
}

export interface InitResult {
  paths: HomePaths;
  config: Config;
  nodeId: string;
  validatorAddress: string;
  /** Files this call created. */
  created: string[];
}

export async function initHome(options: InitOptions): Promise<InitResult> {
  const created: string[] = [];
  const configFile = homePaths(options.home).configFile;
  let config: Config;
  if (existsSync(configFile)) {
    config = loadConfigFile(configFile, { warn: options.warn });
    if (options.moniker !== undefined && options.moniker !== config.moniker) {
      options.warn?.(`${configFile} exists: its moniker ${JSON.stringify(config.moniker)} is kept (edit the file to change it)`);
    }
  } else {
    config =
      options.moniker === undefined ? defaultConfig() : loadConfigText('', '--moniker', { overrides: { moniker: options.moniker } });
    writeConfigFile(configFile, config);
    created.push(configFile);
  }
  const paths = homePaths(options.home, config);
  ensureHomeDirs(paths);
  mkdirSync(dirname(paths.privValidatorKeyFile), { recursive: true, mode: 0o700 });
  mkdirSync(dirname(paths.privValidatorStateFile), { recursive: true, mode: 0o700 });
  const hadKey = existsSync(paths.privValidatorKeyFile);
  const validator = loadOrGenPrivValidator(paths.privValidatorKeyFile, paths.privValidatorStateFile);
  if (!hadKey) created.push(paths.privValidatorKeyFile, paths.privValidatorStateFile);

  mkdirSync(dirname(paths.nodeKeyFile), { recursive: true, mode: 0o700 });
  const hadNodeKey = existsSync(paths.nodeKeyFile);
  const nodeKey = await loadOrGenNodeKey(paths.nodeKeyFile);
  if (!hadNodeKey) created.push(paths.nodeKeyFile);

  if (!existsSync(paths.genesisFile)) {
    const genesis = newGenesis({
      chainId: options.chainId ?? `test-chain-${randomAlphanumeric(6)}`,
      validators: [
        {
          address: toHexUpper(validator.address),
          pub_key: ed25519PubKeyJson(validator.privateKey.publicKey),
          power: '10',
          name: '',
        },
      ],
    });
    mkdirSync(dirname(paths.genesisFile), { recursive: true, mode: 0o700 });
    writeGenesisFile(paths.genesisFile, genesis);
    created.push(paths.genesisFile);
  }
  return {
    paths,
    config,
    nodeId: nodeIdFromPubKey(nodeKey.privateKey.publicKey),
    validatorAddress: toHexUpper(validator.address),
    created,
  };
}
