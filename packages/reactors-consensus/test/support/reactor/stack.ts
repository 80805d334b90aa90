/**
 * A whole consensus node in one object, over real loopback TCP: Switch +
 * ConsensusReactor + ConsensusDriver + the kvstore application + stores on
 * memory-level, a file WAL and a file private validator in a temp home.
 * The home (databases, WAL, key files) outlives stop(), so a node can be
 * stopped and started again as a process restart would.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { KVStoreApplication } from '@cometts/kvstore';
import { BlockStore, StateStore, openMemoryDb, type LevelDb } from '@cometts/store';
import { Switch } from '@cometts/switch';
import { Ed25519PrivateKey, defaultConsensusParams, nodeIdFromPubKey, type NetAddress, type Timestamp } from '@cometts/types';
import { ConsensusDriver } from '../../../src/driver/driver.js';
import { AbciBlockExecutor } from '../../../src/execution/block-executor.js';
import type { Genesis } from '../../../src/execution/genesis.js';
import { handshake } from '../../../src/execution/handshake.js';
import { FilePV } from '../../../src/privval/file-pv.js';
import { ConsensusReactor } from '../../../src/reactor/reactor.js';
import { ConsensusWal } from '../../../src/wal/wal.js';
import type { ConsensusTimeouts } from '../../../src/core/types.js';

/** Short timeouts that still tolerate a loaded 2-core machine. */
export const NET_TIMEOUTS: ConsensusTimeouts = { propose: 1500, proposeDelta: 250, prevote: 300, prevoteDelta: 100, precommit: 300, precommitDelta: 100, commit: 10 };

export interface Home {
  dir: string;
  nodeKey: Ed25519PrivateKey;
  /** Absent on a non-validator. */
  validatorKey: Ed25519PrivateKey | undefined;
  appDb: LevelDb;
  stateDb: LevelDb;
  blockDb: LevelDb;
}

export function makeGenesis(validatorKeys: Ed25519PrivateKey[], chainId = 'reactor-net'): Genesis {
  const ms = Date.now();
  const genesisTime: Timestamp = { seconds: BigInt(Math.floor(ms / 1000)), nanos: 0 };
  return {
    genesisTime,
    chainId,
    initialHeight: 1n,
    consensusParams: defaultConsensusParams(),
    validators: validatorKeys.map((k) => ({ pubKey: { case: 'ed25519', value: k.publicKey }, power: 10n })),
    appHash: new Uint8Array(0),
    appState: new TextEncoder().encode('{}'),
  };
}

export async function makeHome(dir: string, validatorKey: Ed25519PrivateKey | undefined): Promise<Home> {
  await mkdir(join(dir, 'data'), { recursive: true });
  if (validatorKey !== undefined) await FilePV.generate(join(dir, 'priv_validator_key.json'), join(dir, 'data', 'priv_validator_state.json'), validatorKey);
  return { dir, nodeKey: Ed25519PrivateKey.generate(), validatorKey, appDb: await openMemoryDb(), stateDb: await openMemoryDb(), blockDb: await openMemoryDb() };
}

export class StackNode {
  /** Conflicting votes this node's vote sets saw (double signing by some validator). */
  conflicts = 0;

  private constructor(
    readonly home: Home,
    readonly sw: Switch,
    readonly driver: ConsensusDriver,
    readonly reactor: ConsensusReactor,
    readonly blockStore: BlockStore,
    private readonly wal: ConsensusWal,
  ) {}

  static async start(home: Home, genesis: Genesis, port = 0, timeouts: ConsensusTimeouts = NET_TIMEOUTS): Promise<StackNode> {
    const app = await KVStoreApplication.open(home.appDb);
    const stateStore = new StateStore(home.stateDb);
    const blockStore = await BlockStore.open(home.blockDb);
    const { state } = await handshake({ app, stateStore, blockStore, genesis });
    const executor = new AbciBlockExecutor({ app, stateStore, blockStore });
    const wal = await ConsensusWal.open(join(home.dir, 'data', 'cs.wal', 'wal'));
    const privValidator =
      home.validatorKey === undefined ? undefined : await FilePV.load(join(home.dir, 'priv_validator_key.json'), join(home.dir, 'data', 'priv_validator_state.json'));
    const driver = new ConsensusDriver({ state, blockStore, executor, wal, privValidator, config: { timeouts, skipTimeoutCommit: false } });
    const sw = new Switch({
      nodeKey: { privateKey: home.nodeKey, nodeId: nodeIdFromPubKey(home.nodeKey.publicKey) },
      network: genesis.chainId,
      moniker: `node-${home.dir.slice(-6)}`,
      listenAddress: `tcp://127.0.0.1:${port}`,
      allowDuplicateIp: true,
      handshakeTimeoutMs: 10_000,
      dialTimeoutMs: 5_000,
      dialRandomDelayMs: 10,
      reconnect: { attempts: 100, intervalMs: 200, jitterMs: 50, backoffAttempts: 0, backoffUnitMs: 100, backoffFactor: 2 },
    });
    const reactor = new ConsensusReactor({ switch: sw, engine: driver, blockStore, initialHeight: genesis.initialHeight });
    sw.addReactor('CONSENSUS', reactor);
    const node = new StackNode(home, sw, driver, reactor, blockStore, wal);
    driver.on((e) => {
      if (e.type === 'conflictingVotes') node.conflicts++;
    });
    await driver.start();
    await sw.start();
    return node;
  }

  get height(): bigint {
    return this.blockStore.height();
  }

  get address(): NetAddress {
    return this.sw.netAddress;
  }

  async stop(): Promise<void> {
    await this.sw.stop();
    await this.driver.stop();
    await this.wal.close();
  }
}
