/**
 * The per-peer +2/3 query routine (consensus-messages.md §5): tells the peer
 * which block we saw +2/3 for in its round, its POL round and its catch-up
 * commit, so it answers with VoteSetBits and the vote routines fill the gaps.
 * Each query is followed by a pause, and so is every pass.
 */
import { SignedMsgType, type BlockID } from '@cometts/types';
import { STATE_CHANNEL } from './channels.js';
import type { GossipContext } from './gossip-context.js';
import type { PeerHandle } from './peer-handle.js';
import { sleep } from './wakeup.js';

export async function queryMaj23Pass(ctx: GossipContext, h: PeerHandle): Promise<void> {
  const pause = () => sleep(ctx.config.peerQueryMaj23SleepMs, h.signal);
  const ps = h.state;
  const query = (height: bigint, round: number, type: number, blockId: BlockID) =>
    h.peer.trySend(STATE_CHANNEL, { case: 'voteSetMaj23', value: { height, round, type, blockId } });

  const queries: [type: number, round: () => number][] = [
    [SignedMsgType.Prevote, () => ps.round],
    [SignedMsgType.Precommit, () => ps.round],
    [SignedMsgType.Prevote, () => ps.proposalPOLRound],
  ];
  for (const [type, roundOf] of queries) {
    const rs = ctx.roundState();
    const round = roundOf();
    if (rs === undefined || rs.height !== ps.height || round < 0) continue;
    const set = type === SignedMsgType.Prevote ? rs.votes.prevotes(round) : rs.votes.precommits(round);
    const maj23 = set?.twoThirdsMajority();
    if (maj23 === undefined) continue;
    query(ps.height, round, type, maj23);
    await pause();
    if (h.signal.aborted) return;
  }

  // The commit the peer is catching up on.
  const height = ps.height;
  if (ps.catchupCommitRound !== -1 && height > 0n && height <= ctx.store.height() && height >= ctx.store.base()) {
    const commit = await ctx.cache.commitFor(height);
    if (commit !== undefined && ps.height === height) {
      query(height, commit.round, SignedMsgType.Precommit, commit.blockId);
      await pause();
    }
  }
}
