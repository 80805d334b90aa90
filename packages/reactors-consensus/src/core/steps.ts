/**
 * The round step functions of consensus-algorithm.md §4 (enterNewRound …
 * enterPrecommitWait). Each checks its guard first and returns silently when
 * it fails, exactly as upstream.
 */
import { PartSet, SignedMsgType, bytesEqual, isZeroBlockID } from '@cometts/types';
import { ConsensusFailureError } from './errors.js';
import {
  Step,
  hashesTo,
  hex,
  newStep,
  precommitTimeout,
  prevoteTimeout,
  proposeTimeout,
  scheduleTimeout,
  setStep,
  type Ctx,
} from './context.js';
import { decideProposal, ownIndex, signAddVote } from './sign.js';

const EMPTY = new Uint8Array(0);
const NIL_PSH = { total: 0, hash: EMPTY };

/** Proposal and its block present (and judged), and the POL round (if any) has +2/3 prevotes. */
export function isProposalComplete(ctx: Ctx): boolean {
  const s = ctx.s;
  if (s.proposal === undefined || s.proposalBlock === undefined) return false;
  if (!s.verdicts.has(hex(s.proposalBlock.hash))) return false;
  if (s.proposal.polRound < 0) return true;
  return s.votes.prevotes(s.proposal.polRound)?.hasTwoThirdsMajority() ?? false;
}

/** With create_empty_blocks=false (or an interval), round 0 waits for txs unless a proof block is needed. */
function waitForTxs(ctx: Ctx, round: number): boolean {
  const c = ctx.s.config;
  return (!c.createEmptyBlocks || c.createEmptyBlocksIntervalMs > 0) && round === 0 && !ctx.s.needProofBlock;
}

export function enterNewRound(ctx: Ctx, height: bigint, round: number): void {
  const s = ctx.s;
  if (s.height !== height || round < s.round || (s.round === round && s.step !== Step.NewHeight)) return;
  if (round > s.round) s.validators = s.validators.copyIncrementProposerPriority(round - s.round);
  setStep(ctx, round, Step.NewRound);
  if (round !== 0) {
    s.proposal = undefined;
    s.proposalBlock = undefined;
    s.proposalBlockParts = undefined;
  }
  s.votes.setRound(round + 1); // track the next round too, for round skipping
  s.triggeredTimeoutPrecommit = false;
  if (waitForTxs(ctx, round)) {
    if (s.config.createEmptyBlocksIntervalMs > 0) scheduleTimeout(ctx, s.config.createEmptyBlocksIntervalMs, round, Step.NewRound);
    return;
  }
  enterPropose(ctx, height, round);
}

export function enterPropose(ctx: Ctx, height: bigint, round: number): void {
  const s = ctx.s;
  if (s.height !== height || round < s.round || (s.round === round && s.step >= Step.Propose)) return;
  scheduleTimeout(ctx, proposeTimeout(s, round), round, Step.Propose);
  if (ownIndex(ctx) !== undefined && s.self !== undefined) {
    const proposer = s.validators.getProposer();
    if (bytesEqual(proposer.address, s.self.address)) decideProposal(ctx, round);
  }
  setStep(ctx, round, Step.Propose);
  newStep(ctx);
  if (isProposalComplete(ctx)) enterPrevote(ctx, height, s.round);
}

export function enterPrevote(ctx: Ctx, height: bigint, round: number): void {
  const s = ctx.s;
  if (s.height !== height || round < s.round || (s.round === round && s.step >= Step.Prevote)) return;
  s.round = round; // our vote is for `round`
  doPrevote(ctx);
  setStep(ctx, round, Step.Prevote);
  newStep(ctx);
}

function doPrevote(ctx: Ctx): void {
  const s = ctx.s;
  if (s.lockedBlock !== undefined) {
    signAddVote(ctx, SignedMsgType.Prevote, s.lockedBlock.hash, s.lockedBlock.parts.header(), undefined);
    return;
  }
  const block = s.proposalBlock;
  // No block, or one validateBlock/ProcessProposal rejected (or has not judged yet): prevote nil.
  if (block === undefined || s.verdicts.get(hex(block.hash)) !== true) {
    signAddVote(ctx, SignedMsgType.Prevote, EMPTY, NIL_PSH, undefined);
    return;
  }
  signAddVote(ctx, SignedMsgType.Prevote, block.hash, s.proposalBlockParts!.header(), undefined);
}

export function enterPrevoteWait(ctx: Ctx, height: bigint, round: number): void {
  const s = ctx.s;
  if (s.height !== height || round < s.round || (s.round === round && s.step >= Step.PrevoteWait)) return;
  if (!s.votes.prevotes(round)?.hasTwoThirdsAny()) throw new ConsensusFailureError(`enterPrevoteWait(${height}/${round}) without +2/3 prevotes`);
  scheduleTimeout(ctx, prevoteTimeout(s, round), round, Step.PrevoteWait);
  setStep(ctx, round, Step.PrevoteWait);
  newStep(ctx);
}

export function enterPrecommit(ctx: Ctx, height: bigint, round: number): void {
  const s = ctx.s;
  if (s.height !== height || round < s.round || (s.round === round && s.step >= Step.Precommit)) return;
  s.round = round;
  doPrecommit(ctx, round);
  setStep(ctx, round, Step.Precommit);
  newStep(ctx);
}

function unlock(ctx: Ctx): void {
  ctx.s.lockedRound = -1;
  ctx.s.lockedBlock = undefined;
}

function doPrecommit(ctx: Ctx, round: number): void {
  const s = ctx.s;
  const maj = s.votes.prevotes(round)?.twoThirdsMajority();
  if (maj === undefined) {
    signAddVote(ctx, SignedMsgType.Precommit, EMPTY, NIL_PSH, undefined);
    return;
  }
  if (isZeroBlockID(maj)) {
    unlock(ctx);
    signAddVote(ctx, SignedMsgType.Precommit, EMPTY, NIL_PSH, undefined);
    return;
  }
  if (hashesTo(s.lockedBlock, maj.hash)) {
    s.lockedRound = round; // relock
    signAddVote(ctx, SignedMsgType.Precommit, maj.hash, maj.partSetHeader, s.lockedBlock);
    return;
  }
  const block = s.proposalBlock;
  if (block !== undefined && hashesTo(block, maj.hash)) {
    const verdict = s.verdicts.get(hex(block.hash));
    if (verdict === false) throw new ConsensusFailureError(`+2/3 prevoted block ${hex(block.hash)}, which is invalid`);
    if (verdict === true) {
      s.lockedRound = round;
      s.lockedBlock = block;
      signAddVote(ctx, SignedMsgType.Precommit, maj.hash, maj.partSetHeader, block);
      return;
    }
    // Not judged yet: we cannot lock on it, so treat it as a block we do not have.
  }
  // A polka for a block we do not have: unlock, fetch it, precommit nil.
  unlock(ctx);
  if (!s.proposalBlockParts?.hasHeader(maj.partSetHeader)) {
    s.proposalBlock = undefined;
    s.proposalBlockParts = PartSet.fromHeader(maj.partSetHeader);
  }
  signAddVote(ctx, SignedMsgType.Precommit, EMPTY, NIL_PSH, undefined);
}

export function enterPrecommitWait(ctx: Ctx, height: bigint, round: number): void {
  const s = ctx.s;
  if (s.height !== height || round < s.round || (s.round === round && s.triggeredTimeoutPrecommit)) return;
  if (!s.votes.precommits(round)?.hasTwoThirdsAny()) {
    throw new ConsensusFailureError(`enterPrecommitWait(${height}/${round}) without +2/3 precommits`);
  }
  scheduleTimeout(ctx, precommitTimeout(s, round), round, Step.PrecommitWait);
  s.triggeredTimeoutPrecommit = true;
  newStep(ctx);
}
