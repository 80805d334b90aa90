import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  InvalidMerkleProofError,
  computeRootFromAunts,
  emptyHash,
  innerHash,
  isValidMerkleProof,
  leafHash,
  merkleProofs,
  merkleRoot,
  sha256,
  splitPoint,
  verifyMerkleProof,
  type Proof,
} from '../../src/index.js';
import { hex } from '../../../../testing/vectors.js';

const bytes = (...b: number[]) => new Uint8Array(b);
const leaves = fc.array(fc.uint8Array({ maxLength: 40 }), { minLength: 1, maxLength: 40 });

describe('merkle tree', () => {
  test('CometBFT tree_test.go roots', () => {
    expect(hex(merkleRoot([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(merkleRoot([bytes(1, 2, 3)]))).toBe('054edec1d0211f624fed0cbca9d4f9400b0e491c43742af2c5b0abebf0c990d8');
    expect(hex(merkleRoot([bytes()]))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(hex(merkleRoot([bytes(1, 2, 3), bytes(4, 5, 6)]))).toBe('82e6cfce00453804379b53962939eaa7906b39904be0813fcadd31b100773c4b');
    expect(hex(merkleRoot([bytes(1, 2), bytes(3, 4), bytes(5, 6), bytes(7, 8), bytes(9, 10)]))).toBe(
      'f326493eceab4f2d9ffbc78c59432a0a005d6ea98392045c74df5d14a113be18',
    );
  });

  test('structure: leaf and inner prefixes, split at the largest power of two below n', () => {
    const [a, b, c] = [bytes(1), bytes(2), bytes(3)];
    expect(merkleRoot([a])).toEqual(sha256(bytes(0, 1)));
    expect(merkleRoot([a, b, c])).toEqual(innerHash(innerHash(leafHash(a), leafHash(b)), leafHash(c)));
    expect(emptyHash()).toEqual(sha256());
    expect([2, 3, 4, 5, 8, 9, 100].map(splitPoint)).toEqual([1, 2, 2, 4, 4, 8, 64]);
  });

  test('every proof verifies against the root (property)', () => {
    fc.assert(
      fc.property(leaves, (items) => {
        const { root, proofs } = merkleProofs(items);
        expect(root).toEqual(merkleRoot(items));
        proofs.forEach((p, i) => {
          expect(p.total).toBe(BigInt(items.length));
          expect(p.index).toBe(BigInt(i));
          verifyMerkleProof(p, root, items[i]!);
        });
      }),
      { numRuns: 100 },
    );
  });

  test('a tampered leaf, aunt, index or root fails (property)', () => {
    fc.assert(
      fc.property(leaves, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 }), (items, pick, junk) => {
        const { root, proofs } = merkleProofs(items);
        const i = pick % items.length;
        const proof = proofs[i]!;
        const other = new Uint8Array([...items[i]!, ...junk]);
        expect(isValidMerkleProof(proof, root, other)).toBe(false);
        const badRoot = root.slice();
        badRoot[0]! ^= 1;
        expect(isValidMerkleProof(proof, badRoot, items[i]!)).toBe(false);
        if (proof.aunts.length > 0) {
          const aunts = proof.aunts.map((a) => a.slice());
          aunts[pick % aunts.length]![3]! ^= 0x80;
          expect(isValidMerkleProof({ ...proof, aunts }, root, items[i]!)).toBe(false);
          expect(isValidMerkleProof({ ...proof, aunts: proof.aunts.slice(1) }, root, items[i]!)).toBe(false);
        }
        if (items.length > 1) {
          const j = (i + 1) % items.length;
          // Same leaf claimed at another position (unless the leaves are equal the hash differs anyway).
          expect(isValidMerkleProof({ ...proof, index: BigInt(j), leafHash: leafHash(items[i]!) }, root, items[i]!)).toBe(
            hex(computeRootFromAunts(BigInt(j), proof.total, leafHash(items[i]!), proof.aunts) ?? new Uint8Array()) === hex(root),
          );
        }
        // A different total can imply the same root for a left-side leaf (3 vs 4 leaves), which is
        // why PartSet also checks proof.total against its header; only a total that cannot hold fails.
        expect(isValidMerkleProof({ ...proof, total: BigInt(i) }, root, items[i]!)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  test('compute rule: total 1 takes no aunts; out-of-range positions give nothing', () => {
    const leaf = leafHash(bytes(9));
    expect(computeRootFromAunts(0n, 1n, leaf, [])).toEqual(leaf);
    expect(computeRootFromAunts(0n, 1n, leaf, [leaf])).toBeUndefined();
    expect(computeRootFromAunts(1n, 1n, leaf, [])).toBeUndefined();
    expect(computeRootFromAunts(-1n, 2n, leaf, [leaf])).toBeUndefined();
    expect(computeRootFromAunts(0n, 0n, leaf, [])).toBeUndefined();
    expect(computeRootFromAunts(0n, 2n, leaf, [])).toBeUndefined();
  });

  test('huge claimed totals are handled with bounded work', () => {
    const leaf = leafHash(bytes(1));
    const aunts = Array.from({ length: 100 }, () => leaf);
    expect(computeRootFromAunts(2n ** 62n, 2n ** 63n - 1n, leaf, aunts)).toBeUndefined();
    // Far beyond int64 and far more aunts than a Proof may carry: still no recursion and quick.
    const many = Array.from({ length: 4000 }, () => leaf);
    expect(computeRootFromAunts(3n, 2n ** 4000n, leaf, many)).toBeInstanceOf(Uint8Array);
    expect(computeRootFromAunts(3n, 2n ** 4000n + 1n, leaf, many)).toBeUndefined();
  });

  test('malformed proofs fail with a typed reason', () => {
    const { root, proofs } = merkleProofs([bytes(1), bytes(2)]);
    const reason = (p: Proof) => {
      try {
        verifyMerkleProof(p, root, bytes(1));
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidMerkleProofError);
        return (e as InvalidMerkleProofError).reason;
      }
      return 'ok';
    };
    const p = proofs[0]!;
    expect(reason(p)).toBe('ok');
    expect(reason({ ...p, total: -1n })).toBe('NEGATIVE_TOTAL');
    expect(reason({ ...p, index: -1n })).toBe('NEGATIVE_INDEX');
    expect(reason({ ...p, leafHash: bytes(1) })).toBe('BAD_LEAF_HASH_SIZE');
    expect(reason({ ...p, aunts: Array.from({ length: 101 }, () => p.aunts[0]!) })).toBe('TOO_MANY_AUNTS');
    expect(reason({ ...p, aunts: [bytes(1, 2)] })).toBe('BAD_AUNT_SIZE');
    expect(reason({ ...p, leafHash: leafHash(bytes(2)) })).toBe('LEAF_HASH_MISMATCH');
    expect(reason({ ...p, index: 1n })).toBe('ROOT_MISMATCH');
  });
});
