/**
 * Four validators wired with the real parts: the kvstore application, the
 * @cometts/store block and state stores (memory-level), the ABCI block
 * executor, file private validators and on-disk WALs, connected in memory
 * through a GossipRouter. Txs are handed to every node's tx source, as
 * mempool gossip would.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryLevel } from 'memory-level';
import { defaultConsensusParams, type ConsensusMessage } from '@cometts/types';
import { KVStoreApplication } from '@cometts/kvstore';
import { BlockStore, StateStore, openMemoryDb } from '@cometts/store';
import { ConsensusDriver, type DriverConfig } from '../../src/driver/driver.js';
import { ConsensusWal } from '../../src/wal/wal.js';
import { AbciBlockExecutor, FilePV, InMemoryTxSource, handshake, type ConsensusLogger, type Genesis } from '../../src/index.js';
import { GENESIS_TIME, keyFor } from './fixtures.js';
import { GossipRouter } from './gossip-router.js';
import { MemorySigner } from './memory-signer.js';

export interface KvNode {
  index: number;
  restarts: number;
  driver: ConsensusDriver;
  wal: ConsensusWal;
  blockStore: BlockStore;
  txs: InMemoryTxSource;
  deliver(msg: ConsensusMessage, from: number): void;
}

export interface KvstoreNetOptions {
  /** Where the homes go (default /dev/shm when present, else the OS temp dir). */
  baseDir?: string;
  /** 'file' (default): FilePV; 'memory': MemorySigner, same rules without the state file. */
  signer?: 'file' | 'memory';
}

export class KvstoreNet {
  readonly router = new GossipRouter();
  readonly nodes: KvNode[] = [];

  private constructor(
    readonly genesis: Genesis,
    private readonly dir: string,
  ) {}

  static async create(n: number, config: Partial<DriverConfig>, logger?: ConsensusLogger, options: KvstoreNetOptions = {}): Promise<KvstoreNet> {
    // Durability is not what this network tests (the WAL and crash tests do): use RAM when there is some.
    const base = options.baseDir ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
    const dir = await mkdtemp(join(base, 'cometts-kv-net-'));
    const keys = Array.from({ length: n }, (_, i) => keyFor(i));
    const genesis: Genesis = {
      genesisTime: GENESIS_TIME,
      chainId: 'kv-chain',
      initialHeight: 1n,
      consensusParams: defaultConsensusParams(),
      validators: keys.map((k) => ({ pubKey: { case: 'ed25519', value: k.publicKey }, power: 10n })),
      appHash: new Uint8Array(0),
      appState: new Uint8Array(0),
    };
    const net = new KvstoreNet(genesis, dir);
    for (let i = 0; i < n; i++) {
      const home = join(dir, `node${i}`);
      await mkdir(join(home, 'config'), { recursive: true });
      await mkdir(join(home, 'data'), { recursive: true });
      const app = await KVStoreApplication.open(new MemoryLevel());
      const stateStore = new StateStore(await openMemoryDb());
      const blockStore = await BlockStore.open(await openMemoryDb());
      const { state } = await handshake({ app, stateStore, blockStore, genesis });
      const txs = new InMemoryTxSource();
      const executor = new AbciBlockExecutor({ app, stateStore, blockStore, txSource: txs });
      const pv =
        options.signer === 'memory'
          ? new MemorySigner(keys[i]!)
          : await FilePV.generate(join(home, 'config', 'priv_validator_key.json'), join(home, 'data', 'priv_validator_state.json'), keys[i]);
      const wal = await ConsensusWal.open(join(home, 'data', 'cs.wal', 'wal'));
      const driver = new ConsensusDriver({ state, blockStore, executor, wal, privValidator: pv, config, logger });
      const node: KvNode = {
        index: i,
        restarts: 1,
        driver,
        wal,
        blockStore,
        txs,
        deliver: (msg, from) => {
          driver.deliver(msg, `node${from}`);
        },
      };
      driver.on((e) => net.router.onEvent(node, e));
      net.router.add(node);
      net.nodes.push(node);
    }
    return net;
  }

  async start(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.driver.start()));
  }

  /** Puts a tx in every node's mempool. */
  submit(tx: string | Uint8Array): void {
    const bytes = typeof tx === 'string' ? new TextEncoder().encode(tx) : tx;
    for (const n of this.nodes) n.txs.add(bytes);
  }

  minHeight(): bigint {
    return this.nodes.reduce((m, n) => (n.driver.state.lastBlockHeight < m ? n.driver.state.lastBlockHeight : m), 1n << 62n);
  }

  async close(): Promise<void> {
    for (const n of this.nodes) {
      await n.driver.stop();
      await n.wal.close();
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
