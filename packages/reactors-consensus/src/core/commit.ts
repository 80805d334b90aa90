/**
 * Commits from vote sets and back (consensus-algorithm.md §9): the extended
 * commit of a precommit set with +2/3 for a block, its plain form, and the
 * LastCommit vote set rebuilt from a stored commit at start.
 */
import {
  BlockIDFlag,
  BlockID,
  SignedMsgType,
  blockIDEquals,
  goZeroTime,
  isZeroBlockID,
  type Commit,
  type ExtendedCommit,
  type ExtendedCommitSig,
  type ValidatorSet,
} from '@cometts/types';
import { ConsensusFailureError } from './errors.js';
import type { SignatureVerifier } from './verifier.js';
import { VoteSet } from './vote-set.js';

const absentSig = (): ExtendedCommitSig => ({
  blockIdFlag: BlockIDFlag.Absent,
  validatorAddress: new Uint8Array(0),
  timestamp: goZeroTime(),
  signature: new Uint8Array(0),
  extension: new Uint8Array(0),
  extensionSignature: new Uint8Array(0),
});

/**
 * One signature per validator in set order: COMMIT for a vote for the +2/3
 * block, NIL for a nil vote, ABSENT for no vote or a vote for another block.
 */
export function makeExtendedCommit(precommits: VoteSet): ExtendedCommit {
  const maj23 = precommits.twoThirdsMajority();
  if (precommits.type !== SignedMsgType.Precommit || maj23 === undefined || isZeroBlockID(maj23)) {
    throw new ConsensusFailureError('cannot make a commit without +2/3 precommits for a block');
  }
  const sigs: ExtendedCommitSig[] = [];
  for (let i = 0; i < precommits.size; i++) {
    const v = precommits.getByIndex(i);
    if (v === undefined) {
      sigs.push(absentSig());
      continue;
    }
    const nil = isZeroBlockID(v.blockId);
    if (!nil && !blockIDEquals(v.blockId, maj23)) {
      sigs.push(absentSig());
      continue;
    }
    sigs.push({
      blockIdFlag: nil ? BlockIDFlag.Nil : BlockIDFlag.Commit,
      validatorAddress: v.validatorAddress,
      timestamp: v.timestamp,
      signature: v.signature,
      extension: v.extension,
      extensionSignature: v.extensionSignature,
    });
  }
  return { height: precommits.height, round: precommits.round, blockId: maj23, extendedSignatures: sigs };
}

/** The commit the initial height's block carries: height 0, no signatures. */
export function emptyExtendedCommit(): ExtendedCommit {
  return { height: 0n, round: 0, blockId: BlockID.create(), extendedSignatures: [] };
}

/**
 * Rebuilds the precommit vote set of a stored commit (checking every
 * signature): the LastCommit consensus starts with after a restart.
 */
export function voteSetFromCommit(
  chainId: string,
  commit: Commit | ExtendedCommit,
  validators: ValidatorSet,
  extensionsEnabled: boolean,
  verify: SignatureVerifier,
): VoteSet {
  const set = new VoteSet({
    chainId,
    height: commit.height,
    round: commit.round,
    type: SignedMsgType.Precommit,
    validators,
    extensionsEnabled,
    verify,
  });
  const sigs = 'extendedSignatures' in commit ? commit.extendedSignatures : commit.signatures;
  sigs.forEach((sig, index) => {
    if (sig.blockIdFlag === BlockIDFlag.Absent) return;
    const ext = 'extension' in sig ? (sig as ExtendedCommitSig) : undefined;
    const { added } = set.addVote({
      type: SignedMsgType.Precommit,
      height: commit.height,
      round: commit.round,
      blockId: sig.blockIdFlag === BlockIDFlag.Commit ? commit.blockId : BlockID.create(),
      timestamp: sig.timestamp,
      validatorAddress: sig.validatorAddress,
      validatorIndex: index,
      signature: sig.signature,
      extension: ext?.extension ?? new Uint8Array(0),
      extensionSignature: ext?.extensionSignature ?? new Uint8Array(0),
    });
    if (!added) throw new ConsensusFailureError(`commit for height ${commit.height} holds a duplicate signature at index ${index}`);
  });
  if (!set.hasTwoThirdsMajority()) throw new ConsensusFailureError(`commit for height ${commit.height} does not have +2/3`);
  return set;
}
