import { BitArray, BlockID, SignedMsgType, type NewRoundStep, type Proposal } from '@cometts/types';
import { describe, expect, test } from 'vitest';
import { PeerState, compareHRS } from '../src/reactor/peer-state.js';
import { commitSource, voteSetSource } from '../src/reactor/vote-source.js';
import { addVotes, roundState } from './support/reactor/fake-engine.js';
import { blockIdFor } from './support/votes.js';

const nrs = (height: bigint, round: number, step: number, lastCommitRound = 0, secondsSinceStartTime = 0n): NewRoundStep => ({
  height,
  round,
  step,
  secondsSinceStartTime,
  lastCommitRound,
});

function proposal(height: bigint, round: number, polRound = -1, total = 3): Proposal {
  return {
    type: 32,
    height,
    round,
    polRound,
    blockId: blockIdFor(`p${height}/${round}`, total),
    timestamp: { seconds: 1n, nanos: 0 },
    signature: new Uint8Array(64).fill(1),
  };
}

describe('PeerState', () => {
  test('compareHRS orders height, then round, then step', () => {
    expect(compareHRS(2n, 0, 1, 1n, 9, 8)).toBe(1);
    expect(compareHRS(2n, 1, 1, 2n, 0, 8)).toBe(1);
    expect(compareHRS(2n, 1, 3, 2n, 1, 4)).toBe(-1);
    expect(compareHRS(2n, 1, 3, 2n, 1, 3)).toBe(0);
  });

  test('NewRoundStep: only forward moves count; a new round clears the round data', () => {
    const ps = new PeerState(() => 10_000);
    ps.applyNewRoundStep(nrs(5n, 0, 3, 0, 2n));
    expect([ps.height, ps.round, ps.step, ps.startTimeMs]).toEqual([5n, 0, 3, 8000]);
    ps.setHasProposal(proposal(5n, 0));
    expect(ps.proposal).toBe(true);
    ps.applyNewRoundStep(nrs(5n, 0, 2)); // backwards: ignored
    expect(ps.step).toBe(3);
    ps.applyNewRoundStep(nrs(5n, 0, 4)); // same round: round data kept
    expect(ps.proposal).toBe(true);
    ps.applyNewRoundStep(nrs(5n, 1, 1));
    expect(ps.proposal).toBe(false);
    expect(ps.proposalBlockParts).toBeUndefined();
    expect(ps.proposalPOLRound).toBe(-1);
    expect(ps.prevotes).toBeUndefined();
  });

  test('the next height turns the precommits into the last commit only if the round matches', () => {
    const ps = new PeerState();
    ps.applyNewRoundStep(nrs(5n, 2, 6));
    ps.ensureVoteBitArrays(5n, 4);
    ps.setHasVote(5n, 2, SignedMsgType.Precommit, 1);
    const precommits = ps.precommits;
    ps.applyNewRoundStep(nrs(6n, 0, 1, 2));
    expect(ps.lastCommit).toBe(precommits);
    expect(ps.lastCommitRound).toBe(2);
    expect(ps.getVoteBitArray(5n, 2, SignedMsgType.Precommit)?.get(1)).toBe(true);
    expect(ps.getVoteBitArray(5n, 2, SignedMsgType.Prevote)).toBeUndefined();

    const other = new PeerState();
    other.applyNewRoundStep(nrs(5n, 1, 6));
    other.ensureVoteBitArrays(5n, 4);
    other.applyNewRoundStep(nrs(6n, 0, 1, 2)); // committed in another round
    expect(other.lastCommit).toBeUndefined();
    expect(other.lastCommitRound).toBe(2);

    const jump = new PeerState();
    jump.applyNewRoundStep(nrs(5n, 0, 6));
    jump.ensureVoteBitArrays(5n, 4);
    jump.applyNewRoundStep(nrs(8n, 0, 1, 0)); // skipped heights
    expect(jump.lastCommit).toBeUndefined();
  });

  test('the catch-up commit becomes the precommits when the peer reaches that round', () => {
    const ps = new PeerState();
    ps.applyNewRoundStep(nrs(5n, 0, 4));
    ps.ensureCatchupCommitRound(5n, 2, 4);
    ps.setHasVote(5n, 2, SignedMsgType.Precommit, 3);
    const catchup = ps.catchupCommit;
    expect(catchup?.get(3)).toBe(true);
    ps.applyNewRoundStep(nrs(5n, 2, 1));
    expect(ps.precommits).toBe(catchup);
    // Same round as the peer's: the catch-up commit is its precommits.
    const same = new PeerState();
    same.applyNewRoundStep(nrs(5n, 1, 6));
    same.ensureVoteBitArrays(5n, 4);
    same.ensureCatchupCommitRound(5n, 1, 4);
    expect(same.catchupCommit).toBe(same.precommits);
  });

  test('a proposal sets the part set header unless a NewValidBlock did', () => {
    const ps = new PeerState();
    ps.applyNewRoundStep(nrs(5n, 1, 3));
    ps.setHasProposal(proposal(5n, 0)); // other round: ignored
    expect(ps.proposal).toBe(false);
    ps.setHasProposal(proposal(5n, 1, 0, 3));
    expect(ps.proposalBlockParts?.size).toBe(3);
    expect(ps.proposalPOLRound).toBe(0);
    expect(ps.proposalBlockPartSetHeader.total).toBe(3);

    const nvb = new PeerState();
    nvb.applyNewRoundStep(nrs(5n, 1, 3));
    const header = blockIdFor('valid', 2).partSetHeader;
    nvb.applyNewValidBlock({ height: 5n, round: 1, blockPartSetHeader: header, blockParts: undefined, isCommit: false }, BitArray.fromIndices(2, [1]));
    nvb.setHasProposal(proposal(5n, 1, -1, 7));
    expect(nvb.proposal).toBe(true);
    expect(nvb.proposalBlockPartSetHeader).toBe(header);
    expect(nvb.proposalBlockParts?.toBitString()).toBe('_x');
  });

  test('NewValidBlock needs the same height, and the same round unless it is a commit', () => {
    const ps = new PeerState();
    ps.applyNewRoundStep(nrs(5n, 1, 3));
    const header = blockIdFor('valid', 2).partSetHeader;
    const m = (height: bigint, round: number, isCommit: boolean) => ({ height, round, blockPartSetHeader: header, blockParts: undefined, isCommit });
    ps.applyNewValidBlock(m(4n, 1, true), new BitArray(2));
    ps.applyNewValidBlock(m(5n, 0, false), new BitArray(2));
    expect(ps.proposalBlockParts).toBeUndefined();
    ps.applyNewValidBlock(m(5n, 0, true), new BitArray(2));
    expect(ps.proposalBlockParts?.size).toBe(2);
  });

  test('block parts are marked only for the peer height and round', () => {
    const ps = new PeerState();
    ps.applyNewRoundStep(nrs(5n, 0, 3));
    ps.initProposalBlockParts({ total: 4, hash: new Uint8Array(32) });
    ps.setHasProposalBlockPart(5n, 1, 0);
    ps.setHasProposalBlockPart(4n, 0, 1);
    ps.setHasProposalBlockPart(5n, 0, 2);
    ps.setHasProposalBlockPart(5n, 0, 99); // out of range: ignored
    expect(ps.proposalBlockParts?.toBitString()).toBe('__x_');
    ps.initProposalBlockParts({ total: 9, hash: new Uint8Array(32) }); // already set
    expect(ps.proposalBlockParts?.size).toBe(4);
  });

  test('ProposalPOL applies to the proposal POL round only; POL prevotes are tracked', () => {
    const ps = new PeerState();
    ps.applyNewRoundStep(nrs(5n, 2, 3));
    ps.setHasProposal(proposal(5n, 2, 1));
    const pol = BitArray.fromIndices(4, [0, 2]);
    ps.applyProposalPOL({ height: 5n, proposalPolRound: 0, proposalPol: pol.toProto() }, pol);
    expect(ps.proposalPOL).toBeUndefined();
    ps.applyProposalPOL({ height: 5n, proposalPolRound: 1, proposalPol: pol.toProto() }, pol);
    expect(ps.getVoteBitArray(5n, 1, SignedMsgType.Prevote)).toBe(pol);
    expect(ps.getVoteBitArray(5n, 1, SignedMsgType.Precommit)).toBeUndefined();
  });

  test('HasVote marks the matching bit array only at the peer height', () => {
    const ps = new PeerState();
    ps.applyNewRoundStep(nrs(5n, 0, 4));
    ps.ensureVoteBitArrays(5n, 4);
    ps.applyHasVote(5n, 0, SignedMsgType.Prevote, 2);
    ps.applyHasVote(6n, 0, SignedMsgType.Prevote, 3);
    ps.applyHasVote(5n, 0, 32, 1); // not a vote type
    expect(ps.prevotes?.toBitString()).toBe('__x_');
    expect(ps.precommits?.toBitString()).toBe('____');
  });

  test('VoteSetBits replaces our votes for the block in the peer view, or overwrites', () => {
    const ps = new PeerState();
    ps.applyNewRoundStep(nrs(5n, 0, 4));
    ps.ensureVoteBitArrays(5n, 4);
    ps.prevotes!.update(BitArray.fromBitString('xx__'));
    const m = { height: 5n, round: 0, type: SignedMsgType.Prevote, blockId: BlockID.create(), votes: BitArray.fromBitString('__x_').toProto() };
    // We hold votes 0 and 1 for the block; the peer says it holds only 2 of them.
    ps.applyVoteSetBits(m, BitArray.fromBitString('__x_'), BitArray.fromBitString('x___'));
    expect(ps.prevotes?.toBitString()).toBe('_xx_');
    ps.applyVoteSetBits(m, BitArray.fromBitString('___x'), undefined);
    expect(ps.prevotes?.toBitString()).toBe('___x');
  });

  test('pickVoteToSend picks only votes the peer lacks', () => {
    const rs = roundState(5n);
    const prevotes = rs.votes.prevotes(0)!;
    addVotes(prevotes, [0, 1, 2], blockIdFor('b'));
    const ps = new PeerState();
    ps.applyNewRoundStep(nrs(5n, 0, 4));
    const seen = new Set<number>();
    for (let i = 0; i < 3; i++) {
      const v = ps.pickVoteToSend(voteSetSource(prevotes))!;
      expect(seen.has(v.validatorIndex)).toBe(false);
      seen.add(v.validatorIndex);
      ps.setHasVoteOf(v);
    }
    expect(ps.pickVoteToSend(voteSetSource(prevotes))).toBeUndefined();
    expect(ps.pickVoteToSend(undefined)).toBeUndefined();
  });

  test('a commit as the source sets the catch-up commit round; its votes are rebuilt precommits', () => {
    const rs = roundState(5n);
    const precommits = rs.votes.precommits(0)!;
    const id = blockIdFor('committed');
    addVotes(precommits, [0, 1, 2], id);
    const commit = {
      height: 5n,
      round: 0,
      blockId: id,
      signatures: [0, 1, 2, 3].map((i) => {
        const v = precommits.getByIndex(i);
        return v === undefined
          ? { blockIdFlag: 1, validatorAddress: new Uint8Array(0), timestamp: { seconds: -62135596800n, nanos: 0 }, signature: new Uint8Array(0) }
          : { blockIdFlag: 2, validatorAddress: v.validatorAddress, timestamp: v.timestamp, signature: v.signature };
      }),
    };
    const ps = new PeerState();
    ps.applyNewRoundStep(nrs(5n, 3, 3));
    const source = commitSource(commit);
    expect(source.bitArray().toBitString()).toBe('xxx_');
    const v = ps.pickVoteToSend(source)!;
    expect(ps.catchupCommitRound).toBe(0);
    expect(v).toEqual(precommits.getByIndex(v.validatorIndex));
  });

  test('the published view is live and read-only', () => {
    const ps = new PeerState();
    const view = ps.view;
    ps.applyNewRoundStep(nrs(7n, 1, 4));
    expect([view.height, view.round, view.step]).toEqual([7n, 1, 4]);
    expect(() => {
      (view as { height: bigint }).height = 1n;
    }).toThrow();
  });
});
