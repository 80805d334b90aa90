/**
 * What vote gossip picks from (upstream VoteSetReader): one of our vote sets
 * or a stored commit, whose signatures are sent as ordinary precommits.
 */
import {
  BitArray,
  BlockID,
  BlockIDFlag,
  SignedMsgType,
  type Commit,
  type CommitSig,
  type ExtendedCommit,
  type ExtendedCommitSig,
  type Vote,
} from '@cometts/types';

export interface VoteSource {
  readonly height: bigint;
  readonly round: number;
  readonly type: number;
  /** Number of validators (bit array size). */
  readonly size: number;
  /** Precommits with a +2/3 majority (a commit): the peer's catch-up commit round follows it. */
  isCommit(): boolean;
  /** Which validators' votes we hold. */
  bitArray(): BitArray;
  getByIndex(index: number): Vote | undefined;
}

/** The parts of the core's VoteSet that gossip reads. */
export interface VoteSetLike {
  readonly height: bigint;
  readonly round: number;
  readonly type: number;
  readonly size: number;
  bitArray(): BitArray;
  getByIndex(index: number): Vote | undefined;
  twoThirdsMajority(): BlockID | undefined;
}

/** A vote set as a source: a commit when it holds +2/3 precommits for anything (nil included, as upstream). */
export function voteSetSource(set: VoteSetLike): VoteSource {
  return {
    height: set.height,
    round: set.round,
    type: set.type,
    size: set.size,
    isCommit: () => set.type === SignedMsgType.Precommit && set.twoThirdsMajority() !== undefined,
    bitArray: () => set.bitArray(),
    getByIndex: (i) => set.getByIndex(i),
  };
}

const EMPTY = new Uint8Array(0);

/** A stored (extended) commit as a source of precommit votes, rebuilt from its signatures. */
export function commitSource(commit: Commit | ExtendedCommit): VoteSource {
  const sigs: readonly (CommitSig | ExtendedCommitSig)[] = 'extendedSignatures' in commit ? commit.extendedSignatures : commit.signatures;
  const held = new BitArray(sigs.length);
  sigs.forEach((sig, i) => held.set(i, sig.blockIdFlag !== BlockIDFlag.Absent));
  const votes = new Map<number, Vote>();
  return {
    height: commit.height,
    round: commit.round,
    type: SignedMsgType.Precommit,
    size: sigs.length,
    isCommit: () => true,
    bitArray: () => held.copy(),
    getByIndex(index: number): Vote | undefined {
      const sig = sigs[index];
      if (sig === undefined || sig.blockIdFlag === BlockIDFlag.Absent) return undefined;
      let vote = votes.get(index);
      if (vote === undefined) {
        const ext = 'extension' in sig ? sig : undefined;
        vote = {
          type: SignedMsgType.Precommit,
          height: commit.height,
          round: commit.round,
          blockId: sig.blockIdFlag === BlockIDFlag.Commit ? commit.blockId : BlockID.create(),
          timestamp: sig.timestamp,
          validatorAddress: sig.validatorAddress,
          validatorIndex: index,
          signature: sig.signature,
          extension: ext?.extension ?? EMPTY,
          extensionSignature: ext?.extensionSignature ?? EMPTY,
        };
        votes.set(index, vote);
      }
      return vote;
    },
  };
}
