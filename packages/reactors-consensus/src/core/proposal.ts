/**
 * Proposals and block parts (consensus-algorithm.md §5): setProposal,
 * addProposalBlockPart, and what happens once the proposal block is complete
 * and the driver has judged it (handleCompleteProposal).
 */
import {
  Block,
  BLOCK_PART_SIZE_BYTES,
  CometError,
  PartSet,
  effectiveMaxBlockBytes,
  headerHash,
  proposalSignBytes,
  type Part,
  type Proposal,
} from '@cometts/types';
import { InvalidBlockPartError, InvalidProposalError } from './errors.js';
import { Step, hashesTo, hex, reject, type Ctx } from './context.js';
import { enterPrecommit, enterPrevote, isProposalComplete } from './steps.js';
import { tryFinalizeCommit } from './commit-steps.js';

function maxBlockBytes(ctx: Ctx): number {
  const maxBytes = ctx.s.chain.consensusParams.block?.maxBytes ?? -1n;
  return Number(effectiveMaxBlockBytes(maxBytes));
}

export function setProposal(ctx: Ctx, proposal: Proposal, peerId: string): void {
  const s = ctx.s;
  if (s.proposal !== undefined || proposal.height !== s.height || proposal.round !== s.round) return;
  if (proposal.polRound < -1 || (proposal.polRound >= 0 && proposal.polRound >= proposal.round)) {
    reject(ctx, peerId, new InvalidProposalError('INVALID_POL_ROUND', `pol_round ${proposal.polRound} in round ${proposal.round}`));
    return;
  }
  const proposer = s.validators.getProposer();
  if (!s.config.verify(proposer.pubKey, proposalSignBytes(s.chain.chainId, proposal), proposal.signature)) {
    reject(ctx, peerId, new InvalidProposalError('INVALID_SIGNATURE', `not signed by the proposer ${proposer.addressHex}`));
    return;
  }
  const maxParts = Math.floor((maxBlockBytes(ctx) - 1) / BLOCK_PART_SIZE_BYTES) + 1;
  if (proposal.blockId.partSetHeader.total > maxParts) {
    reject(ctx, peerId, new InvalidProposalError('TOO_MANY_PARTS', `${proposal.blockId.partSetHeader.total} parts > ${maxParts}`));
    return;
  }
  s.proposal = proposal;
  s.proposalBlockParts ??= PartSet.fromHeader(proposal.blockId.partSetHeader, maxParts);
  if (peerId === '') ctx.out.push({ kind: 'broadcastProposal', proposal });
}

export function addProposalBlockPart(ctx: Ctx, height: bigint, round: number, part: Part, peerId: string): void {
  const s = ctx.s;
  const parts = s.proposalBlockParts;
  if (height !== s.height || parts === undefined || parts.isComplete()) return;
  let added: boolean;
  try {
    added = parts.addPart(part);
  } catch (err) {
    if (!(err instanceof CometError)) throw err;
    reject(ctx, peerId, new InvalidBlockPartError('BAD_PART', err.message, { cause: err }));
    return;
  }
  if (!added) return;
  if (peerId === '') ctx.out.push({ kind: 'broadcastBlockPart', height, round, part });
  if (parts.byteSize > maxBlockBytes(ctx)) {
    reject(ctx, peerId, new InvalidBlockPartError('BLOCK_TOO_LARGE', `${parts.byteSize} bytes > ${maxBlockBytes(ctx)}`));
    return;
  }
  if (!parts.isComplete()) return;
  let block: Block;
  let hash: Uint8Array | undefined;
  try {
    block = Block.decode(parts.assemble());
    hash = headerHash(block.header);
  } catch (err) {
    reject(ctx, peerId, new InvalidBlockPartError('UNDECODABLE_BLOCK', (err as Error).message, { cause: err }));
    return;
  }
  if (hash === undefined) {
    reject(ctx, peerId, new InvalidBlockPartError('UNDECODABLE_BLOCK', 'block header has no validators hash'));
    return;
  }
  s.proposalBlock = { block, parts, hash };
  const key = hex(hash);
  if (s.verdicts.has(key)) {
    handleCompleteProposal(ctx);
    return;
  }
  if (!s.validating.has(key)) {
    s.validating.add(key);
    ctx.out.push({ kind: 'validateBlock', height: s.height, round: s.round, block, hash });
  }
}

/** The driver's verdict on a block of this height. */
export function onBlockValidated(ctx: Ctx, height: bigint, hash: Uint8Array, valid: boolean): void {
  const s = ctx.s;
  if (height !== s.height) return;
  const key = hex(hash);
  s.validating.delete(key);
  s.verdicts.set(key, valid);
  if (hashesTo(s.proposalBlock, hash)) handleCompleteProposal(ctx);
}

function handleCompleteProposal(ctx: Ctx): void {
  const s = ctx.s;
  const maj = s.votes.prevotes(s.round)?.twoThirdsMajority();
  if (maj !== undefined && maj.hash.length > 0 && s.validRound < s.round && hashesTo(s.proposalBlock, maj.hash)) {
    s.validRound = s.round;
    s.validBlock = s.proposalBlock;
  }
  if (s.step <= Step.Propose && isProposalComplete(ctx)) {
    enterPrevote(ctx, s.height, s.round);
    if (maj !== undefined) enterPrecommit(ctx, s.height, s.round);
  } else if (s.step === Step.Commit) {
    tryFinalizeCommit(ctx, s.height);
  }
}
