import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BitArray, BitArrayProto, ValidationError } from '../../src/index.js';

const arrays = fc
  .integer({ min: 0, max: 200 })
  .chain((size) => fc.tuple(fc.constant(size), fc.array(fc.boolean(), { minLength: size, maxLength: size })))
  .map(([size, bits]) => BitArray.fromIndices(size, bits.flatMap((b, i) => (b ? [i] : []))));

const bitsOf = (b: BitArray) => Array.from({ length: b.size }, (_, i) => b.get(i));

describe('BitArray', () => {
  test('get/set and bounds', () => {
    const b = new BitArray(70);
    expect(b.set(0, true)).toBe(true);
    expect(b.set(69, true)).toBe(true);
    expect(b.set(70, true)).toBe(false);
    expect(b.set(-1, true)).toBe(false);
    expect(b.get(70)).toBe(false);
    expect(b.trueIndices()).toEqual([0, 69]);
    expect(b.countTrue()).toBe(2);
    b.set(0, false);
    expect(b.trueIndices()).toEqual([69]);
  });

  test('string forms like Go', () => {
    const b = BitArray.fromIndices(5, [0, 2]);
    expect(b.toString()).toBe('BA{5:x_x__}');
    expect(b.toBitString()).toBe('x_x__');
    expect(BitArray.fromBitString('x_x__').equals(b)).toBe(true);
    expect(() => BitArray.fromBitString('x-x')).toThrow(ValidationError);
  });

  test('wire form: bit i in elems[i/64] at i%64, lowest first', () => {
    const b = BitArray.fromIndices(130, [0, 63, 64, 129]);
    expect(b.toProto()).toEqual({ bits: 130n, elems: [(1n << 63n) | 1n, 1n, 2n] });
    expect(BitArray.fromProto(b.toProto()).equals(b)).toBe(true);
    expect(new BitArray(0).toProto()).toEqual({ bits: 0n, elems: [] });
  });

  test('fromProto validates and masks bits beyond the size', () => {
    expect(() => BitArray.fromProto({ bits: 65n, elems: [1n] })).toThrow(ValidationError);
    expect(() => BitArray.fromProto({ bits: -1n, elems: [] })).toThrow(ValidationError);
    expect(() => BitArray.fromProto({ bits: 100n, elems: [0n, 0n] }, 64)).toThrow(ValidationError);
    const garbage = BitArray.fromProto({ bits: 3n, elems: [0xffn] });
    expect(garbage.trueIndices()).toEqual([0, 1, 2]);
    expect(garbage.isFull()).toBe(true);
    expect(garbage.toProto()).toEqual({ bits: 3n, elems: [7n] });
    const roundTrip = BitArrayProto.decode(BitArrayProto.encode(garbage.toProto()));
    expect(BitArray.fromProto(roundTrip).equals(garbage)).toBe(true);
  });

  test('or/and/sub/not agree with per-bit logic (property)', () => {
    fc.assert(
      fc.property(arrays, arrays, (a, b) => {
        const A = bitsOf(a);
        const B = bitsOf(b);
        const and = a.and(b);
        expect(and.size).toBe(Math.min(a.size, b.size));
        expect(bitsOf(and)).toEqual(A.slice(0, and.size).map((x, i) => x && B[i]!));
        const sub = a.sub(b);
        expect(sub.size).toBe(a.size);
        expect(bitsOf(sub)).toEqual(A.map((x, i) => x && !(B[i] ?? false)));
        const not = a.not();
        expect(bitsOf(not)).toEqual(A.map((x) => !x));
        expect(not.not().equals(a)).toBe(true);
        const or = a.or(b);
        expect(or.size).toBe(Math.max(a.size, b.size));
        // Go merges only the 64-bit words both arrays have; beyond that the result is `a`'s bits.
        const shared = Math.min(Math.ceil(a.size / 64), Math.ceil(b.size / 64)) * 64;
        expect(bitsOf(or)).toEqual(Array.from({ length: or.size }, (_, i) => (A[i] ?? false) || (i < shared && (B[i] ?? false))));
        expect(a.copy().equals(a)).toBe(true);
        expect(a.isEmpty()).toBe(A.every((x) => !x));
        expect(a.isFull()).toBe(A.every((x) => x));
        expect(BitArray.fromProto(a.toProto()).equals(a)).toBe(true);
        expect(BitArray.fromBitString(a.toBitString()).equals(a)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  test('update copies words from the start, keeping the size', () => {
    const a = new BitArray(10);
    a.update(BitArray.fromIndices(100, [1, 9, 10, 99]));
    expect(a.trueIndices()).toEqual([1, 9]);
  });

  test('pickRandom uses the injected source and only returns set bits', () => {
    const b = BitArray.fromIndices(50, [3, 17, 42]);
    expect(b.pickRandom(() => 0)).toBe(3);
    expect(b.pickRandom(() => 0.5)).toBe(17);
    expect(b.pickRandom(() => 0.9999)).toBe(42);
    expect(new BitArray(50).pickRandom(() => 0)).toBeUndefined();
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(b.pickRandom()!);
    expect([...seen].sort((x, y) => x - y)).toEqual([3, 17, 42]);
  });
});
