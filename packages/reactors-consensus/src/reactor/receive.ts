/**
 * Receive (consensus-messages.md §2): updates our view of the peer and
 * queues what the consensus engine must see. Nothing here waits or runs
 * consensus. Messages that break a receive-time rule stop the peer; a
 * message on the wrong channel is ignored, as upstream does.
 */
import {
  BitArray,
  CometError,
  SignedMsgType,
  maxProposalParts,
  validateNewRoundStepHeight,
  type ConsensusMessageV1,
} from '@cometts/types';
import type { Peer, SwitchHandle } from '@cometts/switch';
import type { ConsensusLogger } from '../driver/ports.js';
import { CHANNEL_OF, P2P_PROTOCOL_V1, STATE_CHANNEL } from './channels.js';
import type { ContributionTracker } from './contributions.js';
import type { ConsensusEngine, GossipRoundState } from './engine.js';
import type { EngineInbox } from './engine-inbox.js';
import { ProposalTooManyPartsError, UnsupportedConsensusMessageError } from './errors.js';
import type { PeerHandle } from './peer-handle.js';

export interface ReceiveContext {
  readonly engine: ConsensusEngine;
  readonly switch: SwitchHandle;
  readonly inbox: EngineInbox;
  readonly contributions: ContributionTracker;
  readonly logger: ConsensusLogger;
  /** The chain's initial height while the engine has not started. */
  readonly initialHeight: bigint;
  /** Block- or state-syncing: only State-channel messages count. */
  syncing(): boolean;
}

function stop(ctx: ReceiveContext, peer: Peer, reason: unknown): void {
  void ctx.switch.stopPeerForError(peer, reason).catch(() => undefined);
}

/** Converts a peer's bit array; a malformed one stops the peer. */
function bits(ctx: ReceiveContext, peer: Peer, proto: Parameters<typeof BitArray.fromProto>[0]): BitArray | undefined {
  try {
    return BitArray.fromProto(proto);
  } catch (err) {
    stop(ctx, peer, err);
    return undefined;
  }
}

function ensureVoteBitArrays(h: PeerHandle, rs: GossipRoundState): void {
  h.state.ensureVoteBitArrays(rs.height, rs.validators.size);
  h.state.ensureVoteBitArrays(rs.height - 1n, rs.lastCommit?.size ?? 0);
}

export function receiveMessage(ctx: ReceiveContext, h: PeerHandle, channelId: number, msg: ConsensusMessageV1): void {
  const peer = h.peer;
  if (CHANNEL_OF[msg.case] !== channelId) {
    ctx.logger.debug('consensus message on the wrong channel, ignored', { peer: peer.id, message: msg.case, channel: channelId });
    return;
  }
  if (channelId !== STATE_CHANNEL && ctx.syncing()) return;
  const ps = h.state;
  const rs: GossipRoundState | undefined = ctx.engine.roundState;
  switch (msg.case) {
    case 'newRoundStep': {
      try {
        validateNewRoundStepHeight(msg.value, rs?.chain.initialHeight ?? ctx.initialHeight);
      } catch (err) {
        if (!(err instanceof CometError)) throw err;
        stop(ctx, peer, err);
        return;
      }
      ps.applyNewRoundStep(msg.value);
      h.wake();
      return;
    }
    case 'newValidBlock': {
      const parts = bits(ctx, peer, msg.value.blockParts!);
      if (parts === undefined) return;
      ps.applyNewValidBlock(msg.value, parts);
      h.dataWake.wake();
      return;
    }
    case 'hasVote':
      // Sizing the arrays first (upstream leaves them unsized until a vote comes) keeps the news.
      if (rs !== undefined) ensureVoteBitArrays(h, rs);
      ps.applyHasVote(msg.value.height, msg.value.round, msg.value.type, msg.value.index);
      return;
    case 'hasProposalBlockPart': {
      const version = peer.nodeInfo.protocolVersion.p2p;
      if (version < P2P_PROTOCOL_V1) {
        stop(ctx, peer, new UnsupportedConsensusMessageError(msg.case, version));
        return;
      }
      ps.setHasProposalBlockPart(msg.value.height, msg.value.round, msg.value.index);
      return;
    }
    case 'voteSetMaj23':
      // Answered (VoteSetBits) by the engine, which owns the vote sets.
      if (rs !== undefined && rs.height === msg.value.height) ctx.engine.setPeerMaj23(peer.id, msg.value);
      return;
    case 'proposal': {
      const proposal = msg.value.proposal;
      // Before the engine runs, the largest block there can be (block.max_bytes = -1).
      const max = maxProposalParts(rs?.chain.consensusParams.block?.maxBytes ?? -1n);
      if (BigInt(proposal.blockId.partSetHeader.total) > max) {
        stop(ctx, peer, new ProposalTooManyPartsError(proposal.blockId.partSetHeader.total, max));
        return;
      }
      ps.setHasProposal(proposal);
      ctx.inbox.push(msg, peer.id);
      return;
    }
    case 'proposalPol': {
      const pol = bits(ctx, peer, msg.value.proposalPol);
      if (pol === undefined) return;
      ps.applyProposalPOL(msg.value, pol);
      h.votesWake.wake();
      return;
    }
    case 'blockPart': {
      const { height, round, part } = msg.value;
      ps.setHasProposalBlockPart(height, round, part.index);
      ctx.contributions.notePart(height, part.index, peer.id, rs);
      ctx.inbox.push(msg, peer.id);
      return;
    }
    case 'vote': {
      const vote = msg.value.vote!;
      if (rs !== undefined) ensureVoteBitArrays(h, rs);
      ps.setHasVoteOf(vote);
      ctx.contributions.noteVote(vote, peer.id, rs);
      ctx.inbox.push(msg, peer.id);
      return;
    }
    case 'voteSetBits': {
      const m = msg.value;
      const votes = bits(ctx, peer, m.votes);
      if (votes === undefined) return;
      let ours: BitArray | undefined;
      if (rs !== undefined && rs.height === m.height) {
        const set = m.type === SignedMsgType.Prevote ? rs.votes.prevotes(m.round) : rs.votes.precommits(m.round);
        ours = set?.bitArrayByBlockID(m.blockId);
      }
      ps.applyVoteSetBits(m, votes, ours);
      h.votesWake.wake();
      return;
    }
  }
}
