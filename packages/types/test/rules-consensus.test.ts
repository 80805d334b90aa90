import { describe, expect, test } from 'vitest';
import {
  ConsensusMessage,
  HasProposalBlockPart,
  HasVote,
  NewRoundStep,
  NewValidBlock,
  ProposalPOL,
  SignedMsgType,
  ValidationError,
  VoteMessage,
  VoteSetBits,
  VoteSetMaj23,
  BlockPart,
  maxProposalParts,
  validateNewRoundStepHeight,
  type NewRoundStep as NewRoundStepT,
} from '../src/index.js';
import { expectRule } from './helpers/expect-rule.js';

const h32 = new Uint8Array(32).fill(1);
const nrs: NewRoundStepT = { height: 5n, round: 0, step: 1, secondsSinceStartTime: -3n, lastCommitRound: 0 };
const bits = (n: number) => ({ bits: BigInt(n), elems: new Array<bigint>(Math.ceil(n / 64)).fill(0n) });

describe('NewRoundStep', () => {
  test('steps 1..8 only (a uint8 overflow is rejected too)', () => {
    expect(NewRoundStep.isValid(nrs)).toBe(true);
    expectRule(NewRoundStep, { ...nrs, step: 0 }, 'new round step step must be 1..8');
    expectRule(NewRoundStep, { ...nrs, step: 9 }, 'new round step step must be 1..8');
    expectRule(NewRoundStep, { ...nrs, step: 257 }, 'new round step step must be 1..8');
  });

  test('height, round and last_commit_round bounds', () => {
    expectRule(NewRoundStep, { ...nrs, height: -1n }, 'new round step height must be >= 0');
    expectRule(NewRoundStep, { ...nrs, round: -1 }, 'new round step round must be >= 0');
    expectRule(NewRoundStep, { ...nrs, lastCommitRound: -2 }, 'new round step last_commit_round must be >= -1');
  });

  test('checked against the initial height on receipt', () => {
    expect(() => validateNewRoundStepHeight({ ...nrs, height: 1n, lastCommitRound: -1 }, 1n)).not.toThrow();
    expect(() => validateNewRoundStepHeight(nrs, 1n)).not.toThrow();
    const cases: [NewRoundStepT, string][] = [
      [{ ...nrs, height: 4n }, 'new round step height must be >= the initial height'],
      [{ ...nrs, height: 5n, lastCommitRound: 0 }, 'new round step last_commit_round must be -1 at the initial height'],
      [{ ...nrs, height: 6n, lastCommitRound: -1 }, 'new round step last_commit_round must be >= 0 above the initial height'],
    ];
    for (const [msg, rule] of cases) {
      expect(() => validateNewRoundStepHeight(msg, 5n)).toThrow(ValidationError);
      expect(() => validateNewRoundStepHeight(msg, 5n)).toThrow(rule);
    }
  });
});

describe('NewValidBlock', () => {
  const nvb = { height: 1n, round: 0, blockPartSetHeader: { total: 3, hash: h32 }, blockParts: bits(3), isCommit: false };
  test('parts bit array must be present, sized to the PSH total, at most 1601', () => {
    expect(NewValidBlock.isValid(nvb)).toBe(true);
    expectRule(NewValidBlock, { ...nvb, blockParts: undefined }, 'new valid block parts must not be empty');
    expectRule(NewValidBlock, { ...nvb, blockParts: bits(0) }, 'new valid block parts must not be empty');
    expectRule(NewValidBlock, { ...nvb, blockParts: bits(4) }, 'new valid block parts size must equal the part set header total');
    expectRule(NewValidBlock, { ...nvb, blockPartSetHeader: { total: 1602, hash: h32 }, blockParts: bits(1602) }, 'new valid block parts size must be <= 1601');
  });
  test('elems must match the size; the PSH hash must be empty or 32 bytes', () => {
    expectRule(NewValidBlock, { ...nvb, blockParts: { bits: 3n, elems: [] } }, 'bit array elems must hold exactly ceil(bits/64) words');
    expectRule(NewValidBlock, { ...nvb, blockPartSetHeader: { total: 3, hash: new Uint8Array(31) } }, 'part set header hash must be empty or 32 bytes');
  });
});

describe('ProposalPOL, BlockPart, VoteMessage', () => {
  test('ProposalPOL bit array size is 1..10000', () => {
    const pol = { height: 1n, proposalPolRound: 0, proposalPol: bits(10) };
    expect(ProposalPOL.isValid(pol)).toBe(true);
    expectRule(ProposalPOL, { ...pol, proposalPol: bits(0) }, 'proposal pol bit array must not be empty');
    expectRule(ProposalPOL, { ...pol, proposalPol: bits(10001) }, 'proposal pol bit array size must be <= 10000');
    expectRule(ProposalPOL, { ...pol, proposalPolRound: -1 }, 'proposal pol round must be >= 0');
  });
  test('BlockPart checks its part', () => {
    const proof = { total: 2n, index: 0n, leafHash: h32, aunts: [h32] };
    expectRule(BlockPart, { height: 1n, round: 0, part: { index: 0, bytes: new Uint8Array(10), proof } }, 'every part but the last must be exactly 65536 bytes');
    expectRule(BlockPart, { height: 1n, round: -1, part: { index: 1, bytes: new Uint8Array(10), proof: { ...proof, index: 1n } } }, 'block part round must be >= 0');
  });
  test('a Vote message without a vote is invalid', () => {
    expectRule(VoteMessage, { vote: undefined }, 'vote message must carry a vote');
    expect(() => ConsensusMessage.decode(Uint8Array.from([0x32, 0x00]))).toThrow('vote message must carry a vote');
  });
});

describe('HasVote, VoteSetMaj23, VoteSetBits, HasProposalBlockPart', () => {
  const blockId = { hash: h32, partSetHeader: { total: 1, hash: h32 } };
  test('vote types are prevote or precommit', () => {
    expectRule(HasVote, { height: 1n, round: 0, type: SignedMsgType.Proposal, index: 0 }, 'has vote type must be prevote or precommit');
    expectRule(HasVote, { height: 1n, round: 0, type: 1, index: -1 }, 'has vote index must be >= 0');
    expectRule(VoteSetMaj23, { height: 1n, round: 0, type: 0, blockId }, 'vote set maj23 type must be prevote or precommit');
  });
  test('VoteSetMaj23 block id hashes are empty or 32 bytes', () => {
    expectRule(VoteSetMaj23, { height: 1n, round: 0, type: 1, blockId: { ...blockId, hash: new Uint8Array(5) } }, 'block id hash must be empty or 32 bytes');
  });
  test('VoteSetBits: size <= 10000, round unchecked', () => {
    const vsb = { height: 1n, round: -5, type: 2, blockId, votes: bits(4) };
    expect(VoteSetBits.isValid(vsb)).toBe(true);
    expectRule(VoteSetBits, { ...vsb, votes: bits(10001) }, 'vote set bits size must be <= 10000');
    expectRule(VoteSetBits, { ...vsb, height: -1n }, 'vote set bits height must be >= 0');
  });
  test('HasProposalBlockPart height >= 1', () => {
    expectRule(HasProposalBlockPart, { height: 0n, round: 0, index: 0 }, 'has proposal block part height must be >= 1');
  });
  test('a rule failure inside the wrapper names the rule and the path', () => {
    const err = expectRule(ConsensusMessage, { case: 'hasVote', value: { height: 1n, round: 0, type: 3, index: 0 } }, 'has vote type must be prevote or precommit');
    expect(err.path).toEqual(['value', 'type']);
  });
});

describe('maxProposalParts', () => {
  test('(max_bytes - 1) / 65536 + 1, with -1 meaning 100 MiB', () => {
    expect(maxProposalParts(22020096n)).toBe(336n);
    expect(maxProposalParts(65536n)).toBe(1n);
    expect(maxProposalParts(65537n)).toBe(2n);
    expect(maxProposalParts(-1n)).toBe(1600n);
  });
});
