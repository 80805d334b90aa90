/**
 * Turns the engine's events into network traffic: NewRoundStep,
 * NewValidBlock and HasVote are broadcast (encoded once by the switch),
 * VoteSetBits answers go to the asking peer, and every change of our round
 * state wakes the peers' gossip routines so new data leaves at once instead
 * of at the next poll.
 */
import type { SwitchHandle } from '@cometts/switch';
import type { ConsensusMessage } from '@cometts/types';
import { ConflictingPeerMaj23Error } from '../core/errors.js';
import type { ConsensusEvent } from '../driver/events.js';
import type { ConsensusLogger } from '../driver/ports.js';
import { STATE_CHANNEL, VOTE_SET_BITS_CHANNEL } from './channels.js';
import type { ContributionTracker } from './contributions.js';
import type { GossipRoundState } from './engine.js';

export interface EventContext {
  readonly switch: SwitchHandle;
  readonly contributions: ContributionTracker;
  readonly logger: ConsensusLogger;
  roundState(): GossipRoundState | undefined;
  /** True while syncing: nothing is announced. */
  syncing(): boolean;
  wakeAll(): void;
}

function broadcast(ctx: EventContext, msg: ConsensusMessage): void {
  ctx.switch.broadcast(STATE_CHANNEL, msg).catch((err: unknown) => {
    ctx.logger.error('consensus broadcast failed', { message: msg.case, error: (err as Error).message });
  });
}

export function handleEngineEvent(ctx: EventContext, e: ConsensusEvent): void {
  switch (e.type) {
    case 'newRoundStep':
      if (!ctx.syncing()) {
        const { height, round, step, secondsSinceStartTime, lastCommitRound } = e;
        broadcast(ctx, { case: 'newRoundStep', value: { height, round, step, secondsSinceStartTime, lastCommitRound } });
      }
      ctx.contributions.settle(ctx.roundState());
      ctx.wakeAll();
      return;
    case 'validBlock':
      if (!ctx.syncing()) {
        const { height, round, partSetHeader, parts, isCommit } = e;
        broadcast(ctx, { case: 'newValidBlock', value: { height, round, blockPartSetHeader: partSetHeader, blockParts: parts.toProto(), isCommit } });
      }
      ctx.wakeAll();
      return;
    case 'vote': {
      const v = e.vote;
      if (!ctx.syncing()) broadcast(ctx, { case: 'hasVote', value: { height: v.height, round: v.round, type: v.type, index: v.validatorIndex } });
      ctx.contributions.voteAdded(v);
      ctx.wakeAll();
      return;
    }
    case 'broadcast':
    case 'newBlock':
      // Our own proposal, part or vote is in the round state now, or a new height began.
      ctx.contributions.settle(ctx.roundState());
      ctx.wakeAll();
      return;
    case 'voteSetBits': {
      const peer = ctx.switch.peers.get(e.peerId);
      peer?.trySend(VOTE_SET_BITS_CHANNEL, {
        case: 'voteSetBits',
        value: { height: e.height, round: e.round, type: e.voteType, blockId: e.blockId, votes: e.votes.toProto() },
      } satisfies ConsensusMessage);
      return;
    }
    case 'peerError': {
      // v0.38 only logs the state machine's complaints, except a peer contradicting its own +2/3 claim.
      const peer = ctx.switch.peers.get(e.peerId);
      if (e.error instanceof ConflictingPeerMaj23Error && peer !== undefined) {
        void ctx.switch.stopPeerForError(peer, e.error).catch(() => undefined);
      } else {
        ctx.logger.debug('consensus rejected a peer message', { peer: e.peerId, error: e.error.message });
      }
      return;
    }
    case 'conflictingVotes':
    case 'halted':
      return;
  }
}
