/**
 * `testnet`: N node homes for one machine (home-files.md §8, adapted to
 * 127.0.0.1): every node its own keys and ports, one shared genesis with the
 * validators, persistent peers wired to every node (a self-dial is dropped).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { ed25519PubKeyJson, toHexUpper } from './cmtjson.js';
import { newGenesis, writeGenesisFile, type GenesisValidator } from './genesis.js';
import { ensureHomeDirs, randomAlphanumeric, writeConfigFile } from './init.js';
import { loadOrGenNodeKey, loadOrGenPrivValidator } from './keys.js';
import { homePaths } from './paths.js';

export interface TestnetOptions {
  /** Number of validators (default 4). */
  validators: number;
  /** Number of non-validators (default 0). */
  nonValidators?: number;
  outputDir: string;
  /** P2P port of node0; node i uses startingPort + 10·i (P2P), +1 (RPC), +2 (Prometheus). */
  startingPort?: number;
  host?: string;
  chainId?: string;
  nodeDirPrefix?: string;
  initialHeight?: bigint;
  populatePersistentPeers?: boolean;
  /** Base config copied into every node (default: CometBFT's defaults). */
  baseConfig?: Config;
}

export interface TestnetNode {
  name: string;
  home: string;
  nodeId: string;
  p2pPort: number;
  rpcPort: number;
  prometheusPort: number;
  isValidator: boolean;
}

export interface TestnetResult {
  chainId: string;
  nodes: TestnetNode[];
}

export const PORTS_PER_NODE = 10;

export async function createTestnet(options: TestnetOptions): Promise<TestnetResult> {
  const total = options.validators + (options.nonValidators ?? 0);
  const host = options.host ?? '127.0.0.1';
  const startingPort = options.startingPort ?? 26656;
  if (startingPort + PORTS_PER_NODE * (total - 1) + 2 > 65535) {
    throw new RangeError(`--starting-port ${startingPort} leaves no room for ${total} nodes (10 ports each)`);
  }
  const prefix = options.nodeDirPrefix ?? 'node';
  const chainId = options.chainId ?? `chain-${randomAlphanumeric(6)}`;
  const outputDir = resolve(options.outputDir);
  mkdirSync(outputDir, { recursive: true, mode: 0o755 });

  const nodes: TestnetNode[] = [];
  const validators: GenesisValidator[] = [];
  for (let i = 0; i < total; i++) {
    const name = `${prefix}${i}`;
    const home = join(outputDir, name);
    mkdirSync(home, { recursive: true, mode: 0o755 });
    const paths = homePaths(home, options.baseConfig);
    ensureHomeDirs(paths);
    const validator = loadOrGenPrivValidator(paths.privValidatorKeyFile, paths.privValidatorStateFile);
    const nodeKey = await loadOrGenNodeKey(paths.nodeKeyFile);
    const p2pPort = startingPort + PORTS_PER_NODE * i;
    const isValidator = i < options.validators;
    nodes.push({ name, home, nodeId: nodeKey.nodeId, p2pPort, rpcPort: p2pPort + 1, prometheusPort: p2pPort + 2, isValidator });
    if (isValidator) {
      validators.push({
        address: toHexUpper(validator.address),
        pub_key: ed25519PubKeyJson(validator.privateKey.publicKey),
        power: '1',
        name,
      });
    }
  }

  const genesis = newGenesis({ chainId, validators, initialHeight: options.initialHeight ?? 0n });
  const persistentPeers = options.populatePersistentPeers === false ? '' : nodes.map((n) => `${n.nodeId}@${host}:${n.p2pPort}`).join(',');
  for (const node of nodes) {
    const base = options.baseConfig ?? defaultConfig();
    const config: Config = {
      ...base,
      moniker: node.name,
      rpc: { ...base.rpc, laddr: `tcp://${host}:${node.rpcPort}` },
      p2p: {
        ...base.p2p,
        laddr: `tcp://${host}:${node.p2pPort}`,
        persistent_peers: persistentPeers,
        addr_book_strict: false,
        allow_duplicate_ip: true,
      },
      instrumentation: { ...base.instrumentation, prometheus_listen_addr: `${host}:${node.prometheusPort}` },
    };
    const paths = homePaths(node.home, config);
    writeConfigFile(paths.configFile, config);
    writeGenesisFile(paths.genesisFile, genesis);
  }
  return { chainId, nodes };
}
