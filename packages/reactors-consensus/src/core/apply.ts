/**
 * The core's entry points: start(options) and apply(state, input). Both are
 * deterministic functions of their arguments — no clock, timer, socket,
 * randomness or storage — so a network of cores can be simulated and a WAL
 * replayed exactly. apply() takes ownership of `state` and updates it in
 * place (vote sets are large); callers keep only the returned state.
 */
import { Step, newStep, scheduleTimeout, type Ctx } from './context.js';
import { createRoundState, onBlockApplied, type StartOptions } from './commit-steps.js';
import { addProposalBlockPart, onBlockValidated, setProposal } from './proposal.js';
import { enterNewRound, enterPrecommit, enterPrevote, enterPropose } from './steps.js';
import type { ApplyResult, Input, RoundState } from './types.js';
import { tryAddVote } from './votes.js';
import { BitArray, CometError } from '@cometts/types';

/** The round state at NewHeight, and the effects that start it (round-0 timer). */
export function start(opts: StartOptions): ApplyResult {
  const ctx: Ctx = { s: createRoundState(opts), out: [] };
  newStep(ctx);
  scheduleTimeout(ctx, ctx.s.config.timeouts.commit, 0, Step.NewHeight, 'commit');
  return { state: ctx.s, effects: ctx.out };
}

export function apply(state: RoundState, input: Input): ApplyResult {
  const ctx: Ctx = { s: state, out: [] };
  switch (input.kind) {
    case 'proposal':
      setProposal(ctx, input.proposal, input.peerId);
      break;
    case 'blockPart':
      addProposalBlockPart(ctx, input.height, input.round, input.part, input.peerId);
      break;
    case 'vote':
      tryAddVote(ctx, input.vote, input.peerId);
      break;
    case 'timeout':
      handleTimeout(ctx, input.height, input.round, input.step);
      break;
    case 'blockValidated':
      onBlockValidated(ctx, input.height, input.hash, input.valid);
      break;
    case 'blockApplied':
      onBlockApplied(ctx, input.height, input.state, input.needProofBlock);
      break;
    case 'txsAvailable':
      handleTxsAvailable(ctx);
      break;
    case 'peerMaj23':
      handlePeerMaj23(ctx, input);
      break;
  }
  return { state: ctx.s, effects: ctx.out };
}

function handleTimeout(ctx: Ctx, height: bigint, round: number, step: number): void {
  const s = ctx.s;
  if (height !== s.height || round < s.round || (round === s.round && step < s.step)) return;
  switch (step) {
    case Step.NewHeight:
      enterNewRound(ctx, height, 0);
      break;
    case Step.NewRound:
      enterPropose(ctx, height, round);
      break;
    case Step.Propose:
      enterPrevote(ctx, height, round);
      break;
    case Step.PrevoteWait:
      enterPrecommit(ctx, height, round);
      break;
    case Step.PrecommitWait:
      enterPrecommit(ctx, height, round);
      enterNewRound(ctx, height, round + 1);
      break;
  }
}

/** The mempool has txs: with create_empty_blocks=false this is what starts round 0. */
function handleTxsAvailable(ctx: Ctx): void {
  const s = ctx.s;
  if (s.round !== 0) return;
  if (s.step === Step.NewHeight) {
    if (s.needProofBlock) return; // a proof block is proposed anyway
    scheduleTimeout(ctx, s.config.timeouts.commit + 1, 0, Step.NewRound, 'commit');
  } else if (s.step === Step.NewRound) {
    enterPropose(ctx, s.height, 0);
  }
}

function handlePeerMaj23(ctx: Ctx, input: Extract<Input, { kind: 'peerMaj23' }>): void {
  const s = ctx.s;
  if (input.height !== s.height) return;
  try {
    s.votes.setPeerMaj23(input.round, input.type, input.peerId, input.blockId);
  } catch (err) {
    if (!(err instanceof CometError)) throw err;
    ctx.out.push({ kind: 'messageRejected', peerId: input.peerId, error: err });
    return;
  }
  const set = s.votes.voteSet(input.round, input.type);
  // No votes for that block (or no such round): an empty bit array, as upstream replies.
  const votes = set?.bitArrayByBlockID(input.blockId) ?? new BitArray(0);
  ctx.out.push({ kind: 'voteSetBits', peerId: input.peerId, height: s.height, round: input.round, type: input.type, blockId: input.blockId, votes });
}
