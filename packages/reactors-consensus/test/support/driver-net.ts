/**
 * An in-memory network of consensus drivers (no sockets): each node has a
 * "home" (WAL directory, block store, saved state, signer state) that
 * survives crashes, and a driver that can be crashed and restarted. Own
 * messages are broadcast as the driver publishes them; a gossip stand-in
 * re-offers logged messages of a height when a node enters a new round or
 * learns which block to fetch, which is also how restarted nodes catch up.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignedMsgType, blockIDKey, type BlockID, type ConsensusMessage } from '@cometts/types';
import { ConsensusDriver, type DriverConfig } from '../../src/driver/driver.js';
import type { ConsensusEvent } from '../../src/driver/events.js';
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
  readonly heights: string[] = [];
  readonly appHashes: string[] = [];

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
      if (this.driver === driver && !(this.fuse?.blown ?? false)) this.net.onEvent(this, e);
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

interface Logged {
  from: number;
  msg: ConsensusMessage;
}

function msgHeight(m: ConsensusMessage): bigint {
  if (m.case === 'proposal') return m.value.proposal.height;
  if (m.case === 'blockPart') return m.value.height;
  if (m.case === 'vote') return m.value.vote!.height;
  return -1n;
}

export class DriverNet {
  readonly nodes: NetNode[] = [];
  readonly executor = new TestExecutor();
  private readonly log = new Map<bigint, Logged[]>();
  private readonly offered = new Set<string>();
  readonly decided = new Map<bigint, Set<string>>();
  private dir = '';

  constructor(
    readonly config: Partial<DriverConfig>,
    private readonly maxDelayMs = 3,
  ) {}

  static async create(n: number, config: Partial<DriverConfig> = { timeouts: FAST_TIMEOUTS }): Promise<DriverNet> {
    const net = new DriverNet(config);
    net.dir = await mkdtemp(join(tmpdir(), 'cometts-cs-net-'));
    const vals = makeValidators(n);
    const genesis = genesisState(vals);
    vals.forEach((v, i) => {
      const home: Home = { walPath: join(net.dir, `node${i}`, 'cs.wal', 'wal'), blockStore: new MemoryBlockStore(), state: genesis, signState: freshSignState(), signed: [], requests: new Map() };
      net.nodes.push(new NetNode(i, v, home, net));
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

  onEvent(node: NetNode, e: ConsensusEvent): void {
    if (e.type === 'broadcast') {
      this.record(node.index, e.message);
      for (const other of this.nodes) if (other !== node) this.send(node.index, other, e.message);
    } else if (e.type === 'newBlock') {
      const key = Buffer.from(e.blockId.hash).toString('hex');
      const set = this.decided.get(e.height) ?? new Set<string>();
      set.add(key);
      this.decided.set(e.height, set);
      node.heights.push(key);
      node.appHashes.push(Buffer.from(e.state.appHash).toString('hex'));
    } else if (e.type === 'newRoundStep') {
      this.gossip(node, e.height, e.round);
    } else if (e.type === 'validBlock') {
      this.gossip(node, e.height, -1 - e.round);
    }
  }

  private record(from: number, msg: ConsensusMessage): void {
    const h = msgHeight(msg);
    const list = this.log.get(h) ?? [];
    list.push({ from, msg });
    this.log.set(h, list);
  }

  private send(from: number, to: NetNode, msg: ConsensusMessage): void {
    setTimeout(() => to.deliver(msg, from), Math.random() * this.maxDelayMs);
  }

  /**
   * Re-offers, once per (node, height, round), what a peer would send: the
   * precommits of the height (catch-up), the round's votes, its proposal and the parts.
   */
  private gossip(node: NetNode, height: bigint, round: number): void {
    const key = `${node.index}/${node.restarts}/${height}/${round}`;
    if (this.offered.has(key)) return;
    this.offered.add(key);
    const r = round < 0 ? -1 - round : round;
    const logged = (this.log.get(height) ?? []).filter((l) => l.from !== node.index);
    const votes = logged.filter(({ msg }) => msg.case === 'vote' && (msg.value.vote!.type === SignedMsgType.Precommit || msg.value.vote!.round >= r));
    const proposals = logged.filter(({ msg }) => msg.case === 'proposal' && msg.value.proposal.round === r);
    const parts = logged.filter(({ msg }) => msg.case === 'blockPart');
    for (const { from, msg } of [...votes, ...proposals, ...parts]) this.send(from, node, msg);
  }
}
