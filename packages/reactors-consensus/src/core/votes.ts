/**
 * Adding a vote and reacting to it (consensus-algorithm.md §5 addVote):
 * late precommits of the previous height, polkas (unlock, valid block, round
 * skip, precommit), +2/3 precommits (commit or PrecommitWait), and conflicting
 * votes reported as evidence.
 */
import { CometError, PartSet, SignedMsgType, blockIDKeyBytes, compareBytes, isZeroBlockID, type Vote } from '@cometts/types';
import { Step, hashesTo, reject, type Ctx } from './context.js';
import { enterCommit } from './commit-steps.js';
import { isOwnAddress } from './sign.js';
import { enterNewRound, enterPrecommit, enterPrecommitWait, enterPrevote, enterPrevoteWait, isProposalComplete } from './steps.js';
import type { AddVoteResult, VoteConflict, VoteSet } from './vote-set.js';

export function tryAddVote(ctx: Ctx, vote: Vote, peerId: string): void {
  let result: AddVoteResult | undefined;
  try {
    result = addVote(ctx, vote, peerId);
  } catch (err) {
    if (!(err instanceof CometError)) throw err;
    reject(ctx, peerId, err);
    return;
  }
  if (result?.conflict !== undefined) reportConflict(ctx, result.conflict, vote);
}

function reportConflict(ctx: Ctx, conflict: VoteConflict, vote: Vote): void {
  // Our own conflicting vote means the key is used twice (e.g. an unsafe reset): never report ourselves.
  if (isOwnAddress(ctx, vote.validatorAddress)) return;
  const { existing, incoming } = conflict;
  const set = vote.height === ctx.s.height ? ctx.s.validators : ctx.s.lastValidators;
  const val = set.getByIndex(vote.validatorIndex);
  if (val === undefined) return;
  const [voteA, voteB] =
    compareBytes(blockIDKeyBytes(existing.blockId), blockIDKeyBytes(incoming.blockId)) < 0 ? [existing, incoming] : [incoming, existing];
  ctx.out.push({ kind: 'conflictingVotes', voteA, voteB, validatorPower: val.votingPower, totalVotingPower: set.totalVotingPower });
}

function addVote(ctx: Ctx, vote: Vote, peerId: string): AddVoteResult | undefined {
  const s = ctx.s;
  if (vote.height + 1n === s.height && vote.type === SignedMsgType.Precommit) {
    // A late precommit for the previous height: only useful while waiting to start this one.
    if (s.step !== Step.NewHeight || s.lastCommit === undefined) return undefined;
    const result = s.lastCommit.addVote(vote);
    if (!result.added) return result;
    ctx.out.push({ kind: 'voteAdded', vote });
    if (peerId === '') ctx.out.push({ kind: 'broadcastVote', vote });
    if (s.config.skipTimeoutCommit && s.lastCommit.hasAll()) enterNewRound(ctx, s.height, 0);
    return result;
  }
  if (vote.height !== s.height) return undefined;
  const result = s.votes.addVote(vote, peerId);
  if (!result.added) return result;
  ctx.out.push({ kind: 'voteAdded', vote });
  if (peerId === '') ctx.out.push({ kind: 'broadcastVote', vote });
  if (vote.type === SignedMsgType.Prevote) onPrevote(ctx, vote.round);
  else onPrecommit(ctx, vote.round);
  return result;
}

function onPrevote(ctx: Ctx, vr: number): void {
  const s = ctx.s;
  const prevotes = s.votes.prevotes(vr)!;
  const maj = prevotes.twoThirdsMajority();
  if (maj !== undefined) {
    // Unlock on a polka for another block in a round after our lock, up to the current one.
    if (s.lockedBlock !== undefined && s.lockedRound < vr && vr <= s.round && !hashesTo(s.lockedBlock, maj.hash)) {
      s.lockedRound = -1;
      s.lockedBlock = undefined;
    }
    if (!isZeroBlockID(maj) && s.validRound < vr && vr === s.round) updateValidBlock(ctx, prevotes, vr);
  }
  if (s.round < vr && prevotes.hasTwoThirdsAny()) {
    enterNewRound(ctx, s.height, vr);
  } else if (s.round === vr && s.step >= Step.Prevote) {
    if (maj !== undefined && (isProposalComplete(ctx) || isZeroBlockID(maj))) enterPrecommit(ctx, s.height, vr);
    else if (prevotes.hasTwoThirdsAny()) enterPrevoteWait(ctx, s.height, vr);
  } else if (s.proposal !== undefined && s.proposal.polRound >= 0 && s.proposal.polRound === vr) {
    if (isProposalComplete(ctx)) enterPrevote(ctx, s.height, s.round);
  }
}

/** A polka for a block in the current round: it becomes our valid block, or we fetch it. */
function updateValidBlock(ctx: Ctx, prevotes: VoteSet, vr: number): void {
  const s = ctx.s;
  const maj = prevotes.twoThirdsMajority()!;
  if (hashesTo(s.proposalBlock, maj.hash)) {
    s.validRound = vr;
    s.validBlock = s.proposalBlock;
  } else {
    s.proposalBlock = undefined;
  }
  if (!s.proposalBlockParts?.hasHeader(maj.partSetHeader)) s.proposalBlockParts = PartSet.fromHeader(maj.partSetHeader);
  ctx.out.push({
    kind: 'validBlock',
    height: s.height,
    round: s.round,
    partSetHeader: maj.partSetHeader,
    parts: s.proposalBlockParts.bitArray(),
    isCommit: s.step === Step.Commit,
  });
}

function onPrecommit(ctx: Ctx, vr: number): void {
  const s = ctx.s;
  const precommits = s.votes.precommits(vr)!;
  const maj = precommits.twoThirdsMajority();
  if (maj !== undefined) {
    const height = s.height;
    enterNewRound(ctx, height, vr);
    enterPrecommit(ctx, height, vr);
    if (!isZeroBlockID(maj)) {
      // With skip_timeout_commit and every precommit in, the next height starts once the block is applied (onBlockApplied).
      enterCommit(ctx, height, vr);
    } else {
      enterPrecommitWait(ctx, height, vr);
    }
  } else if (s.round <= vr && precommits.hasTwoThirdsAny()) {
    enterNewRound(ctx, s.height, vr);
    enterPrecommitWait(ctx, s.height, vr);
  }
}
