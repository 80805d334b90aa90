/**
 * VoteSet: the votes of one height, round and type (consensus-algorithm.md
 * §8). Tracks one canonical vote per validator, the votes per block ID, the
 * first block ID to reach +2/3 (maj23) and peers' +2/3 claims, which let
 * conflicting votes for a claimed block be counted too.
 */
import {
  BitArray,
  SignedMsgType,
  blockIDEquals,
  blockIDKey,
  bytesEqual,
  isNonNilPrecommit,
  voteExtensionSignBytes,
  voteSignBytes,
  type BlockID,
  type ValidatorSet,
  type Vote,
} from '@cometts/types';
import { ConflictingPeerMaj23Error, InvalidVoteError, NonDeterministicSignatureError } from './errors.js';
import type { SignatureVerifier } from './verifier.js';

/** Two votes of one validator for different blocks in the same round and step. */
export interface VoteConflict {
  existing: Vote;
  incoming: Vote;
}

export interface AddVoteResult {
  added: boolean;
  conflict?: VoteConflict;
}

class BlockVotes {
  readonly bitArray: BitArray;
  readonly votes: (Vote | undefined)[];
  sum = 0n;
  constructor(
    public peerMaj23: boolean,
    size: number,
  ) {
    this.bitArray = new BitArray(size);
    this.votes = new Array<Vote | undefined>(size);
  }
  add(vote: Vote, power: bigint): void {
    if (this.votes[vote.validatorIndex] !== undefined) return;
    this.bitArray.set(vote.validatorIndex, true);
    this.votes[vote.validatorIndex] = vote;
    this.sum += power;
  }
}

export interface VoteSetParams {
  chainId: string;
  height: bigint;
  round: number;
  type: number;
  validators: ValidatorSet;
  /** Precommit sets of heights with vote extensions enabled verify (and require) extension signatures. */
  extensionsEnabled: boolean;
  verify: SignatureVerifier;
}

export class VoteSet {
  readonly chainId: string;
  readonly height: bigint;
  readonly round: number;
  readonly type: number;
  readonly validators: ValidatorSet;
  readonly extensionsEnabled: boolean;
  private readonly verify: SignatureVerifier;
  private readonly votes: (Vote | undefined)[];
  private readonly votesBitArray: BitArray;
  private sum = 0n;
  private maj23: BlockID | undefined;
  private readonly votesByBlock = new Map<string, BlockVotes>();
  private readonly peerMaj23s = new Map<string, BlockID>();

  constructor(p: VoteSetParams) {
    this.chainId = p.chainId;
    this.height = p.height;
    this.round = p.round;
    this.type = p.type;
    this.validators = p.validators;
    this.extensionsEnabled = p.extensionsEnabled && p.type === SignedMsgType.Precommit;
    this.verify = p.verify;
    this.votes = new Array<Vote | undefined>(p.validators.size);
    this.votesBitArray = new BitArray(p.validators.size);
  }

  get size(): number {
    return this.validators.size;
  }

  /** +2/3 of the total voting power: T·2/3 + 1. */
  get quorum(): bigint {
    return (this.validators.totalVotingPower * 2n) / 3n + 1n;
  }

  /**
   * Adds a vote after checking it belongs here and its signature. Returns
   * added=false for a duplicate or for a conflicting vote that is only
   * reported; throws InvalidVoteError / NonDeterministicSignatureError.
   */
  addVote(vote: Vote): AddVoteResult {
    const index = vote.validatorIndex;
    if (vote.height !== this.height || vote.round !== this.round || vote.type !== this.type) {
      throw new InvalidVoteError(
        'UNEXPECTED_STEP',
        `expected ${this.height}/${this.round}/${this.type}, got ${vote.height}/${vote.round}/${vote.type}`,
      );
    }
    const val = index >= 0 ? this.validators.getByIndex(index) : undefined;
    if (val === undefined) throw new InvalidVoteError('INVALID_VALIDATOR_INDEX', `no validator at index ${index}`);
    if (vote.validatorAddress.length === 0 || !bytesEqual(val.address, vote.validatorAddress)) {
      throw new InvalidVoteError('VALIDATOR_ADDRESS_MISMATCH', `validator ${index} is ${val.addressHex}`);
    }
    const key = blockIDKey(vote.blockId);
    const known = this.getVote(index, key);
    if (known !== undefined) {
      if (bytesEqual(known.signature, vote.signature)) return { added: false };
      throw new NonDeterministicSignatureError(index);
    }
    this.checkSignatures(vote, val.pubKey);
    return this.addVerifiedVote(vote, key, val.votingPower);
  }

  private checkSignatures(vote: Vote, pubKey: Parameters<SignatureVerifier>[0]): void {
    if (!this.verify(pubKey, voteSignBytes(this.chainId, vote), vote.signature)) {
      throw new InvalidVoteError('INVALID_SIGNATURE', `bad signature from validator ${vote.validatorIndex}`);
    }
    if (this.extensionsEnabled) {
      if (isNonNilPrecommit(vote) && !this.verify(pubKey, voteExtensionSignBytes(this.chainId, vote), vote.extensionSignature)) {
        throw new InvalidVoteError('INVALID_EXTENSION_SIGNATURE', `bad extension signature from validator ${vote.validatorIndex}`);
      }
    } else if (vote.extension.length > 0 || vote.extensionSignature.length > 0) {
      throw new InvalidVoteError('UNEXPECTED_EXTENSION', 'vote extensions are not enabled at this height');
    }
  }

  private getVote(index: number, key: string): Vote | undefined {
    const existing = this.votes[index];
    if (existing !== undefined && blockIDKey(existing.blockId) === key) return existing;
    return this.votesByBlock.get(key)?.votes[index];
  }

  private addVerifiedVote(vote: Vote, key: string, power: bigint): AddVoteResult {
    const index = vote.validatorIndex;
    const existing = this.votes[index];
    let conflict: VoteConflict | undefined;
    if (existing !== undefined) {
      conflict = { existing, incoming: vote };
      // Keep the first vote unless the new one is for the +2/3 block.
      if (this.maj23 !== undefined && blockIDKey(this.maj23) === key) this.votes[index] = vote;
    } else {
      this.votes[index] = vote;
      this.votesBitArray.set(index, true);
      this.sum += power;
    }
    let byBlock = this.votesByBlock.get(key);
    if (byBlock === undefined) {
      if (conflict !== undefined) return { added: false, conflict };
      byBlock = new BlockVotes(false, this.size);
      this.votesByBlock.set(key, byBlock);
    } else if (conflict !== undefined && !byBlock.peerMaj23) {
      return { added: false, conflict };
    }
    const before = byBlock.sum;
    byBlock.add(vote, power);
    const quorum = this.quorum;
    if (before < quorum && byBlock.sum >= quorum && this.maj23 === undefined) {
      this.maj23 = vote.blockId;
      // The +2/3 block's votes become the canonical ones.
      byBlock.votes.forEach((v, i) => {
        if (v !== undefined) this.votes[i] = v;
      });
    }
    return conflict === undefined ? { added: true } : { added: true, conflict };
  }

  /** Records a peer's claim of +2/3 for `blockId`; a second, different claim is an error. */
  setPeerMaj23(peerId: string, blockId: BlockID): void {
    const previous = this.peerMaj23s.get(peerId);
    if (previous !== undefined) {
      if (blockIDEquals(previous, blockId)) return;
      throw new ConflictingPeerMaj23Error(peerId, this.round);
    }
    this.peerMaj23s.set(peerId, blockId);
    const key = blockIDKey(blockId);
    const byBlock = this.votesByBlock.get(key);
    if (byBlock !== undefined) byBlock.peerMaj23 = true;
    else this.votesByBlock.set(key, new BlockVotes(true, this.size));
  }

  getByIndex(index: number): Vote | undefined {
    return this.votes[index];
  }

  /** The canonical votes held, in validator order. */
  list(): Vote[] {
    return this.votes.filter((v): v is Vote => v !== undefined);
  }

  /** Which validators we hold a vote from. */
  bitArray(): BitArray {
    return this.votesBitArray.copy();
  }

  /** Which validators we hold a vote for `blockId` from (undefined if none tracked). */
  bitArrayByBlockID(blockId: BlockID): BitArray | undefined {
    return this.votesByBlock.get(blockIDKey(blockId))?.bitArray.copy();
  }

  /** The block ID (possibly nil) that +2/3 voted for, if any. */
  twoThirdsMajority(): BlockID | undefined {
    return this.maj23;
  }

  hasTwoThirdsMajority(): boolean {
    return this.maj23 !== undefined;
  }

  /** More than 2/3 of the power voted, for anything. */
  hasTwoThirdsAny(): boolean {
    return this.sum > (this.validators.totalVotingPower * 2n) / 3n;
  }

  hasAll(): boolean {
    return this.sum === this.validators.totalVotingPower;
  }

  /** Voting power of the validators we hold a canonical vote from. */
  get votedPower(): bigint {
    return this.sum;
  }
}
