import { SignedMsgType, blockIDEquals, isZeroBlockID, verifyCommit, voteExtensionSignBytes } from '@cometts/types';
import { describe, expect, it } from 'vitest';
import { InvalidVoteError, NonDeterministicSignatureError, ConflictingPeerMaj23Error, UnwantedRoundVoteError } from '../src/core/errors.js';
import { HeightVoteSet } from '../src/core/height-vote-set.js';
import { extendedCommitToCommit } from '@cometts/types';
import { makeExtendedCommit, voteSetFromCommit } from '../src/core/commit.js';
import { defaultVerifier } from '../src/core/verifier.js';
import { VoteSet } from '../src/core/vote-set.js';
import { makeValidators, validatorSet } from './support/fixtures.js';
import { CHAIN_ID, NIL, blockIdFor, signedVote } from './support/votes.js';

// Powers 40, 30, 20, 10 (total 100, quorum 67): set order is by power, so index i holds vals[i].
const vals = makeValidators(4, [40n, 30n, 20n, 10n]);
const set = validatorSet(vals);
const A = blockIdFor('A');
const B = blockIdFor('B');

function voteSet(type: number = SignedMsgType.Prevote, extensionsEnabled = false): VoteSet {
  return new VoteSet({ chainId: CHAIN_ID, height: 1n, round: 0, type, validators: set, extensionsEnabled, verify: defaultVerifier });
}
const idx = (i: number) => set.getByAddress(vals[i]!.address)!.index;
const vote = (i: number, blockId = A, o: Parameters<typeof signedVote>[2] = {}) => signedVote(vals[i]!, idx(i), { blockId, ...o });

describe('VoteSet', () => {
  it('detects +2/3 for a block only once the quorum of power is reached', () => {
    const vs = voteSet();
    expect(vs.addVote(vote(0)).added).toBe(true);
    expect(vs.addVote(vote(3)).added).toBe(true);
    expect(vs.hasTwoThirdsAny()).toBe(false);
    expect(vs.addVote(vote(2, NIL())).added).toBe(true); // 40+10+20 = 70 > 66: any, but no majority
    expect(vs.hasTwoThirdsAny()).toBe(true);
    expect(vs.twoThirdsMajority()).toBeUndefined();
    expect(vs.addVote(vote(1)).added).toBe(true); // A: 40+10+30 = 80
    expect(blockIDEquals(vs.twoThirdsMajority()!, A)).toBe(true);
    expect(vs.hasAll()).toBe(true);
    expect(vs.bitArrayByBlockID(A)!.trueIndices()).toEqual([idx(0), idx(1), idx(3)].sort());
  });

  it('detects +2/3 for nil', () => {
    const vs = voteSet();
    for (const i of [0, 1]) vs.addVote(vote(i, NIL()));
    expect(vs.twoThirdsMajority()).toBeDefined();
    expect(isZeroBlockID(vs.twoThirdsMajority()!)).toBe(true);
  });

  it('ignores an exact duplicate and rejects the same vote with another signature', () => {
    const vs = voteSet();
    const v = vote(0);
    vs.addVote(v);
    expect(vs.addVote({ ...v })).toEqual({ added: false });
    const forged = { ...v, signature: v.signature.map((b, i) => (i === 0 ? b ^ 1 : b)) };
    expect(() => vs.addVote(forged)).toThrow(NonDeterministicSignatureError);
  });

  it('rejects bad signatures, wrong validators and votes of another step', () => {
    const vs = voteSet();
    const v = vote(1);
    expect(() => vs.addVote({ ...v, signature: new Uint8Array(64) })).toThrow(expect.objectContaining({ reason: 'INVALID_SIGNATURE' }));
    expect(() => vs.addVote({ ...v, validatorIndex: 9 })).toThrow(expect.objectContaining({ reason: 'INVALID_VALIDATOR_INDEX' }));
    expect(() => vs.addVote({ ...v, validatorIndex: idx(0) })).toThrow(expect.objectContaining({ reason: 'VALIDATOR_ADDRESS_MISMATCH' }));
    expect(() => vs.addVote(vote(1, A, { round: 1 }))).toThrow(expect.objectContaining({ reason: 'UNEXPECTED_STEP' }));
    expect(() => vs.addVote(vote(1, A, { chainId: 'other' }))).toThrow(InvalidVoteError);
    expect(vs.votedPower).toBe(0n);
  });

  it('reports a conflicting vote without counting it, unless a peer claimed +2/3 for its block', () => {
    const vs = voteSet();
    vs.addVote(vote(0, A));
    const second = vote(0, B);
    const r = vs.addVote(second);
    expect(r.added).toBe(false);
    expect(r.conflict?.incoming).toBe(second);
    expect(vs.bitArrayByBlockID(B)).toBeUndefined();

    const claimed = voteSet();
    claimed.addVote(vote(0, A));
    claimed.setPeerMaj23('peer1', B);
    const r2 = claimed.addVote(vote(0, B));
    expect(r2.added).toBe(true);
    expect(r2.conflict).toBeDefined();
    claimed.addVote(vote(1, B)); // B: 40 + 30 = 70 ≥ 67
    expect(blockIDEquals(claimed.twoThirdsMajority()!, B)).toBe(true);
    // The +2/3 block's votes became canonical.
    expect(blockIDEquals(claimed.getByIndex(idx(0))!.blockId, B)).toBe(true);
  });

  it('refuses a second, different +2/3 claim from the same peer', () => {
    const vs = voteSet();
    vs.setPeerMaj23('p', A);
    vs.setPeerMaj23('p', A);
    expect(() => vs.setPeerMaj23('p', B)).toThrow(ConflictingPeerMaj23Error);
  });

  it('rejects extensions where they are disabled and checks them where enabled', () => {
    const plain = voteSet(SignedMsgType.Precommit);
    const v = vote(0, A, { type: SignedMsgType.Precommit });
    expect(() => plain.addVote({ ...v, extension: new Uint8Array([1]), extensionSignature: new Uint8Array(64) })).toThrow(
      expect.objectContaining({ reason: 'UNEXPECTED_EXTENSION' }),
    );
    const ext = voteSet(SignedMsgType.Precommit, true);
    const extension = new Uint8Array([7, 7]);
    expect(() => ext.addVote({ ...v, extension, extensionSignature: new Uint8Array(64) })).toThrow(
      expect.objectContaining({ reason: 'INVALID_EXTENSION_SIGNATURE' }),
    );
    const extensionSignature = vals[0]!.key.sign(voteExtensionSignBytes(CHAIN_ID, { ...v, extension }));
    expect(ext.addVote({ ...v, extension, extensionSignature }).added).toBe(true);
  });
});

describe('commits', () => {
  it('makes a commit CometBFT verifies, and rebuilds the vote set from it', () => {
    const pc = voteSet(SignedMsgType.Precommit);
    pc.addVote(vote(0, A, { type: SignedMsgType.Precommit }));
    pc.addVote(vote(1, A, { type: SignedMsgType.Precommit }));
    pc.addVote(vote(2, NIL(), { type: SignedMsgType.Precommit }));
    const ext = makeExtendedCommit(pc);
    expect(ext.extendedSignatures.map((s) => s.blockIdFlag)).toEqual([2, 2, 3, 1]);
    const commit = extendedCommitToCommit(ext);
    expect(() => verifyCommit(CHAIN_ID, set, A, 1n, commit)).not.toThrow();
    const rebuilt = voteSetFromCommit(CHAIN_ID, commit, set, false, defaultVerifier);
    expect(blockIDEquals(rebuilt.twoThirdsMajority()!, A)).toBe(true);
    expect(rebuilt.bitArray().trueIndices()).toEqual([0, 1, 2]);
  });

  it('marks votes for another block absent', () => {
    const pc = voteSet(SignedMsgType.Precommit);
    pc.addVote(vote(0, A, { type: SignedMsgType.Precommit }));
    pc.addVote(vote(3, B, { type: SignedMsgType.Precommit }));
    pc.addVote(vote(1, A, { type: SignedMsgType.Precommit }));
    expect(makeExtendedCommit(pc).extendedSignatures.map((s) => s.blockIdFlag)).toEqual([2, 2, 1, 1]);
  });
});

describe('HeightVoteSet', () => {
  it('lets each peer open at most two catch-up rounds', () => {
    const hvs = new HeightVoteSet(CHAIN_ID, 1n, set, false, defaultVerifier);
    hvs.setRound(1);
    expect(hvs.addVote(vote(0, A, { round: 1 }), 'p').added).toBe(true);
    expect(hvs.addVote(vote(0, A, { round: 5 }), 'p').added).toBe(true);
    expect(hvs.addVote(vote(1, A, { round: 5 }), 'p').added).toBe(true); // round 5 exists now
    expect(hvs.addVote(vote(0, A, { round: 7 }), 'p').added).toBe(true);
    expect(() => hvs.addVote(vote(0, A, { round: 9 }), 'p')).toThrow(UnwantedRoundVoteError);
    expect(hvs.addVote(vote(0, A, { round: 9 }), 'q').added).toBe(true);
  });

  it('reports the highest round with a polka', () => {
    const hvs = new HeightVoteSet(CHAIN_ID, 1n, set, false, defaultVerifier);
    hvs.setRound(3);
    for (const i of [0, 1]) hvs.addVote(vote(i, B, { round: 2 }), '');
    for (const i of [0, 1]) hvs.addVote(vote(i, A, { round: 0 }), '');
    expect(hvs.polInfo()?.round).toBe(2);
    expect(blockIDEquals(hvs.polInfo()!.blockId, B)).toBe(true);
    hvs.setPeerMaj23(50, SignedMsgType.Prevote, 'p', A); // unknown round: ignored
  });
});
