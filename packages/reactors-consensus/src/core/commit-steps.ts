/**
 * Committing a height (consensus-algorithm.md §4 enterCommit,
 * tryFinalizeCommit, updateToState): the driver saves and applies the block
 * (finalizeBlock effect) and answers with blockApplied, which starts the next
 * height.
 */
import { PartSet, isZeroBlockID } from '@cometts/types';
import { voteExtensionsEnabled, type State } from '../driver/ports.js';
import { makeExtendedCommit } from './commit.js';
import { Step, hashesTo, hex, newStep, scheduleTimeout, setStep, type Ctx } from './context.js';
import { ConsensusFailureError } from './errors.js';
import { HeightVoteSet } from './height-vote-set.js';
import { enterNewRound } from './steps.js';
import type { CoreConfig, RoundState, SelfValidator } from './types.js';
import type { VoteSet } from './vote-set.js';

export function enterCommit(ctx: Ctx, height: bigint, commitRound: number): void {
  const s = ctx.s;
  if (s.height !== height || s.step >= Step.Commit) return;
  const maj = s.votes.precommits(commitRound)?.twoThirdsMajority();
  if (maj === undefined) throw new ConsensusFailureError(`enterCommit(${height}/${commitRound}) without +2/3 precommits`);
  if (hashesTo(s.lockedBlock, maj.hash)) {
    s.proposalBlock = s.lockedBlock;
    s.proposalBlockParts = s.lockedBlock!.parts;
  }
  if (!hashesTo(s.proposalBlock, maj.hash) && !s.proposalBlockParts?.hasHeader(maj.partSetHeader)) {
    // We lack the committed block: collect its parts (peers send them after NewValidBlock).
    s.proposalBlock = undefined;
    s.proposalBlockParts = PartSet.fromHeader(maj.partSetHeader);
    ctx.out.push({
      kind: 'validBlock',
      height,
      round: s.round,
      partSetHeader: maj.partSetHeader,
      parts: s.proposalBlockParts.bitArray(),
      isCommit: true,
    });
  }
  setStep(ctx, s.round, Step.Commit);
  s.commitRound = commitRound;
  newStep(ctx);
  tryFinalizeCommit(ctx, height);
}

/** Finalizes once we hold the committed block and the driver has judged it valid. */
export function tryFinalizeCommit(ctx: Ctx, height: bigint): void {
  const s = ctx.s;
  if (s.height !== height || s.finalizing) return;
  const precommits = s.votes.precommits(s.commitRound);
  const maj = precommits?.twoThirdsMajority();
  if (precommits === undefined || maj === undefined || isZeroBlockID(maj)) return;
  const block = s.proposalBlock;
  if (block === undefined || !hashesTo(block, maj.hash)) return;
  const verdict = s.verdicts.get(hex(block.hash));
  if (verdict === undefined) return; // validateBlock was requested when the block completed
  if (verdict === false) throw new ConsensusFailureError(`+2/3 precommitted block ${hex(block.hash)}, which is invalid`);
  if (!block.parts.hasHeader(maj.partSetHeader)) {
    throw new ConsensusFailureError(`committed block ${hex(block.hash)} has a different part set header`);
  }
  s.finalizing = true;
  ctx.out.push({
    kind: 'finalizeBlock',
    height,
    round: s.commitRound,
    blockId: maj,
    block,
    seenCommit: makeExtendedCommit(precommits),
    extensionsEnabled: voteExtensionsEnabled(s.chain.consensusParams, height),
  });
}

/** The next height to decide after `state`. */
export function nextHeight(state: State): bigint {
  return state.lastBlockHeight === 0n ? state.initialHeight : state.lastBlockHeight + 1n;
}

/** Resets the round state for the height after `chain` (updateToState). */
function resetForHeight(s: RoundState, chain: State, lastCommit: VoteSet | undefined, needProofBlock: boolean): void {
  const height = nextHeight(chain);
  s.chain = chain;
  s.height = height;
  s.round = 0;
  s.step = Step.NewHeight;
  s.validators = chain.validators;
  s.proposal = undefined;
  s.proposalBlock = undefined;
  s.proposalBlockParts = undefined;
  s.lockedRound = -1;
  s.lockedBlock = undefined;
  s.validRound = -1;
  s.validBlock = undefined;
  s.votes = new HeightVoteSet(chain.chainId, height, chain.validators, voteExtensionsEnabled(chain.consensusParams, height), s.config.verify);
  s.commitRound = -1;
  s.lastCommit = lastCommit;
  s.lastValidators = chain.lastValidators;
  s.triggeredTimeoutPrecommit = false;
  s.verdicts = new Map();
  s.validating = new Set();
  s.finalizing = false;
  s.needProofBlock = needProofBlock;
}

/** The driver applied the block we finalized: move to the next height. */
export function onBlockApplied(ctx: Ctx, height: bigint, state: State, needProofBlock: boolean): void {
  const s = ctx.s;
  if (height !== s.height || !s.finalizing) return;
  if (state.lastBlockHeight !== height) throw new ConsensusFailureError(`applying block ${height} returned the state of height ${state.lastBlockHeight}`);
  const lastCommit = s.votes.precommits(s.commitRound);
  resetForHeight(s, state, lastCommit, needProofBlock);
  newStep(ctx);
  scheduleTimeout(ctx, s.config.timeouts.commit, 0, Step.NewHeight, 'commit');
  if (s.config.skipTimeoutCommit && lastCommit?.hasAll()) enterNewRound(ctx, s.height, 0);
}

export interface StartOptions {
  config: CoreConfig;
  /** The state after the last committed block. */
  state: State;
  /** Precommits of state.lastBlockHeight (from the stored seen commit); undefined before the first block. */
  lastCommit: VoteSet | undefined;
  self: SelfValidator | undefined;
  needProofBlock: boolean;
}

/** The round state a node starts with, at NewHeight of the height after `state`. */
export function createRoundState(opts: StartOptions): RoundState {
  const { state } = opts;
  if (state.lastBlockHeight > 0n && !opts.lastCommit?.hasTwoThirdsMajority()) {
    throw new ConsensusFailureError(`no +2/3 commit for height ${state.lastBlockHeight} to start from`);
  }
  const s = { config: opts.config, self: opts.self } as RoundState;
  resetForHeight(s, state, state.lastBlockHeight === 0n ? undefined : opts.lastCommit, opts.needProofBlock);
  return s;
}
