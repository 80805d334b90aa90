/**
 * Commit verification with CometBFT's semantics (types/validation.go):
 *
 * - verifyCommit: every non-absent signature is checked; COMMIT signatures
 *   must carry more than 2/3 of the total power.
 * - verifyCommitLight: only COMMIT signatures are checked, stopping once more
 *   than 2/3 is reached.
 * - verifyCommitLightTrusting: the set need not be the one that signed;
 *   validators are found by address (double votes rejected) and more than
 *   trustLevel of the total power must have signed.
 *
 * Like CometBFT (which batch-verifies Ed25519 commits of two or more
 * signatures), the structure and voting power are checked before any
 * signature, then signatures in commit order; a single-signature commit has
 * its signature checked in place.
 */
import { blockIDEquals, bytesEqual, type BlockID } from '../messages/block-id.js';
import { BlockIDFlag, type Commit } from '../messages/commit.js';
import { CommitSignBytes } from '../crypto/commit-sign-bytes.js';
import { InvalidCommitError, NotEnoughVotingPowerError } from './commit-errors.js';
import type { Validator } from './validator.js';
import type { ValidatorSet } from './validator-set.js';
import { INT64_MAX } from './safe-math.js';

export interface TrustLevel {
  numerator: bigint | number;
  denominator: bigint | number;
}

/** The default light-client trust level, 1/3. */
export const DEFAULT_TRUST_LEVEL: TrustLevel = { numerator: 1n, denominator: 3n };

const BATCH_VERIFY_THRESHOLD = 2;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

interface Tally {
  /** Signatures that are skipped entirely. */
  ignore(flag: number): boolean;
  /** Signatures whose power counts towards the threshold. */
  count(flag: number): boolean;
  countAll: boolean;
  byIndex: boolean;
}

function checkBasics(vals: ValidatorSet, commit: Commit, height: bigint, blockId: BlockID): void {
  if (vals.size !== commit.signatures.length) {
    throw new InvalidCommitError('WRONG_SIGNATURE_COUNT', `wrong set size: ${vals.size} validators, ${commit.signatures.length} signatures`);
  }
  if (height !== commit.height) throw new InvalidCommitError('WRONG_HEIGHT', `wrong height: want ${height}, got ${commit.height}`);
  if (!blockIDEquals(blockId, commit.blockId)) throw new InvalidCommitError('WRONG_BLOCK_ID', 'wrong block ID');
}

function wrongSignature(idx: number, signature: Uint8Array): InvalidCommitError {
  return new InvalidCommitError('WRONG_SIGNATURE', `wrong signature (#${idx}): ${hex(signature)}`, idx);
}

function tallyAndVerify(chainId: string, vals: ValidatorSet, commit: Commit, needed: bigint, mode: Tally): void {
  const signBytes = new CommitSignBytes(chainId, commit.height, commit.round, commit.blockId);
  const deferred = commit.signatures.length >= BATCH_VERIFY_THRESHOLD;
  const pending: [idx: number, val: Validator][] = [];
  const seen = mode.byIndex ? undefined : new Map<number, number>();
  let tallied = 0n;
  const sigs = commit.signatures;
  for (let idx = 0; idx < sigs.length; idx++) {
    const sig = sigs[idx]!;
    const flag = sig.blockIdFlag;
    if (mode.ignore(flag)) continue;
    if (flag !== BlockIDFlag.Commit && flag !== BlockIDFlag.Nil) {
      throw new InvalidCommitError('INVALID_BLOCK_ID_FLAG', `signature #${idx} has block ID flag ${flag}`, idx);
    }
    let val: Validator;
    if (seen === undefined) {
      val = vals.validators[idx]!;
      if (!bytesEqual(val.address, sig.validatorAddress)) {
        throw new InvalidCommitError(
          'WRONG_VALIDATOR_ADDRESS',
          `wrong validator address in commit signature #${idx}: expected ${val.addressHex}, got ${hex(sig.validatorAddress)}`,
          idx,
        );
      }
    } else {
      const found = vals.getByAddress(sig.validatorAddress);
      if (found === undefined) continue;
      const first = seen.get(found.index);
      if (first !== undefined) throw new InvalidCommitError('DOUBLE_VOTE', `double vote from ${found.validator.addressHex} (${first} and ${idx})`, idx);
      seen.set(found.index, idx);
      val = found.validator;
    }
    if (deferred) {
      if (val.pubKey.case === 'ed25519' && sig.signature.length !== 64) throw wrongSignature(idx, sig.signature);
      pending.push([idx, val]);
    } else if (!val.verifySignature(signBytes.signBytes(flag, sig.timestamp), sig.signature)) {
      throw wrongSignature(idx, sig.signature);
    }
    if (mode.count(flag)) tallied += val.votingPower;
    if (!mode.countAll && tallied > needed) break;
  }
  if (tallied <= needed) throw new NotEnoughVotingPowerError(tallied, needed);
  for (const [idx, val] of pending) {
    const sig = sigs[idx]!;
    if (!val.verifySignature(signBytes.signBytes(sig.blockIdFlag, sig.timestamp), sig.signature)) throw wrongSignature(idx, sig.signature);
  }
}

const twoThirds = (vals: ValidatorSet) => (vals.totalVotingPower * 2n) / 3n;

/**
 * VerifyCommit: `commit` is a valid +2/3 commit of `blockId` at `height` by
 * `vals` (the set that signed it). Every present signature is verified.
 * Throws InvalidCommitError or NotEnoughVotingPowerError.
 */
export function verifyCommit(chainId: string, vals: ValidatorSet, blockId: BlockID, height: bigint, commit: Commit): void {
  checkBasics(vals, commit, height, blockId);
  tallyAndVerify(chainId, vals, commit, twoThirds(vals), {
    ignore: (flag) => flag === BlockIDFlag.Absent,
    count: (flag) => flag === BlockIDFlag.Commit,
    countAll: true,
    byIndex: true,
  });
}

/**
 * VerifyCommitLight: like verifyCommit but only COMMIT signatures are
 * checked, and checking stops once +2/3 is reached (unless countAllSignatures).
 */
export function verifyCommitLight(
  chainId: string,
  vals: ValidatorSet,
  blockId: BlockID,
  height: bigint,
  commit: Commit,
  options: { countAllSignatures?: boolean } = {},
): void {
  checkBasics(vals, commit, height, blockId);
  tallyAndVerify(chainId, vals, commit, twoThirds(vals), {
    ignore: (flag) => flag !== BlockIDFlag.Commit,
    count: () => true,
    countAll: options.countAllSignatures ?? false,
    byIndex: true,
  });
}

/**
 * VerifyCommitLightTrusting: more than `trustLevel` of `vals`' power signed
 * `commit`, where `vals` is a trusted set that may differ from the signing
 * set. Signers are matched by address; unknown signers are skipped.
 */
export function verifyCommitLightTrusting(
  chainId: string,
  vals: ValidatorSet,
  commit: Commit,
  trustLevel: TrustLevel,
  options: { countAllSignatures?: boolean } = {},
): void {
  const numerator = BigInt(trustLevel.numerator);
  const denominator = BigInt(trustLevel.denominator);
  if (denominator <= 0n || numerator < 0n) throw new InvalidCommitError('INVALID_TRUST_LEVEL', `trust level ${numerator}/${denominator} is not a fraction`);
  const product = vals.totalVotingPower * numerator;
  if (product > INT64_MAX) {
    throw new InvalidCommitError('INVALID_TRUST_LEVEL', 'int64 overflow while calculating voting power needed; use a smaller trust level numerator');
  }
  tallyAndVerify(chainId, vals, commit, product / denominator, {
    ignore: (flag) => flag !== BlockIDFlag.Commit,
    count: () => true,
    countAll: options.countAllSignatures ?? false,
    byIndex: false,
  });
}
