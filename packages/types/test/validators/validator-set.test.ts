import { describe, expect, test } from 'vitest';
import {
  InvalidValidatorSetError,
  InvalidValidatorUpdateError,
  MAX_TOTAL_VOTING_POWER,
  SimpleValidator,
  Validator,
  ValidatorSet,
  ValidatorSetProto,
  merkleRoot,
} from '../../src/index.js';
import { keyFor } from './fixtures.js';

const val = (i: number, power: bigint) => Validator.create({ case: 'ed25519', value: keyFor(i).publicKey }, power);
const state = (set: ValidatorSet) => set.validators.map((v) => [v.addressHex, v.votingPower, v.proposerPriority]);
const reasonOf = (fn: () => void) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof InvalidValidatorUpdateError) return e.reason;
    throw e;
  }
  return 'ok';
};

describe('ValidatorSet', () => {
  test('set order is power descending then address ascending', () => {
    const set = new ValidatorSet([val(0, 5n), val(1, 10n), val(2, 5n), val(3, 7n)]);
    const powers = set.validators.map((v) => v.votingPower);
    expect(powers).toEqual([10n, 7n, 5n, 5n]);
    expect(Buffer.compare(set.validators[2]!.address, set.validators[3]!.address)).toBe(-1);
    expect(set.totalVotingPower).toBe(27n);
  });

  test('hash is the merkle root over proto(SimpleValidator) in set order', () => {
    const set = new ValidatorSet([val(0, 5n), val(1, 10n)]);
    const leaves = set.validators.map((v) => SimpleValidator.encode({ pubKey: v.pubKey, votingPower: v.votingPower }));
    expect(set.hash()).toEqual(merkleRoot(leaves));
    // Priorities do not change the hash.
    const before = set.hash().slice();
    set.incrementProposerPriority(3);
    expect(set.hash()).toEqual(before);
  });

  test('lookups by address and index', () => {
    const set = new ValidatorSet([val(0, 5n), val(1, 10n)]);
    const v = set.getByIndex(0)!;
    expect(set.getByAddress(v.address)).toEqual({ index: 0, validator: v });
    expect(set.getByAddress(new Uint8Array(20))).toBeUndefined();
    expect(set.getByIndex(2)).toBeUndefined();
  });

  test('a new validator starts at −(T + T>>3), then the set is re-centred', () => {
    const a = val(0, 10n);
    const set = new ValidatorSet([a]);
    expect(state(set)).toEqual([[a.addressHex, 10n, 0n]]);
    const b = val(1, 10n);
    set.updateWithChangeSet([b]);
    // T after updates = 20 → b at −22, a keeps 0; average −11 → a 11, b −11.
    const byAddr = Object.fromEntries(set.validators.map((v) => [v.addressHex, v.proposerPriority]));
    expect(byAddr).toEqual({ [a.addressHex]: 11n, [b.addressHex]: -11n });
  });

  test('power changes replace the validator; power 0 removes', () => {
    const set = new ValidatorSet([val(0, 10n), val(1, 20n), val(2, 30n)]);
    set.incrementProposerPriority(2);
    set.updateWithChangeSet([val(1, 25n)]);
    expect(set.getByAddress(val(1, 1n).address)!.validator.votingPower).toBe(25n);
    expect(set.totalVotingPower).toBe(65n);
    set.updateWithChangeSet([val(0, 0n)]);
    expect(set.size).toBe(2);
    expect(set.hasAddress(val(0, 1n).address)).toBe(false);
    expect(set.totalVotingPower).toBe(55n);
  });

  test('updates keep existing priorities (checked with an uncentred example)', () => {
    const set = ValidatorSet.fromProto({
      validators: [val(0, 10n), val(1, 10n)].map((v, i) => ({ ...v.toProto(), proposerPriority: i === 0 ? 4n : -4n })),
      proposer: val(0, 10n).toProto(),
      totalVotingPower: 0n,
    });
    set.updateWithChangeSet([val(1, 30n)]);
    const byAddr = Object.fromEntries(set.validators.map((v) => [v.addressHex, v.proposerPriority]));
    expect(byAddr).toEqual({ [val(0, 1n).addressHex]: 4n, [val(1, 1n).addressHex]: -4n });
  });

  test('bad change sets are refused and leave the set unchanged', () => {
    const set = new ValidatorSet([val(0, 10n), val(1, 20n)]);
    const before = state(set);
    expect(reasonOf(() => set.updateWithChangeSet([val(2, 5n), val(2, 6n)]))).toBe('DUPLICATE_ENTRY');
    expect(reasonOf(() => set.updateWithChangeSet([val(2, -1n)]))).toBe('NEGATIVE_POWER');
    expect(reasonOf(() => set.updateWithChangeSet([val(2, MAX_TOTAL_VOTING_POWER + 1n)]))).toBe('POWER_TOO_HIGH');
    expect(reasonOf(() => set.updateWithChangeSet([val(3, 0n)]))).toBe('REMOVAL_OF_UNKNOWN');
    expect(reasonOf(() => set.updateWithChangeSet([val(0, 0n), val(1, 0n)]))).toBe('EMPTY_RESULT');
    expect(reasonOf(() => set.updateWithChangeSet([val(2, MAX_TOTAL_VOTING_POWER - 10n)]))).toBe('TOTAL_POWER_OVERFLOW');
    expect(reasonOf(() => new ValidatorSet([val(0, 0n)]))).toBe('DELETES_NOT_ALLOWED');
    expect(state(set)).toEqual(before);
    // Removing one while raising another so the total fits is fine.
    set.updateWithChangeSet([val(0, 0n), val(1, MAX_TOTAL_VOTING_POWER - 1n)]);
    expect(set.totalVotingPower).toBe(MAX_TOTAL_VOTING_POWER - 1n);
  });

  test('proto round trip writes total_voting_power 0 and recomputes it', () => {
    const set = new ValidatorSet([val(0, 5n), val(1, 10n), val(2, 1n)]);
    set.incrementProposerPriority(4);
    const proto = set.toProto();
    expect(proto.totalVotingPower).toBe(0n);
    expect(proto.proposer!.address).toEqual(set.getProposer().address);
    const back = ValidatorSet.fromProto(ValidatorSetProto.decode(ValidatorSetProto.encode(proto)));
    expect(state(back)).toEqual(state(set));
    expect(back.totalVotingPower).toBe(16n);
    expect(back.getProposer().address).toEqual(set.getProposer().address);
    expect(back.hash()).toEqual(set.hash());
  });

  test('fromProto refuses empty sets, wrong addresses and a missing proposer', () => {
    expect(() => ValidatorSet.fromProto(ValidatorSetProto.create())).toThrow(InvalidValidatorSetError);
    const good = new ValidatorSet([val(0, 5n)]).toProto();
    expect(() => ValidatorSet.fromProto({ ...good, proposer: undefined })).toThrow(/proposer/);
    const wrongAddress = { ...good.validators[0]!, address: new Uint8Array(20) };
    expect(() => ValidatorSet.fromProto({ ...good, validators: [wrongAddress] })).toThrow(/incorrectly derived/);
    expect(() => ValidatorSet.fromProto({ ...good, validators: [{ ...good.validators[0]!, votingPower: MAX_TOTAL_VOTING_POWER }, { ...val(1, 1n).toProto(), votingPower: 2n }] })).toThrow(
      InvalidValidatorSetError,
    );
  });

  test('secp256k1 validators derive RIPEMD160(SHA256) addresses', () => {
    const pub = new Uint8Array(Buffer.from('02950e1cdfcb133d6024109fd489f734eeb4502418e538c28481f22bce276f248c', 'hex'));
    const v = Validator.create({ case: 'secp256k1', value: pub }, 1n);
    expect(v.address.length).toBe(20);
    v.validateBasic();
  });
});
