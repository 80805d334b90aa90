/** Our own votes and proposals: what to sign (the driver signs and feeds them back). */
import { BlockID, addNanos, bytesEqual, goZeroTime, isNonNilPrecommit, type PartSetHeader, type Vote } from '@cometts/types';
import { voteExtensionsEnabled } from '../driver/ports.js';
import type { Ctx } from './context.js';
import { makeExtendedCommit, emptyExtendedCommit } from './commit.js';
import type { FullBlock } from './types.js';

const ONE_MS_IN_NANOS = 1_000_000n;

/** Our index in this round's validators, if we are one. */
export function ownIndex(ctx: Ctx): number | undefined {
  const self = ctx.s.self;
  if (self === undefined) return undefined;
  return ctx.s.validators.getByAddress(self.address)?.index;
}

export function isOwnAddress(ctx: Ctx, address: Uint8Array): boolean {
  return ctx.s.self !== undefined && bytesEqual(ctx.s.self.address, address);
}

/**
 * signAddVote: asks the driver to sign a vote for `hash`/`psh` (empty for
 * nil). Nothing when we have no key or are not a validator of this height.
 */
export function signAddVote(ctx: Ctx, type: number, hash: Uint8Array, psh: PartSetHeader, block: FullBlock | undefined): void {
  const s = ctx.s;
  const index = ownIndex(ctx);
  if (index === undefined || s.self === undefined) return;
  const blockId = hash.length === 0 ? BlockID.create() : { hash, partSetHeader: psh };
  const vote: Vote = {
    type,
    height: s.height,
    round: s.round,
    blockId,
    timestamp: goZeroTime(),
    validatorAddress: s.self.address,
    validatorIndex: index,
    signature: new Uint8Array(0),
    extension: new Uint8Array(0),
    extensionSignature: new Uint8Array(0),
  };
  // voteTime(): at least 1 ms after the time of the block we are locked on or looking at.
  const basis = s.lockedBlock ?? s.proposalBlock;
  const minTime = basis === undefined ? undefined : addNanos(basis.block.header.time, ONE_MS_IN_NANOS);
  const extend = isNonNilPrecommit(vote) && voteExtensionsEnabled(s.chain.consensusParams, s.height);
  ctx.out.push({ kind: 'signVote', vote, minTime, extend, block: extend ? block?.block : undefined });
}

/** decideProposal: re-propose the valid block, or ask for a new one built on LastCommit. */
export function decideProposal(ctx: Ctx, round: number): void {
  const s = ctx.s;
  if (s.validBlock !== undefined) {
    ctx.out.push({ kind: 'propose', height: s.height, round, polRound: s.validRound, validBlock: s.validBlock, lastCommit: undefined });
    return;
  }
  let lastCommit;
  if (s.height === s.chain.initialHeight) lastCommit = emptyExtendedCommit();
  else if (s.lastCommit?.hasTwoThirdsMajority()) lastCommit = makeExtendedCommit(s.lastCommit);
  else return; // cannot build on a previous block without its commit (upstream logs ErrProposalWithoutPreviousCommit)
  ctx.out.push({ kind: 'propose', height: s.height, round, polRound: s.validRound, validBlock: undefined, lastCommit });
}
