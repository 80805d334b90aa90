import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  BlockIDFlag,
  CommitSignBytes,
  InvalidCommitError,
  NotEnoughVotingPowerError,
  verifyCommit,
  verifyCommitLight,
  verifyCommitLightTrusting,
  voteSignBytes,
} from '../../src/index.js';
import { CHAIN_ID, blockIdOf, makeCommit, makeValidators } from './fixtures.js';

const { Absent, Commit: C, Nil } = BlockIDFlag;
const id = blockIdOf('a');

function failure(fn: () => void): InvalidCommitError | NotEnoughVotingPowerError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InvalidCommitError || e instanceof NotEnoughVotingPowerError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}
const reasonOf = (fn: () => void) => {
  const e = failure(fn);
  return e instanceof InvalidCommitError ? e.reason : e.code;
};

describe('verifyCommit', () => {
  const { set, keys } = makeValidators([10n, 10n, 10n, 10n]);

  test('accepts a full commit and one with +2/3 (absent and nil signatures allowed)', () => {
    verifyCommit(CHAIN_ID, set, id, 5n, makeCommit(set, keys, 5n, 0, id));
    verifyCommit(CHAIN_ID, set, id, 5n, makeCommit(set, keys, 5n, 2, id, [C, C, C, Absent]));
    verifyCommit(CHAIN_ID, set, id, 5n, makeCommit(set, keys, 5n, 1, id, [C, Nil, C, C]));
  });

  test('each failure mode is a typed error', () => {
    const good = makeCommit(set, keys, 5n, 0, id);
    expect(reasonOf(() => verifyCommit(CHAIN_ID, set, id, 6n, good))).toBe('WRONG_HEIGHT');
    expect(reasonOf(() => verifyCommit(CHAIN_ID, set, blockIdOf('b'), 5n, good))).toBe('WRONG_BLOCK_ID');
    expect(reasonOf(() => verifyCommit(CHAIN_ID, set, id, 5n, { ...good, signatures: good.signatures.slice(1) }))).toBe('WRONG_SIGNATURE_COUNT');
    expect(reasonOf(() => verifyCommit('other-chain', set, id, 5n, good))).toBe('WRONG_SIGNATURE');

    const bad = makeCommit(set, keys, 5n, 0, id);
    bad.signatures[2]!.signature[0]! ^= 1;
    const e = failure(() => verifyCommit(CHAIN_ID, set, id, 5n, bad)) as InvalidCommitError;
    expect([e.reason, e.index]).toEqual(['WRONG_SIGNATURE', 2]);

    const swapped = makeCommit(set, keys, 5n, 0, id);
    [swapped.signatures[0], swapped.signatures[1]] = [swapped.signatures[1]!, swapped.signatures[0]!];
    expect(reasonOf(() => verifyCommit(CHAIN_ID, set, id, 5n, swapped))).toBe('WRONG_VALIDATOR_ADDRESS');

    const weak = failure(() => verifyCommit(CHAIN_ID, set, id, 5n, makeCommit(set, keys, 5n, 0, id, [C, C, Absent, Nil])));
    expect(weak).toBeInstanceOf(NotEnoughVotingPowerError);
    expect([(weak as NotEnoughVotingPowerError).got, (weak as NotEnoughVotingPowerError).needed]).toEqual([20n, 26n]);

    const unknownFlag = makeCommit(set, keys, 5n, 0, id);
    unknownFlag.signatures[0]!.blockIdFlag = 0;
    expect(reasonOf(() => verifyCommit(CHAIN_ID, set, id, 5n, unknownFlag))).toBe('INVALID_BLOCK_ID_FLAG');
  });

  test('exactly 2/3 is not enough: more than 2/3 is required', () => {
    const three = makeValidators([1n, 1n, 1n]);
    const e = failure(() => verifyCommit(CHAIN_ID, three.set, id, 1n, makeCommit(three.set, three.keys, 1n, 0, id, [C, C, Absent])));
    expect(e).toMatchObject({ got: 2n, needed: 2n });
  });

  test('power is checked before signatures in multi-signature commits, as CometBFT batches them', () => {
    const commit = makeCommit(set, keys, 5n, 0, id, [C, Absent, Absent, C]);
    commit.signatures[0]!.signature[0]! ^= 1;
    expect(reasonOf(() => verifyCommit(CHAIN_ID, set, id, 5n, commit))).toBe('NOT_ENOUGH_VOTING_POWER');
    // A single-signature commit has its signature checked in place.
    const solo = makeValidators([5n]);
    const soloCommit = makeCommit(solo.set, solo.keys, 2n, 0, id);
    soloCommit.signatures[0]!.signature[0]! ^= 1;
    expect(reasonOf(() => verifyCommit(CHAIN_ID, solo.set, id, 2n, soloCommit))).toBe('WRONG_SIGNATURE');
  });

  test('nil votes are verified by verifyCommit but ignored by verifyCommitLight', () => {
    const commit = makeCommit(set, keys, 5n, 0, id, [C, C, C, Nil]);
    commit.signatures[3]!.signature[0]! ^= 1;
    expect(reasonOf(() => verifyCommit(CHAIN_ID, set, id, 5n, commit))).toBe('WRONG_SIGNATURE');
    verifyCommitLight(CHAIN_ID, set, id, 5n, commit);
  });

  test('verifyCommitLight stops counting once +2/3 is reached', () => {
    const commit = makeCommit(set, keys, 5n, 0, id);
    commit.signatures[3]!.signature[0]! ^= 1;
    verifyCommitLight(CHAIN_ID, set, id, 5n, commit);
    expect(reasonOf(() => verifyCommitLight(CHAIN_ID, set, id, 5n, commit, { countAllSignatures: true }))).toBe('WRONG_SIGNATURE');
    expect(reasonOf(() => verifyCommit(CHAIN_ID, set, id, 5n, commit))).toBe('WRONG_SIGNATURE');
  });
});

describe('verifyCommitLightTrusting', () => {
  const all = makeValidators([10n, 10n, 10n, 10n, 10n, 10n]);
  const commit = makeCommit(all.set, all.keys, 9n, 0, id);

  test('a trusted set that only partly overlaps the signers', () => {
    // Trusted: validators 0..2 plus two strangers; 3 of its 5 (60%) signed.
    const trusted = makeValidators([10n, 10n, 10n, 10n, 10n], 0);
    const strangers = makeValidators([10n, 10n], 100);
    const mixed = makeValidators([10n, 10n, 10n], 0);
    mixed.set.updateWithChangeSet([...strangers.set.validators.map((v) => v.copy())]);
    verifyCommitLightTrusting(CHAIN_ID, mixed.set, commit, { numerator: 1n, denominator: 3n });
    verifyCommitLightTrusting(CHAIN_ID, trusted.set, commit, { numerator: 2n, denominator: 3n });
    const e = failure(() => verifyCommitLightTrusting(CHAIN_ID, mixed.set, commit, { numerator: 2n, denominator: 3n }));
    expect(e).toMatchObject({ got: 30n, needed: 33n });
  });

  test('a validator signing twice is a double vote; signers are matched by address', () => {
    const doubled = { ...commit, signatures: [...commit.signatures.slice(0, 5), commit.signatures[0]!] };
    const e = failure(() => verifyCommitLightTrusting(CHAIN_ID, all.set, doubled, { numerator: 1n, denominator: 1n }));
    expect(e).toMatchObject({ reason: 'DOUBLE_VOTE', index: 5 });
  });

  test('bad trust levels are refused', () => {
    expect(reasonOf(() => verifyCommitLightTrusting(CHAIN_ID, all.set, commit, { numerator: 1n, denominator: 0n }))).toBe('INVALID_TRUST_LEVEL');
    expect(reasonOf(() => verifyCommitLightTrusting(CHAIN_ID, all.set, commit, { numerator: 2n ** 62n, denominator: 3n }))).toBe('INVALID_TRUST_LEVEL');
  });
});

describe('commit sign bytes', () => {
  test('the fast builder equals voteSignBytes of the rebuilt precommit (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 50 }),
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.boolean(),
        fc.bigInt({ min: -62135596800n, max: 253402300799n }),
        fc.integer({ min: 0, max: 999_999_999 }),
        (chainId, height, round, isCommit, seconds, nanos) => {
          const timestamp = { seconds, nanos };
          const builder = new CommitSignBytes(chainId, height, round, id);
          const blockId = isCommit ? id : { hash: new Uint8Array(0), partSetHeader: { total: 0, hash: new Uint8Array(0) } };
          expect(builder.signBytes(isCommit ? C : Nil, timestamp)).toEqual(voteSignBytes(chainId, { type: 2, height, round, blockId, timestamp }));
        },
      ),
      { numRuns: 300 },
    );
  });
});
