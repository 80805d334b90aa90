/**
 * The consensus driver: runs the pure core against the real world. One loop
 * takes inputs in order (peers' messages from a bounded queue, timeouts),
 * writes each to the WAL before acting on it (our own messages with fsync),
 * applies it to the core and performs the effects; answers to our own
 * effects (signed votes, verdicts, applied blocks) are handled before the
 * next outside input. At start it replays the WAL from the last end_height,
 * which brings the node back to where it was.
 */
import { pubKeyAddress, type ConsensusMessage, type VoteSetMaj23 } from '@cometts/types';
import { apply, start } from '../core/apply.js';
import { nextHeight } from '../core/commit-steps.js';
import { DEFAULT_TIMEOUTS, type ConsensusTimeouts, type Input, type RoundState } from '../core/types.js';
import { defaultVerifier, type SignatureVerifier } from '../core/verifier.js';
import { WalAheadOfStateError } from '../wal/errors.js';
import type { Wal } from '../wal/wal.js';
import { ConsensusHaltedError } from './errors.js';
import { EventHub, type ConsensusListener } from './events.js';
import { performEffect, type DriverInternals } from './effects.js';
import { acceptVoteExtension } from './extensions.js';
import { inputToWal, messageToInput, walToInput } from './messages.js';
import type { BlockExecutor, BlockStore, Clock, ConsensusLogger, EvidenceReporter, PrivValidator, State } from './ports.js';
import { Inbox } from './queue.js';
import { recoverStart } from './startup.js';
import { systemClock } from './system-clock.js';
import { TimeoutTicker, type ScheduledTimeout } from './ticker.js';

export interface DriverConfig {
  timeouts: ConsensusTimeouts;
  skipTimeoutCommit: boolean;
  createEmptyBlocks: boolean;
  createEmptyBlocksIntervalMs: number;
  /** Peer messages waiting to be processed before new ones are dropped (upstream 1000). */
  peerQueueSize: number;
}

export const DEFAULT_DRIVER_CONFIG: DriverConfig = {
  timeouts: DEFAULT_TIMEOUTS,
  skipTimeoutCommit: false,
  createEmptyBlocks: true,
  createEmptyBlocksIntervalMs: 0,
  peerQueueSize: 1000,
};

export interface DriverOptions {
  /** The state after the last committed block (after the ABCI handshake). */
  state: State;
  blockStore: BlockStore;
  executor: BlockExecutor;
  wal: Wal;
  /** Absent on a non-validator. */
  privValidator?: PrivValidator;
  config?: Partial<DriverConfig>;
  clock?: Clock;
  logger?: ConsensusLogger;
  evidence?: EvidenceReporter;
  verify?: SignatureVerifier;
}

const silent: ConsensusLogger = { debug: () => undefined, info: () => undefined, error: () => undefined };

interface Item {
  input: Input;
  durationMs: number;
}

export class ConsensusDriver implements DriverInternals {
  core!: RoundState;
  readonly wal: Wal;
  readonly clock: Clock;
  readonly ticker: TimeoutTicker;
  readonly events = new EventHub();
  readonly blockStore: BlockStore;
  readonly executor: BlockExecutor;
  readonly privValidator: PrivValidator | undefined;
  readonly evidence: EvidenceReporter | undefined;
  readonly logger: ConsensusLogger;
  replaying = false;
  commitAnchorMs = 0;
  startTimeMs = 0;
  private readonly config: DriverConfig;
  private readonly inbox: Inbox<Item>;
  private readonly internal: Input[] = [];
  private loopDone: Promise<void> | undefined;
  private failure: unknown = undefined;
  private stopped = false;

  constructor(private readonly opts: DriverOptions) {
    this.wal = opts.wal;
    this.clock = opts.clock ?? systemClock;
    this.blockStore = opts.blockStore;
    this.executor = opts.executor;
    this.privValidator = opts.privValidator;
    this.evidence = opts.evidence;
    this.logger = opts.logger ?? silent;
    this.config = { ...DEFAULT_DRIVER_CONFIG, ...opts.config };
    this.inbox = new Inbox(this.config.peerQueueSize);
    this.ticker = new TimeoutTicker(this.clock, (t: ScheduledTimeout) => {
      this.inbox.pushLocal({ input: { kind: 'timeout', height: t.height, round: t.round, step: t.step }, durationMs: t.durationMs });
    });
  }

  on(listener: ConsensusListener): () => void {
    return this.events.on(listener);
  }

  /** The round state (read-only for callers; undefined before start()). */
  get roundState(): Readonly<RoundState> {
    return this.core;
  }

  /** The state after the last committed block. */
  get state(): State {
    return (this.core as RoundState | undefined)?.chain ?? this.opts.state;
  }

  /** Why the driver halted, if it did. */
  get haltedBy(): unknown {
    return this.failure;
  }

  /** Recovers, starts the state machine, replays the WAL, then processes inputs until stop(). */
  async start(): Promise<void> {
    try {
      await this.startAndReplay();
    } catch (err) {
      this.inbox.close();
      this.ticker.cancel();
      throw err;
    }
    this.loopDone = this.loop();
  }

  private async startAndReplay(): Promise<void> {
    const verify = this.opts.verify ?? defaultVerifier;
    const recovered = await recoverStart(this.opts.state, this.blockStore, this.executor, verify);
    const pubKey = await this.privValidator?.getPubKey();
    const self = pubKey === undefined ? undefined : { address: pubKeyAddress(pubKey), pubKey };
    const height = nextHeight(recovered.state);
    if ((await this.wal.recordsAfterEndHeight(height)) !== undefined) throw new WalAheadOfStateError(height);
    const { timeouts, skipTimeoutCommit, createEmptyBlocks, createEmptyBlocksIntervalMs } = this.config;
    const started = start({
      config: { timeouts, skipTimeoutCommit, createEmptyBlocks, createEmptyBlocksIntervalMs, verify },
      state: recovered.state,
      lastCommit: recovered.lastCommit,
      self,
      needProofBlock: recovered.needProofBlock,
    });
    this.core = started.state;
    this.commitAnchorMs = this.clock.now();
    for (const e of started.effects) await performEffect(this, e);
    await this.replay(height === recovered.state.initialHeight ? 0n : height - 1n);
  }

  /** Stops taking input and waits for the current one to finish. The WAL stays open (the caller owns it). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.inbox.close();
    this.ticker.cancel();
    await this.loopDone;
    this.ticker.cancel(); // the input in flight may have scheduled one more
  }

  /** A Proposal, BlockPart or Vote from a peer; false if it was not queued (queue full, not running, other message). */
  deliver(msg: ConsensusMessage, peerId: string): boolean {
    const input = messageToInput(msg, peerId);
    return input !== undefined && this.inbox.tryPush({ input, durationMs: 0 });
  }

  /** Like deliver, but waits up to `timeoutMs` for room in the queue. */
  async deliverWait(msg: ConsensusMessage, peerId: string, timeoutMs: number): Promise<boolean> {
    const input = messageToInput(msg, peerId);
    return input !== undefined && this.inbox.push({ input, durationMs: 0 }, timeoutMs);
  }

  /** A peer's VoteSetMaj23; the answer comes as a `voteSetBits` event (a conflicting claim as `peerError`). */
  setPeerMaj23(peerId: string, m: VoteSetMaj23): boolean {
    return this.inbox.tryPush({ input: { kind: 'peerMaj23', peerId, height: m.height, round: m.round, type: m.type, blockId: m.blockId }, durationMs: 0 });
  }

  /** The mempool has transactions (matters with create_empty_blocks = false). */
  txsAvailable(): void {
    this.inbox.pushLocal({ input: { kind: 'txsAvailable' }, durationMs: 0 });
  }

  pushInternal(input: Input): void {
    this.internal.push(input);
  }

  private async replay(afterHeight: bigint): Promise<void> {
    const records = await this.wal.recordsAfterEndHeight(afterHeight);
    if (records === undefined) {
      this.logger.info('WAL has no end_height to replay from; starting fresh', { height: afterHeight });
      return;
    }
    this.replaying = true;
    try {
      for (const record of records) {
        const input = walToInput(record.msg);
        if (input !== undefined) await this.process({ input, durationMs: 0 }, true);
      }
    } finally {
      this.replaying = false;
    }
    this.logger.info('replayed WAL', { records: records.length });
  }

  private async loop(): Promise<void> {
    try {
      for (;;) {
        const item = await this.inbox.take();
        if (item === undefined) return;
        await this.process(item, false);
      }
    } catch (err) {
      this.halt(err);
    }
  }

  private halt(err: unknown): void {
    if (this.failure !== undefined || this.stopped) return;
    this.failure = err;
    this.inbox.close();
    this.ticker.cancel();
    this.logger.error('consensus halted', { error: (err as Error)?.message });
    this.events.emit({ type: 'halted', error: new ConsensusHaltedError({ cause: err }) });
  }

  /** One outside input, then every input our own effects produced, in order. */
  private async process(item: Item, fromWal: boolean): Promise<void> {
    await this.step(item.input, item.durationMs, fromWal);
    while (this.internal.length > 0) await this.step(this.internal.shift()!, 0, false);
  }

  private async step(input: Input, durationMs: number, fromWal: boolean): Promise<void> {
    if (!fromWal) {
      const record = inputToWal(input, durationMs);
      if (record !== undefined) {
        const own = 'peerId' in input && input.peerId === '';
        if (own) await this.wal.writeSync(record);
        else this.wal.write(record);
      }
    }
    if (input.kind === 'vote' && input.peerId !== '' && !(await acceptVoteExtension(this, input.vote, input.peerId))) return;
    const { state, effects } = apply(this.core, input);
    this.core = state;
    for (const e of effects) await performEffect(this, e);
  }
}
