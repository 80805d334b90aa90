/**
 * Validator: address, public key, voting power and proposer priority. The
 * priority is the only field that changes in place (proposer selection).
 */
import { PublicKey } from '../messages/crypto-keys.js';
import { bytesEqual } from '../messages/block-id.js';
import { SimpleValidator, type ValidatorProto } from '../messages/validator.js';
import { pubKeyAddress, verifyWithPubKey } from '../crypto/pub-key.js';
import { ed25519Verifier } from '../crypto/ed25519.js';
import { InvalidValidatorError } from './errors.js';

/** Negative, zero or positive as a sorts before, equal to or after b, bytewise. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

export class Validator {
  private simpleBytes: Uint8Array | undefined;
  private verifier: ((message: Uint8Array, signature: Uint8Array) => boolean) | undefined;

  constructor(
    readonly address: Uint8Array,
    readonly pubKey: PublicKey,
    readonly votingPower: bigint,
    public proposerPriority: bigint = 0n,
  ) {}

  /** NewValidator: the address is derived from the key, priority starts at 0. */
  static create(pubKey: PublicKey, votingPower: bigint): Validator {
    PublicKey.validate(pubKey);
    return new Validator(pubKeyAddress(pubKey), pubKey, votingPower, 0n);
  }

  static fromProto(proto: ValidatorProto): Validator {
    if (!PublicKey.isValid(proto.pubKey)) throw new InvalidValidatorError('public key is not a valid ed25519 or secp256k1 key');
    return new Validator(proto.address, proto.pubKey, proto.votingPower, proto.proposerPriority);
  }

  toProto(): ValidatorProto {
    return { address: this.address, pubKey: this.pubKey, votingPower: this.votingPower, proposerPriority: this.proposerPriority };
  }

  copy(): Validator {
    const out = new Validator(this.address, this.pubKey, this.votingPower, this.proposerPriority);
    out.verifier = this.verifier;
    out.simpleBytes = this.simpleBytes;
    return out;
  }

  /** Validator.ValidateBasic: non-negative power and an address derived from the key. */
  validateBasic(): void {
    if (!PublicKey.isValid(this.pubKey)) throw new InvalidValidatorError('validator does not have a valid public key');
    if (this.votingPower < 0n) throw new InvalidValidatorError('validator has negative voting power');
    const expected = pubKeyAddress(this.pubKey);
    if (!bytesEqual(this.address, expected)) {
      throw new InvalidValidatorError(
        `address is incorrectly derived from pubkey: expected ${Buffer.from(expected).toString('hex').toUpperCase()}, got ${this.addressHex}`,
      );
    }
  }

  /** proto(SimpleValidator{pub_key, voting_power}): this validator's leaf in the set hash. */
  bytes(): Uint8Array {
    this.simpleBytes ??= SimpleValidator.encode({ pubKey: this.pubKey, votingPower: this.votingPower });
    return this.simpleBytes;
  }

  /** Verifies with CometBFT's rules for the key type; ed25519 keys keep a prepared OpenSSL key. */
  verifySignature(message: Uint8Array, signature: Uint8Array): boolean {
    if (this.pubKey.case !== 'ed25519') return verifyWithPubKey(this.pubKey, message, signature);
    this.verifier ??= ed25519Verifier(this.pubKey.value);
    return this.verifier(message, signature);
  }

  /** Uppercase hex, as CometBFT prints addresses. */
  get addressHex(): string {
    return Buffer.from(this.address).toString('hex').toUpperCase();
  }

  /** The one with the higher priority; on a tie the smaller address wins. */
  compareProposerPriority(other: Validator): Validator {
    if (this.proposerPriority > other.proposerPriority) return this;
    if (this.proposerPriority < other.proposerPriority) return other;
    const c = compareBytes(this.address, other.address);
    if (c === 0 && this !== other) throw new InvalidValidatorError(`two validators share address ${this.addressHex}`);
    return c <= 0 ? this : other;
  }

  toString(): string {
    return `Validator{${this.addressHex} ${this.pubKey.case} VP:${this.votingPower} A:${this.proposerPriority}}`;
  }
}

/** Set order: voting power descending, then address ascending. */
export function compareByVotingPower(a: Validator, b: Validator): number {
  if (a.votingPower !== b.votingPower) return a.votingPower > b.votingPower ? -1 : 1;
  return compareBytes(a.address, b.address);
}

export function compareByAddress(a: Validator, b: Validator): number {
  return compareBytes(a.address, b.address);
}
