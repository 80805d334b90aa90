/**
 * The consensus reactor's messages (tendermint.consensus), with the checks of
 * upstream MsgFromProto + ValidateBasic as rules. All four consensus channels
 * (0x20..0x23) carry the `ConsensusMessage` wrapper.
 */
import { ValidationError } from '../errors.js';
import { f, message, oneof, type Infer } from '../proto/index.js';
import { BitArrayProto } from './bit-array.js';
import { BlockID, PartSetHeader } from './block-id.js';
import { Part } from './part.js';
import { Proposal, SignedMsgType, Vote } from './vote.js';

/** The consensus round steps (cstypes.RoundStepType); a valid step is 1..8. */
export const RoundStepType = {
  NewHeight: 1,
  NewRound: 2,
  Propose: 3,
  Prevote: 4,
  PrevoteWait: 5,
  Precommit: 6,
  PrecommitWait: 7,
  Commit: 8,
} as const;
export type RoundStepType = (typeof RoundStepType)[keyof typeof RoundStepType];

/** Largest validator set, and so largest vote bit array (types.MaxVotesCount). */
export const MAX_VOTES_COUNT = 10000;
/** Largest block (types.MaxBlockSizeBytes, 100 MiB). */
export const MAX_BLOCK_SIZE_BYTES = 104857600;
/** Most parts a block can have: 100 MiB / 64 KiB + 1 (types.MaxBlockPartsCount). */
const MAX_BLOCK_PARTS = MAX_BLOCK_SIZE_BYTES / 65536 + 1;

/**
 * [0.38.2x] The most parts a proposal may announce under the consensus param
 * block.max_bytes (−1 means 100 MiB); more → "proposal has too many parts".
 */
export function maxProposalParts(maxBlockBytes: bigint): bigint {
  const bytes = maxBlockBytes === -1n ? BigInt(MAX_BLOCK_SIZE_BYTES) : maxBlockBytes;
  return (bytes - 1n) / 65536n + 1n;
}

const isVoteType = (t: number) => t === SignedMsgType.Prevote || t === SignedMsgType.Precommit;

export const NewRoundStep = message(
  'NewRoundStep',
  {
    height: f.int64(1),
    round: f.int32(2),
    step: f.uint32(3),
    secondsSinceStartTime: f.int64(4),
    lastCommitRound: f.int32(5),
  },
  [
    ['new round step height must be >= 0', (m) => m.height >= 0n, ['height']],
    ['new round step round must be >= 0', (m) => m.round >= 0, ['round']],
    ['new round step step must be 1..8', (m) => m.step >= RoundStepType.NewHeight && m.step <= RoundStepType.Commit, ['step']],
    ['new round step last_commit_round must be >= -1', (m) => m.lastCommitRound >= -1, ['lastCommitRound']],
  ],
);
export type NewRoundStep = Infer<typeof NewRoundStep>;

/**
 * The receive-time check of NewRoundStep against the chain's initial height
 * (upstream ValidateHeight): it needs the genesis, so it is not a message rule.
 */
export function validateNewRoundStepHeight(m: NewRoundStep, initialHeight: bigint): void {
  const fail = (rule: string, path: string): never => {
    throw new ValidationError('NewRoundStep', rule, [path]);
  };
  if (m.height < initialHeight) fail('new round step height must be >= the initial height', 'height');
  if (m.height === initialHeight && m.lastCommitRound !== -1) {
    fail('new round step last_commit_round must be -1 at the initial height', 'lastCommitRound');
  }
  if (m.height > initialHeight && m.lastCommitRound < 0) {
    fail('new round step last_commit_round must be >= 0 above the initial height', 'lastCommitRound');
  }
}

export const NewValidBlock = message(
  'NewValidBlock',
  {
    height: f.int64(1),
    round: f.int32(2),
    blockPartSetHeader: f.message(3, PartSetHeader, { nn: true }),
    blockParts: f.message(4, BitArrayProto),
    isCommit: f.bool(5),
  },
  [
    ['new valid block height must be >= 0', (m) => m.height >= 0n, ['height']],
    ['new valid block round must be >= 0', (m) => m.round >= 0, ['round']],
    ['new valid block parts must not be empty', (m) => m.blockParts !== undefined && m.blockParts.bits > 0n, ['blockParts']],
    [
      'new valid block parts size must equal the part set header total',
      (m) => m.blockParts!.bits === BigInt(m.blockPartSetHeader.total),
      ['blockParts'],
    ],
    [`new valid block parts size must be <= ${MAX_BLOCK_PARTS}`, (m) => m.blockParts!.bits <= BigInt(MAX_BLOCK_PARTS), ['blockParts']],
  ],
);
export type NewValidBlock = Infer<typeof NewValidBlock>;

/** consensus.Proposal: the proposal itself is checked by types.Proposal's rules. */
export const ProposalMessage = message('ProposalMessage', { proposal: f.message(1, Proposal, { nn: true }) });
export type ProposalMessage = Infer<typeof ProposalMessage>;

export const ProposalPOL = message(
  'ProposalPOL',
  {
    height: f.int64(1),
    proposalPolRound: f.int32(2),
    proposalPol: f.message(3, BitArrayProto, { nn: true }),
  },
  [
    ['proposal pol height must be >= 0', (m) => m.height >= 0n, ['height']],
    ['proposal pol round must be >= 0', (m) => m.proposalPolRound >= 0, ['proposalPolRound']],
    ['proposal pol bit array must not be empty', (m) => m.proposalPol.bits > 0n, ['proposalPol']],
    [`proposal pol bit array size must be <= ${MAX_VOTES_COUNT}`, (m) => m.proposalPol.bits <= BigInt(MAX_VOTES_COUNT), ['proposalPol']],
  ],
);
export type ProposalPOL = Infer<typeof ProposalPOL>;

export const BlockPart = message(
  'BlockPart',
  {
    height: f.int64(1),
    round: f.int32(2),
    part: f.message(3, Part, { nn: true }),
  },
  [
    ['block part height must be >= 0', (m) => m.height >= 0n, ['height']],
    ['block part round must be >= 0', (m) => m.round >= 0, ['round']],
  ],
);
export type BlockPart = Infer<typeof BlockPart>;

/** consensus.Vote: the vote is nullable on the wire but required. */
export const VoteMessage = message('VoteMessage', { vote: f.message(1, Vote) }, [
  ['vote message must carry a vote', (m) => m.vote !== undefined, ['vote']],
]);
export type VoteMessage = Infer<typeof VoteMessage>;

export const HasVote = message(
  'HasVote',
  {
    height: f.int64(1),
    round: f.int32(2),
    type: f.enumeration(3),
    index: f.int32(4),
  },
  [
    ['has vote height must be >= 0', (m) => m.height >= 0n, ['height']],
    ['has vote round must be >= 0', (m) => m.round >= 0, ['round']],
    ['has vote type must be prevote or precommit', (m) => isVoteType(m.type), ['type']],
    ['has vote index must be >= 0', (m) => m.index >= 0, ['index']],
  ],
);
export type HasVote = Infer<typeof HasVote>;

export const VoteSetMaj23 = message(
  'VoteSetMaj23',
  {
    height: f.int64(1),
    round: f.int32(2),
    type: f.enumeration(3),
    blockId: f.message(4, BlockID, { nn: true }),
  },
  [
    ['vote set maj23 height must be >= 0', (m) => m.height >= 0n, ['height']],
    ['vote set maj23 round must be >= 0', (m) => m.round >= 0, ['round']],
    ['vote set maj23 type must be prevote or precommit', (m) => isVoteType(m.type), ['type']],
  ],
);
export type VoteSetMaj23 = Infer<typeof VoteSetMaj23>;

/** Upstream does not check the round of VoteSetBits. */
export const VoteSetBits = message(
  'VoteSetBits',
  {
    height: f.int64(1),
    round: f.int32(2),
    type: f.enumeration(3),
    blockId: f.message(4, BlockID, { nn: true }),
    votes: f.message(5, BitArrayProto, { nn: true }),
  },
  [
    ['vote set bits height must be >= 0', (m) => m.height >= 0n, ['height']],
    ['vote set bits type must be prevote or precommit', (m) => isVoteType(m.type), ['type']],
    [`vote set bits size must be <= ${MAX_VOTES_COUNT}`, (m) => m.votes.bits <= BigInt(MAX_VOTES_COUNT), ['votes']],
  ],
);
export type VoteSetBits = Infer<typeof VoteSetBits>;

/** [v1 only] A peer announces that it holds one part of the proposal block. */
export const HasProposalBlockPart = message(
  'HasProposalBlockPart',
  {
    height: f.int64(1),
    round: f.int32(2),
    index: f.int32(3),
  },
  [
    ['has proposal block part height must be >= 1', (m) => m.height >= 1n, ['height']],
    ['has proposal block part round must be >= 0', (m) => m.round >= 0, ['round']],
    ['has proposal block part index must be >= 0', (m) => m.index >= 0, ['index']],
  ],
);
export type HasProposalBlockPart = Infer<typeof HasProposalBlockPart>;

const v038Members = {
  newRoundStep: f.message(1, NewRoundStep, { nn: true }),
  newValidBlock: f.message(2, NewValidBlock, { nn: true }),
  proposal: f.message(3, ProposalMessage, { nn: true }),
  proposalPol: f.message(4, ProposalPOL, { nn: true }),
  blockPart: f.message(5, BlockPart, { nn: true }),
  vote: f.message(6, VoteMessage, { nn: true }),
  hasVote: f.message(7, HasVote, { nn: true }),
  voteSetMaj23: f.message(8, VoteSetMaj23, { nn: true }),
  voteSetBits: f.message(9, VoteSetBits, { nn: true }),
};

/**
 * tendermint.consensus.Message as a v0.38 node (p2p protocol 8) reads it:
 * oneof field 10 (v1's HasProposalBlockPart) is unknown, so such a message
 * is an empty oneof, a DecodeError, and the sender is disconnected.
 */
export const ConsensusMessage = oneof('ConsensusMessage', v038Members);
export type ConsensusMessage = Infer<typeof ConsensusMessage>;

/**
 * The same wrapper as a v1 node (p2p protocol 9) reads it: v1 peers send
 * HasProposalBlockPart to every peer, so decode with this for peers whose
 * NodeInfo says p2p 9, and never send that case to a p2p 8 peer.
 */
export const ConsensusMessageV1 = oneof('ConsensusMessage', {
  ...v038Members,
  hasProposalBlockPart: f.message(10, HasProposalBlockPart, { nn: true }),
});
export type ConsensusMessageV1 = Infer<typeof ConsensusMessageV1>;
