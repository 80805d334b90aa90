/**
 * ValidatorSet: validators in set order (power descending, address
 * ascending), their total power, the current proposer, the set hash, and the
 * proposer-priority and change-set operations of CometBFT's ValidatorSet.
 */
import { ValidatorSetProto } from '../messages/validator.js';
import { merkleRoot } from '../crypto/merkle.js';
import { InvalidValidatorError, InvalidValidatorSetError } from './errors.js';
import { MAX_TOTAL_VOTING_POWER, applyChangeSet } from './change-set.js';
import { PRIORITY_WINDOW_SIZE_FACTOR, incrementProposerPriority, rescalePriorities, shiftByAveragePriority, withMostPriority } from './proposer-priority.js';
import { safeAddClip } from './safe-math.js';
import { Validator, compareByVotingPower } from './validator.js';

const key = (address: Uint8Array) => Buffer.from(address).toString('latin1');

export class ValidatorSet {
  private vals: Validator[] = [];
  private proposer: Validator | undefined;
  private total = 0n;
  private index: Map<string, number> | undefined;
  private cachedHash: Uint8Array | undefined;

  /**
   * NewValidatorSet: builds the set from `validators` (power 0 is refused),
   * sorts it and, when non-empty, advances priorities once so a proposer exists.
   */
  constructor(validators: readonly Validator[] = []) {
    this.updateWithChangeSetInternal(validators, false);
    if (validators.length > 0) this.incrementProposerPriority(1);
  }

  /** Validators in set order. Do not mutate. */
  get validators(): readonly Validator[] {
    return this.vals;
  }

  get size(): number {
    return this.vals.length;
  }

  isEmpty(): boolean {
    return this.vals.length === 0;
  }

  get totalVotingPower(): bigint {
    return this.total;
  }

  private recomputeTotal(): void {
    let sum = 0n;
    for (const v of this.vals) {
      sum = safeAddClip(sum, v.votingPower);
      if (sum > MAX_TOTAL_VOTING_POWER) {
        throw new InvalidValidatorSetError(`total voting power exceeds ${MAX_TOTAL_VOTING_POWER}`);
      }
    }
    this.total = sum;
  }

  private invalidate(): void {
    this.index = undefined;
    this.cachedHash = undefined;
  }

  getByIndex(i: number): Validator | undefined {
    return this.vals[i];
  }

  getByAddress(address: Uint8Array): { index: number; validator: Validator } | undefined {
    if (this.index === undefined) {
      this.index = new Map();
      this.vals.forEach((v, i) => this.index!.set(key(v.address), i));
    }
    const i = this.index.get(key(address));
    return i === undefined ? undefined : { index: i, validator: this.vals[i]! };
  }

  hasAddress(address: Uint8Array): boolean {
    return this.getByAddress(address) !== undefined;
  }

  /** Merkle root over proto(SimpleValidator) of each validator, in set order. */
  hash(): Uint8Array {
    this.cachedHash ??= merkleRoot(this.vals.map((v) => v.bytes()));
    return this.cachedHash;
  }

  /** A copy of the current proposer; throws for an empty set. */
  getProposer(): Validator {
    if (this.vals.length === 0) throw new InvalidValidatorSetError('validator set is empty');
    this.proposer ??= withMostPriority(this.vals);
    return this.proposer.copy();
  }

  /** Advances proposer priorities `times` rounds (rescale, centre, then select). */
  incrementProposerPriority(times: number): void {
    if (this.vals.length === 0) throw new InvalidValidatorSetError('validator set is empty');
    this.proposer = incrementProposerPriority(this.vals, this.total, times);
  }

  copyIncrementProposerPriority(times: number): ValidatorSet {
    const out = this.copy();
    out.incrementProposerPriority(times);
    return out;
  }

  /** Rescales priorities so their spread is at most diffMax. */
  rescalePriorities(diffMax: bigint): void {
    rescalePriorities(this.vals, diffMax);
  }

  /** A deep copy: priorities of the copy change independently. */
  copy(): ValidatorSet {
    const out = Object.create(ValidatorSet.prototype) as ValidatorSet;
    out.vals = this.vals.map((v) => v.copy());
    out.total = this.total;
    out.proposer = this.proposer === undefined ? undefined : out.vals.find((v) => v.address === this.proposer!.address) ?? this.proposer.copy();
    out.index = this.index;
    out.cachedHash = this.cachedHash;
    return out;
  }

  /**
   * Applies validator updates from the application: power 0 removes, other
   * powers add or change. Throws InvalidValidatorUpdateError (set unchanged)
   * for duplicates, negative or excessive power, unknown removals, an empty
   * result or a total above MaxTotalVotingPower.
   */
  updateWithChangeSet(changes: readonly Validator[]): void {
    this.updateWithChangeSetInternal(changes, true);
  }

  private updateWithChangeSetInternal(changes: readonly Validator[], allowDeletes: boolean): void {
    if (changes.length === 0) return;
    const next = applyChangeSet(this, changes, allowDeletes);
    this.vals = next;
    this.invalidate();
    this.recomputeTotal();
    rescalePriorities(this.vals, PRIORITY_WINDOW_SIZE_FACTOR * this.total);
    shiftByAveragePriority(this.vals);
    this.vals.sort(compareByVotingPower);
    this.invalidate();
  }

  /** ValidateBasic: non-empty, every validator and the proposer valid. */
  validateBasic(): void {
    if (this.vals.length === 0) throw new InvalidValidatorSetError('validator set is nil or empty');
    this.vals.forEach((v, i) => {
      try {
        v.validateBasic();
      } catch (err) {
        throw new InvalidValidatorSetError(`invalid validator #${i}: ${(err as Error).message}`, { cause: err });
      }
    });
    try {
      this.getProposer().validateBasic();
    } catch (err) {
      throw new InvalidValidatorSetError(`proposer failed validate basic: ${(err as Error).message}`, { cause: err });
    }
  }

  /** The wire form; total_voting_power is written as 0, as CometBFT does. */
  toProto(): ValidatorSetProto {
    if (this.vals.length === 0) return ValidatorSetProto.create();
    return { validators: this.vals.map((v) => v.toProto()), proposer: this.getProposer().toProto(), totalVotingPower: 0n };
  }

  /**
   * From the wire form, trusting neither the sent total (recomputed) nor the
   * members (ValidateBasic). Validators keep the order and priorities given.
   */
  static fromProto(proto: ValidatorSetProto): ValidatorSet {
    const out = Object.create(ValidatorSet.prototype) as ValidatorSet;
    try {
      out.vals = proto.validators.map((v) => Validator.fromProto(v));
      if (proto.proposer === undefined) throw new InvalidValidatorSetError('proposer is missing');
      // Like CometBFT, the proposer is its own object carrying the sent priority.
      out.proposer = Validator.fromProto(proto.proposer);
      out.index = undefined;
      out.cachedHash = undefined;
      out.recomputeTotal();
    } catch (err) {
      if (err instanceof InvalidValidatorError) throw new InvalidValidatorSetError(err.reason, { cause: err });
      throw err;
    }
    out.validateBasic();
    return out;
  }

  toString(): string {
    return `ValidatorSet{proposer: ${this.proposer?.toString() ?? 'none'}, validators: [${this.vals.map(String).join(', ')}]}`;
  }
}
