/**
 * The per-peer vote routine (consensus-messages.md §5): a random vote the
 * peer lacks, from the first set in upstream's order that has one — our
 * current height's sets, our last commit for a peer one height behind, or
 * the stored commit for a peer further behind.
 */
import { RoundStepType, type Vote } from '@cometts/types';
import { voteExtensionsEnabled } from '../driver/ports.js';
import { VOTE_CHANNEL } from './channels.js';
import type { GossipRoundState } from './engine.js';
import type { GossipContext, GossipStep } from './gossip-context.js';
import type { PeerHandle } from './peer-handle.js';
import type { PeerState } from './peer-state.js';
import { commitSource, voteSetSource, type VoteSetLike } from './vote-source.js';

function pickFrom(ps: PeerState, set: VoteSetLike | undefined, random: () => number): Vote | undefined {
  return set === undefined ? undefined : ps.pickVoteToSend(voteSetSource(set), random);
}

/** gossipVotesForHeight: the peer is at our height. */
function pickForHeight(rs: GossipRoundState, ps: PeerState, random: () => number): Vote | undefined {
  const inRound = ps.round !== -1 && ps.round <= rs.round;
  const pick = (set: VoteSetLike | undefined) => pickFrom(ps, set, random);
  if (ps.step === RoundStepType.NewHeight) {
    const v = pick(rs.lastCommit);
    if (v) return v;
  }
  if (ps.step <= RoundStepType.Propose && inRound && ps.proposalPOLRound !== -1) {
    const v = pick(rs.votes.prevotes(ps.proposalPOLRound));
    if (v) return v;
  }
  if (ps.step <= RoundStepType.PrevoteWait && inRound) {
    const v = pick(rs.votes.prevotes(ps.round));
    if (v) return v;
  }
  if (ps.step <= RoundStepType.PrecommitWait && inRound) {
    const v = pick(rs.votes.precommits(ps.round));
    if (v) return v;
  }
  // Prevotes again, whatever the step: the valid-block mechanism needs them.
  if (inRound) {
    const v = pick(rs.votes.prevotes(ps.round));
    if (v) return v;
  }
  if (ps.proposalPOLRound !== -1) return pick(rs.votes.prevotes(ps.proposalPOLRound));
  return undefined;
}

/** The vote to send from our round state (steps 1 and 2); the stored-commit case is async. */
export function pickVoteForPeer(rs: GossipRoundState, ps: PeerState, random: () => number = Math.random): Vote | undefined {
  if (rs.height === ps.height) {
    const v = pickForHeight(rs, ps, random);
    if (v) return v;
  }
  if (ps.height !== 0n && rs.height === ps.height + 1n) return pickFrom(ps, rs.lastCommit, random);
  return undefined;
}

export async function gossipVotesStep(ctx: GossipContext, h: PeerHandle): Promise<GossipStep> {
  const rs = ctx.roundState();
  if (rs === undefined) return 'idle';
  const ps = h.state;
  let vote = pickVoteForPeer(rs, ps, ctx.random);
  if (vote === undefined) {
    const base = ctx.store.base();
    const height = ps.height;
    if (base > 0n && height !== 0n && rs.height >= height + 2n && height >= base) {
      const extended = voteExtensionsEnabled(rs.chain.consensusParams, height);
      const commit = await ctx.cache.catchupCommit(height, extended);
      if (commit !== undefined && ps.height === height) vote = ps.pickVoteToSend(commitSource(commit), ctx.random);
    }
  }
  if (vote === undefined) return 'idle';
  if (!(await h.peer.send(VOTE_CHANNEL, { case: 'vote', value: { vote } }))) return 'backoff';
  ps.setHasVoteOf(vote);
  return 'sent';
}
