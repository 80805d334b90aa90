/**
 * Performing the core's effects: timers, signing (after flushing the WAL),
 * block creation, validation and execution through the ports, and events.
 * Effects that answer the core push their answer on the internal queue,
 * which the driver drains before it takes the next outside input.
 */
import {
  Block,
  PartSet,
  bytesEqual,
  compareTimestamps,
  headerHash,
  timestampFromDate,
  type BlockID,
  type Proposal,
  type Timestamp,
} from '@cometts/types';
import { extendedCommitToCommit } from '@cometts/types';
import type { Effect, Input, RoundState } from '../core/types.js';
import type { Wal } from '../wal/wal.js';
import { stepName } from './messages.js';
import type { EventHub } from './events.js';
import type { BlockExecutor, BlockStore, Clock, ConsensusLogger, EvidenceReporter, PrivValidator } from './ports.js';
import type { TimeoutTicker } from './ticker.js';

/** What the effect runner needs from the driver. */
export interface DriverInternals {
  readonly core: RoundState;
  readonly wal: Wal;
  readonly clock: Clock;
  readonly ticker: TimeoutTicker;
  readonly events: EventHub;
  readonly blockStore: BlockStore;
  readonly executor: BlockExecutor;
  readonly privValidator: PrivValidator | undefined;
  readonly evidence: EvidenceReporter | undefined;
  readonly logger: ConsensusLogger;
  readonly replaying: boolean;
  /** Local time (ms) the node last entered Commit, or started. */
  commitAnchorMs: number;
  /** Local time (ms) the current height started (StartTime). */
  startTimeMs: number;
  pushInternal(input: Input): void;
}

const STEP_COMMIT = 8;
const STEP_NEW_HEIGHT = 1;

function nowTimestamp(d: DriverInternals): Timestamp {
  return timestampFromDate(new Date(d.clock.now()));
}

export async function performEffect(d: DriverInternals, e: Effect): Promise<void> {
  switch (e.kind) {
    case 'scheduleTimeout': {
      const base = e.since === 'commit' ? d.commitAnchorMs : d.clock.now();
      d.ticker.schedule(e, base + e.durationMs - d.clock.now());
      return;
    }
    case 'roundStep': {
      const now = d.clock.now();
      if (e.step === STEP_COMMIT) d.commitAnchorMs = now;
      if (e.step === STEP_NEW_HEIGHT && e.round === 0) d.startTimeMs = d.commitAnchorMs + d.core.config.timeouts.commit;
      d.wal.write({ case: 'eventDataRoundState', value: { height: e.height, round: e.round, step: stepName(e.step) } });
      const secondsSinceStartTime = BigInt(Math.trunc((now - d.startTimeMs) / 1000));
      d.events.emit({ type: 'newRoundStep', height: e.height, round: e.round, step: e.step, secondsSinceStartTime, lastCommitRound: e.lastCommitRound });
      return;
    }
    case 'signVote':
      return signVote(d, e);
    case 'propose':
      return propose(d, e);
    case 'validateBlock': {
      const verdict = await d.executor.validateBlock(d.core.chain, e.block);
      if (!verdict.valid) d.logger.info('proposal block is invalid', { height: e.height, reason: verdict.reason });
      d.pushInternal({ kind: 'blockValidated', height: e.height, hash: e.hash, valid: verdict.valid });
      return;
    }
    case 'finalizeBlock':
      return finalize(d, e);
    case 'broadcastProposal':
      d.events.emit({ type: 'broadcast', message: { case: 'proposal', value: { proposal: e.proposal } } });
      return;
    case 'broadcastBlockPart':
      d.events.emit({ type: 'broadcast', message: { case: 'blockPart', value: { height: e.height, round: e.round, part: e.part } } });
      return;
    case 'broadcastVote':
      d.events.emit({ type: 'broadcast', message: { case: 'vote', value: { vote: e.vote } } });
      return;
    case 'voteAdded':
      d.events.emit({ type: 'vote', vote: e.vote });
      return;
    case 'validBlock':
      d.events.emit({ type: 'validBlock', height: e.height, round: e.round, partSetHeader: e.partSetHeader, parts: e.parts, isCommit: e.isCommit });
      return;
    case 'conflictingVotes':
      try {
        d.evidence?.reportConflictingVotes(e.voteA, e.voteB);
      } catch (err) {
        d.logger.error('evidence pool refused conflicting votes', { error: (err as Error).message });
      }
      d.events.emit({ type: 'conflictingVotes', voteA: e.voteA, voteB: e.voteB });
      return;
    case 'messageRejected':
      d.logger.debug('consensus message rejected', { peer: e.peerId, error: e.error.message });
      d.events.emit({ type: 'peerError', peerId: e.peerId, error: e.error });
      return;
    case 'voteSetBits':
      d.events.emit({ type: 'voteSetBits', peerId: e.peerId, height: e.height, round: e.round, voteType: e.type, blockId: e.blockId, votes: e.votes });
      return;
  }
}

/** Logs a refused signature (at debug level while replaying, where re-signing may legitimately conflict). */
function signFailed(d: DriverInternals, what: string, err: unknown): void {
  const fields = { error: (err as Error).message };
  if (d.replaying) d.logger.debug(`${what} not signed during replay`, fields);
  else d.logger.error(`${what} not signed`, fields);
}

async function signVote(d: DriverInternals, e: Extract<Effect, { kind: 'signVote' }>): Promise<void> {
  const pv = d.privValidator;
  if (pv === undefined) return;
  // Everything that led to this vote must be durable before the signature exists.
  await d.wal.flushAndSync();
  const now = nowTimestamp(d);
  const timestamp = e.minTime !== undefined && compareTimestamps(e.minTime, now) > 0 ? e.minTime : now;
  let vote = { ...e.vote, timestamp };
  if (e.extend && e.block !== undefined && d.executor.extendVote !== undefined) {
    vote = { ...vote, extension: await d.executor.extendVote(d.core.chain, vote, e.block) };
  }
  let signed;
  try {
    signed = await pv.signVote(d.core.chain.chainId, vote, e.extend);
  } catch (err) {
    signFailed(d, 'vote', err);
    return;
  }
  d.pushInternal({ kind: 'vote', vote: signed, peerId: '' });
}

async function propose(d: DriverInternals, e: Extract<Effect, { kind: 'propose' }>): Promise<void> {
  const pv = d.privValidator;
  const self = d.core.self;
  if (pv === undefined || self === undefined) return;
  let block: Block;
  let parts: PartSet;
  if (e.validBlock !== undefined) {
    ({ block, parts } = e.validBlock);
  } else {
    try {
      block = await d.executor.createProposalBlock(d.core.chain, e.height, e.lastCommit!, self.address);
    } catch (err) {
      // As upstream: no proposal this round (the others time out and move on).
      d.logger.error('unable to create proposal block', { height: e.height, round: e.round, error: (err as Error).message });
      return;
    }
    parts = PartSet.fromData(Block.encode(block));
  }
  const blockId: BlockID = { hash: headerHash(block.header)!, partSetHeader: parts.header() };
  await d.wal.flushAndSync();
  const proposal: Proposal = {
    type: 32,
    height: e.height,
    round: e.round,
    polRound: e.polRound,
    blockId,
    timestamp: nowTimestamp(d),
    signature: new Uint8Array(0),
  };
  let signed: Proposal;
  try {
    signed = await pv.signProposal(d.core.chain.chainId, proposal);
  } catch (err) {
    signFailed(d, 'proposal', err);
    return;
  }
  d.pushInternal({ kind: 'proposal', proposal: signed, peerId: '' });
  for (let i = 0; i < parts.total; i++) d.pushInternal({ kind: 'blockPart', height: e.height, round: e.round, part: parts.getPart(i)!, peerId: '' });
}

async function finalize(d: DriverInternals, e: Extract<Effect, { kind: 'finalizeBlock' }>): Promise<void> {
  const { block, parts } = e.block;
  if (d.blockStore.height() < e.height) {
    await d.blockStore.saveBlock(block, parts, extendedCommitToCommit(e.seenCommit), e.extensionsEnabled ? e.seenCommit : undefined);
  }
  // From here on a restart must not replay this height's messages.
  await d.wal.writeSync({ case: 'endHeight', value: { height: e.height } });
  const state = await d.executor.applyBlock(d.core.chain, e.blockId, block);
  const needProofBlock = !bytesEqual(state.appHash, block.header.appHash);
  d.logger.info('committed block', { height: e.height, hash: Buffer.from(e.blockId.hash).toString('hex'), txs: block.data.txs.length });
  d.events.emit({ type: 'newBlock', height: e.height, blockId: e.blockId, block, state });
  d.pushInternal({ kind: 'blockApplied', height: e.height, state, needProofBlock });
}
