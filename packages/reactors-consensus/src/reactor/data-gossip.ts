/**
 * The per-peer data routine (consensus-messages.md §5): parts of our
 * proposal block the peer lacks, stored block parts for a lagging peer, and
 * the proposal (with its POL bit array) for a peer in our round.
 */
import { BitArray, bytesEqual, type ConsensusMessage } from '@cometts/types';
import { DATA_CHANNEL } from './channels.js';
import type { GossipContext, GossipStep } from './gossip-context.js';
import type { PeerHandle } from './peer-handle.js';

const send = (h: PeerHandle, msg: ConsensusMessage) => h.peer.send(DATA_CHANNEL, msg);

export async function gossipDataStep(ctx: GossipContext, h: PeerHandle): Promise<GossipStep> {
  const rs = ctx.roundState();
  if (rs === undefined) return 'idle';
  const ps = h.state;

  // 1. Parts of the proposal block we share a part set header with.
  const parts = rs.proposalBlockParts;
  if (parts !== undefined && parts.hasHeader(ps.proposalBlockPartSetHeader)) {
    const index = parts.bitArray().sub(ps.proposalBlockParts ?? new BitArray(0)).pickRandom(ctx.random);
    if (index !== undefined) {
      const { height, round } = ps;
      const part = parts.getPart(index)!;
      if (!(await send(h, { case: 'blockPart', value: { height: rs.height, round: rs.round, part } }))) return 'backoff';
      ps.setHasProposalBlockPart(height, round, index);
      return 'sent';
    }
  }

  // 2. A peer on a height we have stored: help it catch up.
  const base = ctx.store.base();
  if (base > 0n && ps.height > 0n && ps.height < rs.height && ps.height >= base) {
    return gossipCatchupPart(ctx, h);
  }

  // 3. Different height or round: nothing else to send.
  if (rs.height !== ps.height || rs.round !== ps.round) return 'idle';

  // 4. The proposal, and which POL prevotes we hold.
  const proposal = rs.proposal;
  if (proposal !== undefined && !ps.proposal) {
    if (!(await send(h, { case: 'proposal', value: { proposal } }))) return 'backoff';
    ps.setHasProposal(proposal);
    if (proposal.polRound >= 0) {
      const pol = rs.votes.prevotes(proposal.polRound)?.bitArray();
      if (pol !== undefined) {
        await send(h, { case: 'proposalPol', value: { height: rs.height, proposalPolRound: proposal.polRound, proposalPol: pol.toProto() } });
      }
    }
    return 'sent';
  }
  return 'idle';
}

/** One stored part of the block at the peer's height, if it lacks one (gossipDataForCatchup). */
async function gossipCatchupPart(ctx: GossipContext, h: PeerHandle): Promise<GossipStep> {
  const ps = h.state;
  const { height, round } = ps;
  const header = await ctx.cache.partSetHeaderOf(height);
  if (header === undefined) {
    ctx.logger.error('no block meta for a height the store should hold', { height });
    return 'backoff';
  }
  if (ps.height !== height) return 'sent'; // the peer moved on while we read
  if (ps.proposalBlockParts === undefined) {
    // The peer has not told us which block it wants: assume the one we committed.
    ps.initProposalBlockParts(header);
    return 'sent';
  }
  const index = ps.proposalBlockParts.not().pickRandom(ctx.random);
  if (index === undefined) return 'idle';
  const wanted = ps.proposalBlockPartSetHeader;
  if (wanted.total !== header.total || !bytesEqual(wanted.hash, header.hash)) return 'backoff';
  const part = await ctx.store.loadBlockPart(height, index);
  if (part === undefined) {
    ctx.logger.error('missing stored block part', { height, index });
    return 'backoff';
  }
  if (!(await send(h, { case: 'blockPart', value: { height, round, part } }))) return 'backoff';
  ps.setHasProposalBlockPart(height, round, index);
  return 'sent';
}
