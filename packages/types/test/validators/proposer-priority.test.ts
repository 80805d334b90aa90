import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Validator, ValidatorSet, averagePriority, incrementProposerPriority, type PublicKey } from '../../src/index.js';

const key = (i: number): PublicKey => ({ case: 'ed25519', value: new Uint8Array(32).fill(i) });
const raw = (address: number[] | string, power: bigint, priority = 0n) =>
  new Validator(typeof address === 'string' ? new TextEncoder().encode(address) : new Uint8Array(address), key(power > 0n ? Number(power % 200n) : 0), power, priority);

const priorities = (vals: readonly Validator[]) => vals.map((v) => v.proposerPriority);

describe('proposer selection', () => {
  test('hand-computed steps for powers 10, 1, 1 (each step: +power, winner pays T=12)', () => {
    // times: priorities after IncrementProposerPriority(times) from all-zero, and the proposer.
    const expected: [times: number, prios: bigint[], proposer: number][] = [
      [1, [-2n, 1n, 1n], 0],
      [2, [-4n, 2n, 2n], 0],
      [3, [-6n, 3n, 3n], 0],
      [4, [-8n, 4n, 4n], 0], // 4,4,4 tie: the smallest address wins
      [5, [2n, -7n, 5n], 1], // 2,5,5 tie between [1] and [2]: [1] wins
      [6, [0n, -6n, 6n], 0],
    ];
    for (const [times, prios, proposer] of expected) {
      const vals = [raw([0], 10n), raw([1], 1n), raw([2], 1n)];
      const chosen = incrementProposerPriority(vals, 12n, times);
      expect(priorities(vals), `times ${times}`).toEqual(prios);
      expect(chosen).toBe(vals[proposer]);
    }
  });

  test('the spread is rescaled to 2·T (division truncates) before centring', () => {
    const vals = [raw([0], 1n, 1000n), raw([1], 1n, -1000n), raw([2], 1n, 0n)];
    // diff 2000 > 6: ratio ceil(2000/6) = 334 → 2, -2, 0; then +1 each and v0 pays 3.
    incrementProposerPriority(vals, 3n, 1);
    expect(priorities(vals)).toEqual([0n, -1n, 1n]);
  });

  test('centring subtracts the floor of the average', () => {
    const vals = [raw([0], 1n, -1n), raw([1], 1n, 0n), raw([2], 1n, 0n)];
    expect(averagePriority(vals)).toBe(-1n);
    // → 0, 1, 1; +1 → 1, 2, 2; tie of [1] and [2] → [1] pays 3.
    const proposer = incrementProposerPriority(vals, 3n, 1);
    expect(proposer).toBe(vals[1]);
    expect(priorities(vals)).toEqual([1n, -1n, 2n]);
  });

  test('CometBFT TestProposerSelection1 sequence (foo 1000, bar 300, baz 330)', () => {
    const set = new ValidatorSet([raw('foo', 1000n), raw('bar', 300n), raw('baz', 330n)]);
    const seen: string[] = [];
    for (let i = 0; i < 99; i++) {
      seen.push(new TextDecoder().decode(set.getProposer().address));
      set.incrementProposerPriority(1);
    }
    const expected =
      'foo baz foo bar foo foo baz foo bar foo foo baz foo foo bar foo baz foo foo bar' +
      ' foo foo baz foo bar foo foo baz foo bar foo foo baz foo foo bar foo baz foo foo bar' +
      ' foo baz foo foo bar foo baz foo foo bar foo baz foo foo foo baz bar foo foo foo baz' +
      ' foo bar foo foo baz foo bar foo foo baz foo bar foo foo baz foo bar foo foo baz foo' +
      ' foo bar foo baz foo foo bar foo baz foo foo bar foo baz foo foo';
    expect(seen.join(' ')).toBe(expected);
  });

  test('equal powers rotate in address order', () => {
    const set = new ValidatorSet([raw([3], 5n), raw([1], 5n), raw([2], 5n)]);
    const order: number[] = [];
    for (let i = 0; i < 6; i++) {
      order.push(set.getProposer().address[0]!);
      set.incrementProposerPriority(1);
    }
    expect(order).toEqual([1, 2, 3, 1, 2, 3]);
  });

  const powerLists = fc.array(fc.bigInt({ min: 1n, max: 1000n }), { minLength: 1, maxLength: 8 });

  test('priorities stay centred: 0 ≤ sum < n after every increment (property)', () => {
    fc.assert(
      fc.property(powerLists, fc.integer({ min: 1, max: 50 }), (powers, rounds) => {
        const set = new ValidatorSet(powers.map((p, i) => raw([i], p)));
        const n = BigInt(powers.length);
        for (let r = 0; r < rounds; r++) {
          set.incrementProposerPriority(1 + (r % 3));
          const sum = priorities(set.validators).reduce((a, b) => a + b, 0n);
          expect(sum >= 0n && sum < n).toBe(true);
          const spread = priorities(set.validators).reduce((a, b) => (b > a ? b : a)) - priorities(set.validators).reduce((a, b) => (b < a ? b : a));
          expect(spread <= 2n * set.totalVotingPower + set.totalVotingPower).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  test('proposer frequency is proportional to power (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: 20n }), { minLength: 1, maxLength: 6 }), (powers) => {
        const set = new ValidatorSet(powers.map((p, i) => raw([i], p)));
        const total = Number(set.totalVotingPower);
        const cycles = 20;
        const counts = new Map<number, number>();
        for (let r = 0; r < total * cycles; r++) {
          const a = set.getProposer().address[0]!;
          counts.set(a, (counts.get(a) ?? 0) + 1);
          set.incrementProposerPriority(1);
        }
        powers.forEach((p, i) => {
          expect(Math.abs((counts.get(i) ?? 0) - Number(p) * cycles)).toBeLessThanOrEqual(powers.length);
        });
      }),
      { numRuns: 50 },
    );
  });

  test('copyIncrementProposerPriority leaves the original untouched', () => {
    const set = new ValidatorSet([raw([0], 10n), raw([1], 1n), raw([2], 1n)]);
    const before = priorities(set.validators);
    const proposer = set.getProposer();
    const copy = set.copyIncrementProposerPriority(5);
    expect(priorities(set.validators)).toEqual(before);
    expect(set.getProposer().address).toEqual(proposer.address);
    expect(priorities(copy.validators)).not.toEqual(before);
    // Advancing the original by the same amount reaches the same state.
    set.incrementProposerPriority(5);
    expect(priorities(set.validators)).toEqual(priorities(copy.validators));
    expect(set.getProposer().address).toEqual(copy.getProposer().address);
  });

  test('non-positive increments and empty sets are refused', () => {
    const set = new ValidatorSet([raw([0], 1n)]);
    expect(() => set.incrementProposerPriority(0)).toThrow(RangeError);
    expect(() => new ValidatorSet([]).incrementProposerPriority(1)).toThrow(/empty/);
    expect(() => new ValidatorSet([]).getProposer()).toThrow(/empty/);
  });

  test('priorities clip at int64 instead of overflowing', () => {
    const max = 2n ** 63n - 1n;
    const vals = [raw([0], 2n ** 59n, max - 1n), raw([1], 1n, max - 1n)];
    incrementProposerPriority(vals, 2n ** 59n + 1n, 1);
    for (const p of priorities(vals)) expect(p <= max && p >= -(2n ** 63n)).toBe(true);
  });
});
