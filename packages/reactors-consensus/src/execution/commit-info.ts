/**
 * What ABCI sees of commits and evidence: the weighted-median block time,
 * CommitInfo (decided / proposed last commit), ExtendedCommitInfo (local
 * last commit for PrepareProposal) and Misbehavior from block evidence.
 */
import {
  BlockIDFlag,
  MisbehaviorType,
  bytesEqual,
  compareTimestamps,
  goZeroTime,
  type Commit,
  type CommitInfo,
  type Evidence,
  type ExtendedCommit,
  type ExtendedCommitInfo,
  type Misbehavior,
  type Timestamp,
  type ValidatorSet,
} from '@cometts/types';
import { BlockExecutionError } from './errors.js';

/**
 * MedianTime: the voting-power weighted median of the non-absent
 * signatures' timestamps (validators found by address); Go's zero time for
 * a commit without any.
 */
export function medianTime(commit: Commit, validators: ValidatorSet): Timestamp {
  const weighted: { time: Timestamp; weight: bigint }[] = [];
  let total = 0n;
  for (const sig of commit.signatures) {
    if (sig.blockIdFlag === BlockIDFlag.Absent) continue;
    const found = validators.getByAddress(sig.validatorAddress);
    if (found === undefined) continue;
    total += found.validator.votingPower;
    weighted.push({ time: sig.timestamp, weight: found.validator.votingPower });
  }
  weighted.sort((a, b) => compareTimestamps(a.time, b.time));
  let median = total / 2n;
  for (const w of weighted) {
    if (median <= w.weight) return w.time;
    median -= w.weight;
  }
  return goZeroTime();
}

/** decided/proposed_last_commit: one VoteInfo per validator of the last height, in set order. */
export function buildLastCommitInfo(commit: Commit, lastValidators: ValidatorSet, isInitialHeight: boolean): CommitInfo {
  if (isInitialHeight) return { round: 0, votes: [] };
  if (commit.signatures.length !== lastValidators.size) {
    throw new BlockExecutionError(`commit has ${commit.signatures.length} signatures but the last validator set has ${lastValidators.size}`);
  }
  return {
    round: commit.round,
    votes: lastValidators.validators.map((v, i) => ({
      validator: { address: v.address, power: v.votingPower },
      blockIdFlag: commit.signatures[i]!.blockIdFlag,
    })),
  };
}

/** local_last_commit for PrepareProposal, with extensions when they were enabled at the commit's height. */
export function buildExtendedCommitInfo(
  ec: ExtendedCommit,
  validators: ValidatorSet,
  initialHeight: bigint,
  extensionsEnabled: boolean,
): ExtendedCommitInfo {
  if (ec.height < initialHeight) return { round: 0, votes: [] };
  if (ec.extendedSignatures.length !== validators.size) {
    throw new BlockExecutionError(`extended commit has ${ec.extendedSignatures.length} signatures but the validator set has ${validators.size}`);
  }
  const votes = validators.validators.map((v, i) => {
    const s = ec.extendedSignatures[i]!;
    if (s.blockIdFlag !== BlockIDFlag.Absent && !bytesEqual(s.validatorAddress, v.address)) {
      throw new BlockExecutionError(`extended commit signature ${i} is not from validator ${v.addressHex}`);
    }
    if (extensionsEnabled ? s.blockIdFlag === BlockIDFlag.Commit && s.extensionSignature.length === 0 : s.extension.length > 0 || s.extensionSignature.length > 0) {
      throw new BlockExecutionError(`extended commit signature ${i} ${extensionsEnabled ? 'lacks' : 'carries'} a vote extension`);
    }
    return {
      validator: { address: v.address, power: v.votingPower },
      voteExtension: s.extension,
      extensionSignature: s.extensionSignature,
      blockIdFlag: s.blockIdFlag,
    };
  });
  return { round: ec.round, votes };
}

/** Evidence as ABCI Misbehavior: one per duplicate vote, one per byzantine validator of a light-client attack. */
export function misbehaviorOf(evidence: readonly Evidence[]): Misbehavior[] {
  const out: Misbehavior[] = [];
  for (const ev of evidence) {
    if (ev.case === 'duplicateVoteEvidence') {
      const e = ev.value;
      out.push({
        type: MisbehaviorType.DuplicateVote,
        validator: { address: e.voteA!.validatorAddress, power: e.validatorPower },
        height: e.voteA!.height,
        time: e.timestamp,
        totalVotingPower: e.totalVotingPower,
      });
    } else {
      const e = ev.value;
      for (const v of e.byzantineValidators) {
        out.push({
          type: MisbehaviorType.LightClientAttack,
          validator: { address: v.address, power: v.votingPower },
          height: e.commonHeight,
          time: e.timestamp,
          totalVotingPower: e.totalVotingPower,
        });
      }
    }
  }
  return out;
}
