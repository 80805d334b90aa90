/**
 * PeerState: our view of one peer's consensus round (consensus-messages.md
 * §4), updated from what the peer announces and from what we send it. Bit
 * arrays are shared between fields exactly where upstream shares them (the
 * catch-up commit becomes the precommits when the peer reaches that round).
 */
import {
  BitArray,
  SignedMsgType,
  type NewRoundStep,
  type NewValidBlock,
  type PartSetHeader,
  type Proposal,
  type ProposalPOL,
  type Vote,
  type VoteSetBits,
} from '@cometts/types';
import type { PeerRoundStateView } from '@cometts/switch';
import type { VoteSource } from './vote-source.js';

const emptyPartSetHeader = (): PartSetHeader => ({ total: 0, hash: new Uint8Array(0) });

/** Lexicographic (height, round, step) order, as upstream CompareHRS. */
export function compareHRS(h1: bigint, r1: number, s1: number, h2: bigint, r2: number, s2: number): number {
  if (h1 !== h2) return h1 < h2 ? -1 : 1;
  if (r1 !== r2) return r1 < r2 ? -1 : 1;
  if (s1 !== s2) return s1 < s2 ? -1 : 1;
  return 0;
}

export class PeerState implements PeerRoundStateView {
  height = 0n;
  round = -1;
  step = 0;
  /** Local time (ms) the peer's current round started, as it told us. */
  startTimeMs = 0;
  proposal = false;
  proposalBlockPartSetHeader: PartSetHeader = emptyPartSetHeader();
  proposalBlockParts: BitArray | undefined;
  proposalPOLRound = -1;
  proposalPOL: BitArray | undefined;
  prevotes: BitArray | undefined;
  precommits: BitArray | undefined;
  lastCommitRound = -1;
  lastCommit: BitArray | undefined;
  catchupCommitRound = -1;
  catchupCommit: BitArray | undefined;
  /** Useful votes and block parts the peer delivered (they make it a good peer). */
  usefulVotes = 0;
  usefulBlockParts = 0;

  /** A live, read-only view of height/round/step, published for the mempool and evidence reactors. */
  readonly view: PeerRoundStateView;

  constructor(private readonly now: () => number = Date.now) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const ps = this;
    this.view = Object.freeze({
      get height() {
        return ps.height;
      },
      get round() {
        return ps.round;
      },
      get step() {
        return ps.step;
      },
    });
  }

  applyNewRoundStep(m: NewRoundStep): void {
    if (compareHRS(m.height, m.round, m.step, this.height, this.round, this.step) <= 0) return;
    const oldHeight = this.height;
    const oldRound = this.round;
    const oldCatchupRound = this.catchupCommitRound;
    const oldCatchup = this.catchupCommit;
    const oldPrecommits = this.precommits;
    this.height = m.height;
    this.round = m.round;
    this.step = m.step;
    this.startTimeMs = this.now() - Number(m.secondsSinceStartTime) * 1000;
    if (oldHeight !== m.height || oldRound !== m.round) {
      this.proposal = false;
      this.proposalBlockPartSetHeader = emptyPartSetHeader();
      this.proposalBlockParts = undefined;
      this.proposalPOLRound = -1;
      this.proposalPOL = undefined;
      this.prevotes = undefined;
      this.precommits = undefined;
    }
    if (oldHeight === m.height && oldRound !== m.round && m.round === oldCatchupRound) {
      // The peer reached its catch-up commit round: what it had there are its precommits.
      this.precommits = oldCatchup;
    }
    if (oldHeight !== m.height) {
      this.lastCommitRound = m.lastCommitRound;
      this.lastCommit = oldHeight + 1n === m.height && oldRound === m.lastCommitRound ? oldPrecommits : undefined;
      this.catchupCommitRound = -1;
      this.catchupCommit = undefined;
    }
  }

  /** `parts` is the message's bit array, already converted (NewValidBlock requires one). */
  applyNewValidBlock(m: NewValidBlock, parts: BitArray): void {
    if (this.height !== m.height) return;
    if (this.round !== m.round && !m.isCommit) return;
    this.proposalBlockPartSetHeader = m.blockPartSetHeader;
    this.proposalBlockParts = parts;
  }

  setHasProposal(p: Proposal): void {
    if (this.height !== p.height || this.round !== p.round || this.proposal) return;
    this.proposal = true;
    // Already set by a NewValidBlock.
    if (this.proposalBlockParts !== undefined) return;
    this.proposalBlockPartSetHeader = p.blockId.partSetHeader;
    this.proposalBlockParts = new BitArray(p.blockId.partSetHeader.total);
    this.proposalPOLRound = p.polRound;
    this.proposalPOL = undefined;
  }

  /** Assumes the peer wants the block with this part set header (catch-up of a lagging peer). */
  initProposalBlockParts(header: PartSetHeader): void {
    if (this.proposalBlockParts !== undefined) return;
    this.proposalBlockPartSetHeader = header;
    this.proposalBlockParts = new BitArray(header.total);
  }

  setHasProposalBlockPart(height: bigint, round: number, index: number): void {
    if (this.height !== height || this.round !== round) return;
    this.proposalBlockParts?.set(index, true);
  }

  applyProposalPOL(m: ProposalPOL, pol: BitArray): void {
    if (this.height !== m.height || this.proposalPOLRound !== m.proposalPolRound) return;
    this.proposalPOL = pol;
  }

  applyHasVote(height: bigint, round: number, type: number, index: number): void {
    if (this.height !== height) return;
    this.setHasVote(height, round, type, index);
  }

  /** Marks a vote the peer holds (it sent it to us, or we sent it). */
  setHasVote(height: bigint, round: number, type: number, index: number): void {
    this.getVoteBitArray(height, round, type)?.set(index, true);
  }

  setHasVoteOf(vote: Vote): void {
    this.setHasVote(vote.height, vote.round, vote.type, vote.validatorIndex);
  }

  /**
   * VoteSetBits answer to our VoteSetMaj23. `ourVotes` (our votes for that
   * block, when the height is ours) are replaced by the peer's claim; the
   * peer's other votes are kept.
   */
  applyVoteSetBits(m: VoteSetBits, votes: BitArray, ourVotes: BitArray | undefined): void {
    const held = this.getVoteBitArray(m.height, m.round, m.type);
    if (held === undefined) return;
    if (ourVotes === undefined) held.update(votes);
    else held.update(held.sub(ourVotes).or(votes));
  }

  /** Sizes the vote bit arrays of `height` (our height) or of the peer's last commit. */
  ensureVoteBitArrays(height: bigint, numValidators: number): void {
    if (this.height === height) {
      this.prevotes ??= new BitArray(numValidators);
      this.precommits ??= new BitArray(numValidators);
      this.catchupCommit ??= new BitArray(numValidators);
      this.proposalPOL ??= new BitArray(numValidators);
    } else if (this.height === height + 1n) {
      this.lastCommit ??= new BitArray(numValidators);
    }
  }

  ensureCatchupCommitRound(height: bigint, round: number, numValidators: number): void {
    if (this.height !== height || this.catchupCommitRound === round) return;
    this.catchupCommitRound = round;
    this.catchupCommit = round === this.round ? this.precommits : new BitArray(numValidators);
  }

  /** The bit array that records the peer's votes of (height, round, type), if we track one. */
  getVoteBitArray(height: bigint, round: number, type: number): BitArray | undefined {
    const prevote = type === SignedMsgType.Prevote;
    if (!prevote && type !== SignedMsgType.Precommit) return undefined;
    if (this.height === height) {
      if (this.round === round) return prevote ? this.prevotes : this.precommits;
      if (this.catchupCommitRound === round) return prevote ? undefined : this.catchupCommit;
      if (this.proposalPOLRound === round) return prevote ? this.proposalPOL : undefined;
      return undefined;
    }
    if (this.height === height + 1n && this.lastCommitRound === round) return prevote ? undefined : this.lastCommit;
    return undefined;
  }

  /** A random vote of `source` the peer lacks, or undefined (PickVoteToSend). */
  pickVoteToSend(source: VoteSource | undefined, random: () => number = Math.random): Vote | undefined {
    if (source === undefined || source.size === 0) return undefined;
    if (source.isCommit()) this.ensureCatchupCommitRound(source.height, source.round, source.size);
    this.ensureVoteBitArrays(source.height, source.size);
    const held = this.getVoteBitArray(source.height, source.round, source.type);
    if (held === undefined) return undefined;
    const index = source.bitArray().sub(held).pickRandom(random);
    return index === undefined ? undefined : source.getByIndex(index);
  }
}
