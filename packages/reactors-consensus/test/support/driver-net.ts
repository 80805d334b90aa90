/**
 * An in-memory network of consensus drivers (no sockets) on the test
 * executor: each node has a "home" (WAL directory, block store, saved state,
 * signer state) that survives crashes, and a driver that can be crashed and
 * restarted. Messages travel through a GossipRouter.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignedMsgType, blockIDKey, type BlockID, type ConsensusMessage } from '@cometts/types';
import { GossipRouter } from './gossip-router.js';
import { ConsensusDriver, type DriverConfig } from '../../src/driver/driver.js';
import type { BlockExecutor, PrivValidator, State } from '../../src/driver/ports.js';
import { ConsensusWal } from '../../src/wal/wal.js';
import { Fuse, fusedExecutor, fusedSigner, fusedStore, fusedWal } from './faults.js';
import { genesisState, makeValidators, type TestValidator } from './fixtures.js';
import { MemoryBlockStore } from './memory-block-store.js';
import { MemorySigner, freshSignState, type LastSignState } from './memory-signer.js';
import { TestExecutor } from './test-executor.js';

export const FAST_TIMEOUTS = { propose: 400, proposeDelta: 100, prevote: 100, prevoteDelta: 50, precommit: 100, precommitDelta: 50, commit: 5 };

/** What survives a crash. */
export interface Home {
  walPath: string;
  blockStore: MemoryBlockStore;
  state: State;
  signState: LastSignState;
  /** Every signature the node ever produced, across restarts. */
  signed: { height: bigint; round: number; step: number; signBytes: Uint8Array }[];
  /** Every signing request the driver made (before the signer's double-sign guard): `h/r/step` → block IDs asked for. */
  requests: Map<string, Set<string>>;
}

/** Records what the driver asks to sign, so tests can check it never even tries to equivocate. */
function auditing(pv: PrivValidator, home: Home): PrivValidator {
  const note = (h: bigint, r: number, step: number, id: BlockID) => {
    const key = `${h}/${r}/${step}`;
    const set = home.requests.get(key) ?? new Set<string>();
    set.add(blockIDKey(id));
    home.requests.set(key, set);
  };
  return {
    getPubKey: () => pv.getPubKey(),
    signVote: (chainId, vote, ext) => {
      note(vote.height, vote.round, vote.type === SignedMsgType.Prevote ? 2 : 3, vote.blockId);
      return pv.signVote(chainId, vote, ext);
    },
    signProposal: (chainId, p) => {
      note(p.height, p.round, 1, p.blockId);
      return pv.signProposal(chainId, p);
    },
  };
}

/** Saves the state on apply, as the state store does inside ApplyBlock. */
function persisting(ex: TestExecutor, home: Home): BlockExecutor {
  return {
    createProposalBlock: (...a) => ex.createProposalBlock(...a),
    validateBlock: (...a) => ex.validateBlock(...a),
    applyBlock: async (state, id, block) => {
      const next = await ex.applyBlock(state, id, block);
      home.state = next;
      return next;
    },
  };
}

export class NetNode {
  driver: ConsensusDriver | undefined;
  private wal: ConsensusWal | undefined;
  fuse: Fuse | undefined;
  restarts = 0;

  constructor(
    readonly index: number,
    readonly val: TestValidator,
    readonly home: Home,
    private readonly net: DriverNet,
  ) {}

  get alive(): boolean {
    return this.driver !== undefined && !(this.fuse?.blown ?? false) && this.driver.haltedBy === undefined;
  }

  /** Starts (or restarts) the driver from the home; `crashAfter` arms a fuse. */
  async boot(crashAfter?: number): Promise<void> {
    this.restarts++;
    this.fuse = crashAfter === undefined ? undefined : new Fuse(crashAfter);
    this.wal = await ConsensusWal.open(this.home.walPath, { flushIntervalMs: 50 });
    const signer = new MemorySigner(this.val.key, this.home.signState, this.home.signed);
    let pv: PrivValidator = auditing(signer, this.home);
    let executor = persisting(this.net.executor, this.home);
    let store: MemoryBlockStore | ReturnType<typeof fusedStore> = this.home.blockStore;
    let wal: ReturnType<typeof fusedWal> = this.wal;
    if (this.fuse !== undefined) {
      pv = fusedSigner(pv, this.fuse);
      executor = fusedExecutor(executor, this.fuse);
      store = fusedStore(store, this.fuse);
      wal = fusedWal(wal, this.fuse);
    }
    const driver = new ConsensusDriver({ state: this.home.state, blockStore: store, executor, wal, privValidator: pv, config: this.net.config });
    this.driver = driver;
    driver.on((e) => {
      if (this.driver === driver && !(this.fuse?.blown ?? false)) this.net.router.onEvent(this, e);
    });
    await driver.start();
  }

  /** Dies abruptly: buffered WAL records are lost, nothing is flushed. */
  async kill(): Promise<void> {
    const driver = this.driver;
    this.driver = undefined;
    if (this.fuse !== undefined) this.fuse.blown = true;
    await driver?.stop();
    await this.wal?.abandon();
  }

  /** Clean shutdown. */
  async shutdown(): Promise<void> {
    await this.driver?.stop();
    await this.wal?.close();
    this.driver = undefined;
  }

  deliver(msg: ConsensusMessage, from: number): void {
    if (this.alive) this.driver!.deliver(msg, `node${from}`);
  }
}

export class DriverNet {
  readonly nodes: NetNode[] = [];
  readonly executor = new TestExecutor();
  readonly router: GossipRouter;
  private dir = '';

  constructor(readonly config: Partial<DriverConfig>) {
    this.router = new GossipRouter();
  }

  get decided(): Map<bigint, Set<string>> {
    return this.router.decided;
  }

  static async create(n: number, config: Partial<DriverConfig> = { timeouts: FAST_TIMEOUTS }): Promise<DriverNet> {
    const net = new DriverNet(config);
    net.dir = await mkdtemp(join(tmpdir(), 'cometts-cs-net-'));
    const vals = makeValidators(n);
    const genesis = genesisState(vals);
    vals.forEach((v, i) => {
      const home: Home = { walPath: join(net.dir, `node${i}`, 'cs.wal', 'wal'), blockStore: new MemoryBlockStore(), state: genesis, signState: freshSignState(), signed: [], requests: new Map() };
      const node = new NetNode(i, v, home, net);
      net.nodes.push(node);
      net.router.add(node);
    });
    return net;
  }

  async start(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.boot()));
  }

  async close(): Promise<void> {
    for (const n of this.nodes) if (n.driver !== undefined) await n.shutdown();
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Lowest committed height among the nodes that are alive. */
  minHeight(nodes = this.nodes): bigint {
    return nodes.reduce((m, n) => (n.home.state.lastBlockHeight < m ? n.home.state.lastBlockHeight : m), BigInt(Number.MAX_SAFE_INTEGER));
  }

  async waitFor(cond: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 10));
    }
    return true;
  }
}
