/**
 * The canonical messages validators sign (tendermint.types.Canonical*) and the
 * delimited sign bytes built from them. Validator address/index, signatures
 * and extensions are never part of vote sign bytes.
 */
import { f, message, type Infer } from '../proto/index.js';
import { isZeroBlockID, type BlockID } from '../messages/block-id.js';
import { timestampField, type Timestamp } from '../messages/timestamp.js';
import { SignedMsgType } from '../messages/vote.js';

export const CanonicalPartSetHeader = message('CanonicalPartSetHeader', {
  total: f.uint32(1),
  hash: f.bytes(2),
});
export type CanonicalPartSetHeader = Infer<typeof CanonicalPartSetHeader>;

export const CanonicalBlockID = message('CanonicalBlockID', {
  hash: f.bytes(1),
  partSetHeader: f.message(2, CanonicalPartSetHeader, { nn: true }),
});
export type CanonicalBlockID = Infer<typeof CanonicalBlockID>;

export const CanonicalVote = message('CanonicalVote', {
  type: f.enumeration(1),
  height: f.sfixed64(2),
  round: f.sfixed64(3),
  blockId: f.message(4, CanonicalBlockID),
  timestamp: timestampField(5),
  chainId: f.string(6),
});
export type CanonicalVote = Infer<typeof CanonicalVote>;

export const CanonicalProposal = message('CanonicalProposal', {
  type: f.enumeration(1),
  height: f.sfixed64(2),
  round: f.sfixed64(3),
  polRound: f.int64(4),
  blockId: f.message(5, CanonicalBlockID),
  timestamp: timestampField(6),
  chainId: f.string(7),
});
export type CanonicalProposal = Infer<typeof CanonicalProposal>;

export const CanonicalVoteExtension = message('CanonicalVoteExtension', {
  extension: f.bytes(1),
  height: f.sfixed64(2),
  round: f.sfixed64(3),
  chainId: f.string(4),
});
export type CanonicalVoteExtension = Infer<typeof CanonicalVoteExtension>;

/** The canonical form of a BlockID: absent (undefined) when the BlockID is zero. */
export function canonicalBlockID(id: BlockID): CanonicalBlockID | undefined {
  if (isZeroBlockID(id)) return undefined;
  return { hash: id.hash, partSetHeader: { total: id.partSetHeader.total, hash: id.partSetHeader.hash } };
}

/** What vote sign bytes are built from (a Vote has all of it). */
export interface VoteSignFields {
  type: number;
  height: bigint;
  round: number;
  blockId: BlockID;
  timestamp: Timestamp;
}

export function canonicalVote(chainId: string, vote: VoteSignFields): CanonicalVote {
  return {
    type: vote.type,
    height: vote.height,
    round: BigInt(vote.round),
    blockId: canonicalBlockID(vote.blockId),
    timestamp: vote.timestamp,
    chainId,
  };
}

/** delimited(CanonicalVote): what a prevote or precommit signature covers. */
export function voteSignBytes(chainId: string, vote: VoteSignFields): Uint8Array {
  return CanonicalVote.encodeDelimited(canonicalVote(chainId, vote));
}

/** What proposal sign bytes are built from (a Proposal has all of it). */
export interface ProposalSignFields {
  height: bigint;
  round: number;
  polRound: number;
  blockId: BlockID;
  timestamp: Timestamp;
}

export function canonicalProposal(chainId: string, proposal: ProposalSignFields): CanonicalProposal {
  return {
    type: SignedMsgType.Proposal,
    height: proposal.height,
    round: BigInt(proposal.round),
    polRound: BigInt(proposal.polRound),
    blockId: canonicalBlockID(proposal.blockId),
    timestamp: proposal.timestamp,
    chainId,
  };
}

/** delimited(CanonicalProposal). */
export function proposalSignBytes(chainId: string, proposal: ProposalSignFields): Uint8Array {
  return CanonicalProposal.encodeDelimited(canonicalProposal(chainId, proposal));
}

/** delimited(CanonicalVoteExtension): what a vote extension signature covers. */
export function voteExtensionSignBytes(
  chainId: string,
  vote: { extension: Uint8Array; height: bigint; round: number },
): Uint8Array {
  return CanonicalVoteExtension.encodeDelimited({
    extension: vote.extension,
    height: vote.height,
    round: BigInt(vote.round),
    chainId,
  });
}
