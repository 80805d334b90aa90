/**
 * The consensus reactor: gossips consensus over the four consensus channels
 * (consensus-messages.md). Per peer it keeps a PeerState (published to other
 * reactors as a read-only view) and runs three routines tied to the peer's
 * signal — data, votes and +2/3 queries. Peer messages for the engine are
 * queued, never processed in receive; the engine's events are broadcast.
 */
import { PeerRoundStateKey, type Envelope, type Peer, type Reactor, type ReactorChannel, type SwitchHandle } from '@cometts/switch';
import type { ConsensusMessage, ConsensusMessageV1 } from '@cometts/types';
import type { ConsensusLogger } from '../driver/ports.js';
import { CONSENSUS_CHANNELS, STATE_CHANNEL } from './channels.js';
import { DEFAULT_CONSENSUS_REACTOR_CONFIG, type ConsensusReactorConfig } from './config.js';
import { ContributionTracker } from './contributions.js';
import { gossipDataStep } from './data-gossip.js';
import { EngineInbox } from './engine-inbox.js';
import { handleEngineEvent, type EventContext } from './engine-events.js';
import type { ConsensusEngine, GossipBlockStore, GossipRoundState } from './engine.js';
import { StoreCache, type GossipContext, type GossipStep } from './gossip-context.js';
import { queryMaj23Pass } from './maj23-gossip.js';
import { ConsensusPeerStateKey, PeerHandle } from './peer-handle.js';
import { receiveMessage, type ReceiveContext } from './receive.js';
import { gossipVotesStep } from './vote-gossip.js';
import { sleep, type Wakeup } from './wakeup.js';

export interface ConsensusReactorOptions {
  switch: SwitchHandle;
  engine: ConsensusEngine;
  blockStore: GossipBlockStore;
  config?: Partial<ConsensusReactorConfig>;
  logger?: ConsensusLogger;
  /** The chain's initial height (checked in peers' NewRoundStep before the engine runs). Default 1. */
  initialHeight?: bigint;
  /** Tests: randomness for picking parts and votes, and the clock. */
  random?: () => number;
  now?: () => number;
}

const silent: ConsensusLogger = { debug: () => undefined, info: () => undefined, error: () => undefined };

/** Sends in a row before a routine yields to I/O. */
const SENDS_BEFORE_YIELD = 32;
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ConsensusReactor implements Reactor, GossipContext, ReceiveContext, EventContext {
  readonly name = 'CONSENSUS';
  readonly switch: SwitchHandle;
  readonly engine: ConsensusEngine;
  readonly store: GossipBlockStore;
  readonly config: ConsensusReactorConfig;
  readonly logger: ConsensusLogger;
  readonly cache: StoreCache;
  readonly random: () => number;
  readonly inbox: EngineInbox;
  readonly contributions: ContributionTracker;
  readonly initialHeight: bigint;
  private readonly now: () => number;
  private readonly peers = new Map<string, PeerHandle>();
  private readonly channelList: ReactorChannel[] = [...CONSENSUS_CHANNELS];
  private stopper = new AbortController();
  private unsubscribe: (() => void) | undefined;
  private waitSync: boolean;

  constructor(options: ConsensusReactorOptions) {
    this.switch = options.switch;
    this.engine = options.engine;
    this.store = options.blockStore;
    this.config = { ...DEFAULT_CONSENSUS_REACTOR_CONFIG, ...options.config };
    this.logger = options.logger ?? silent;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.initialHeight = options.initialHeight ?? 1n;
    this.waitSync = this.config.waitSync;
    this.cache = new StoreCache(this.store);
    this.inbox = new EngineInbox(this.engine, this.config.engineBacklog, this.logger);
    this.contributions = new ContributionTracker((peerId, kind) => this.credit(peerId, kind));
  }

  channels(): ReactorChannel[] {
    return this.channelList;
  }

  start(): void {
    if (this.unsubscribe !== undefined) return;
    if (this.stopper.signal.aborted) this.stopper = new AbortController();
    this.unsubscribe = this.engine.on((e) => handleEngineEvent(this, e));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.stopper.abort();
    this.inbox.stop();
  }

  /** True while block/state sync runs: only State-channel messages count and nothing is announced. */
  syncing(): boolean {
    return this.waitSync;
  }

  /** Block/state sync finished and the engine runs: start gossiping and tell every peer where we are. */
  switchToConsensus(): void {
    if (!this.waitSync) return;
    this.waitSync = false;
    const msg = this.roundStepMessage();
    if (msg !== undefined) this.switch.broadcast(STATE_CHANNEL, msg).catch(() => undefined);
    this.wakeAll();
  }

  roundState(): GossipRoundState | undefined {
    return this.waitSync ? undefined : this.engine.roundState;
  }

  initPeer(peer: Peer): void {
    const h = new PeerHandle(peer, this.now);
    this.peers.set(peer.id, h);
    peer.set(ConsensusPeerStateKey, h.state);
    peer.set(PeerRoundStateKey, h.state.view);
  }

  addPeer(peer: Peer): void {
    let h = this.peers.get(peer.id);
    if (h === undefined || h.peer !== peer) {
      this.initPeer(peer);
      h = this.peers.get(peer.id)!;
    }
    if (h.started || peer.signal.aborted) return;
    h.started = true;
    h.signal = AbortSignal.any([peer.signal, this.stopper.signal]);
    const msg = this.syncing() ? undefined : this.roundStepMessage();
    if (msg !== undefined) void peer.send(STATE_CHANNEL, msg);
    void this.routine(h, 'data', h.dataWake, () => gossipDataStep(this, h));
    void this.routine(h, 'votes', h.votesWake, () => gossipVotesStep(this, h));
    void this.maj23Routine(h);
  }

  removePeer(peer: Peer): void {
    const h = this.peers.get(peer.id);
    if (h === undefined || h.peer !== peer) return;
    this.peers.delete(peer.id);
    this.contributions.forget(peer.id);
  }

  receive(envelope: Envelope): void {
    const h = this.peers.get(envelope.src.id);
    if (h === undefined || h.peer !== envelope.src) return;
    receiveMessage(this, h, envelope.channelId, envelope.message as ConsensusMessageV1);
  }

  /** The PeerState of a connected peer (read it, do not change it). */
  peerState(peerId: string): PeerHandle['state'] | undefined {
    return this.peers.get(peerId)?.state;
  }

  wakeAll(): void {
    for (const h of this.peers.values()) h.wake();
  }

  /** NewRoundStep for our current round state (sent to each new peer). */
  private roundStepMessage(): ConsensusMessage | undefined {
    const rs = this.engine.roundState;
    if (rs === undefined) return undefined;
    const seconds = BigInt(Math.trunc((this.now() - this.engine.startTimeMs) / 1000));
    return {
      case: 'newRoundStep',
      value: { height: rs.height, round: rs.round, step: rs.step, secondsSinceStartTime: seconds, lastCommitRound: rs.lastCommit?.round ?? -1 },
    };
  }

  private async routine(h: PeerHandle, what: string, wakeup: Wakeup, step: () => Promise<GossipStep>): Promise<void> {
    const idleMs = this.config.peerGossipSleepMs;
    let streak = 0;
    while (!h.signal.aborted) {
      let result: GossipStep;
      try {
        result = await step();
      } catch (err) {
        this.logger.error(`consensus ${what} gossip failed`, { peer: h.peer.id, error: (err as Error).message });
        result = 'backoff';
      }
      if (result === 'sent') {
        if (++streak % SENDS_BEFORE_YIELD === 0) await yieldToIo();
        continue;
      }
      streak = 0;
      if (result === 'idle') await wakeup.wait(idleMs, h.signal);
      else await sleep(idleMs, h.signal);
    }
  }

  private async maj23Routine(h: PeerHandle): Promise<void> {
    while (!h.signal.aborted) {
      try {
        if (this.roundState() !== undefined) await queryMaj23Pass(this, h);
      } catch (err) {
        this.logger.error('consensus maj23 query failed', { peer: h.peer.id, error: (err as Error).message });
      }
      await sleep(this.config.peerQueryMaj23SleepMs, h.signal);
    }
  }

  private credit(peerId: string, kind: 'vote' | 'blockPart'): void {
    const h = this.peers.get(peerId);
    if (h === undefined) return;
    const ps = h.state;
    const every = kind === 'vote' ? this.config.votesToBecomeGoodPeer : this.config.blockPartsToBecomeGoodPeer;
    const count = kind === 'vote' ? ++ps.usefulVotes : ++ps.usefulBlockParts;
    if (count % every === 0) this.switch.markPeerAsGood(h.peer);
  }
}
