import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  BLOCK_PART_SIZE_BYTES,
  IncompletePartSetError,
  InvalidPartProofError,
  InvalidPartSetHeaderError,
  Part,
  PartSet,
  UnexpectedPartIndexError,
  merkleRoot,
} from '../../src/index.js';

function collect(source: PartSet, order: number[]): PartSet {
  const target = PartSet.fromHeader(source.header());
  for (const i of order) expect(target.addPart(source.getPart(i)!)).toBe(true);
  return target;
}

describe('PartSet', () => {
  test('splits into 64 KiB parts whose hash is the merkle root of the chunks', () => {
    const data = new Uint8Array(randomBytes(BLOCK_PART_SIZE_BYTES * 2 + 100));
    const set = PartSet.fromData(data);
    expect(set.total).toBe(3);
    expect(set.isComplete()).toBe(true);
    expect(set.getPart(0)!.bytes.length).toBe(BLOCK_PART_SIZE_BYTES);
    expect(set.getPart(2)!.bytes.length).toBe(100);
    expect(set.hash).toEqual(merkleRoot([0, 1, 2].map((i) => set.getPart(i)!.bytes)));
    // Every part is a valid wire Part (Part.ValidateBasic holds).
    for (let i = 0; i < 3; i++) expect(Part.isValid(set.getPart(i))).toBe(true);
    expect(set.assemble()).toEqual(data);
  });

  test('round trip through the header in any order, via the wire encoding (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 32, max: 1000 }), fc.infiniteStream(fc.nat()), (len, partSize, rnd) => {
        const data = new Uint8Array(randomBytes(len));
        const source = PartSet.fromData(data, partSize);
        const order = [...Array(source.total).keys()];
        const it = rnd[Symbol.iterator]();
        for (let i = order.length - 1; i > 0; i--) {
          const j = it.next().value! % (i + 1);
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
        const target = PartSet.fromHeader(source.header());
        for (const i of order) {
          const wire = Part.decodeUnvalidated(Part.encode(source.getPart(i)!));
          expect(target.addPart(wire)).toBe(true);
          expect(target.bitArray().get(i)).toBe(true);
        }
        expect(target.isComplete()).toBe(true);
        expect(target.byteSize).toBe(len);
        expect(target.assemble()).toEqual(data);
      }),
      { numRuns: 40 },
    );
  });

  test('duplicates are ignored, foreign or tampered parts are typed errors', () => {
    const source = PartSet.fromData(new Uint8Array(randomBytes(5000)), 1000);
    const target = collect(source, [0]);
    expect(target.addPart(source.getPart(0)!)).toBe(false);
    expect(target.count).toBe(1);

    const p1 = source.getPart(1)!;
    const tampered = { ...p1, bytes: p1.bytes.map((b, i) => (i === 0 ? b ^ 1 : b)) };
    expect(() => target.addPart(tampered)).toThrow(InvalidPartProofError);
    expect(() => target.addPart({ ...p1, index: 7 })).toThrow(UnexpectedPartIndexError);
    expect(() => target.addPart({ ...p1, proof: { ...p1.proof, total: 6n } })).toThrowError(expect.objectContaining({ reason: 'PROOF_TOTAL_MISMATCH' }));
    expect(() => target.addPart({ ...p1, index: 2 })).toThrowError(expect.objectContaining({ reason: 'PROOF_INDEX_MISMATCH' }));
    const other = PartSet.fromData(new Uint8Array(randomBytes(5000)), 1000);
    expect(() => target.addPart(other.getPart(1)!)).toThrowError(expect.objectContaining({ code: 'PART_SET_INVALID_PROOF', reason: 'ROOT_MISMATCH' }));
    expect(target.count).toBe(1);
    expect(target.isComplete()).toBe(false);
    expect(() => target.assemble()).toThrow(IncompletePartSetError);
  });

  test('headers that cannot be collected are refused', () => {
    expect(() => PartSet.fromHeader({ total: 1, hash: new Uint8Array(3) })).toThrow(InvalidPartSetHeaderError);
    expect(() => PartSet.fromHeader({ total: 2 ** 32 - 1, hash: new Uint8Array(32) })).toThrow(InvalidPartSetHeaderError);
  });

  test('hasHeader compares total and hash', () => {
    const set = PartSet.fromData(new Uint8Array(10));
    expect(set.hasHeader(set.header())).toBe(true);
    expect(set.hasHeader({ total: 2, hash: set.hash })).toBe(false);
  });
});
