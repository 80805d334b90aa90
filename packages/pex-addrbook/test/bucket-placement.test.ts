import { createHash } from 'node:crypto';
import { addressGroupKey } from '@cometts/types';
import { describe, expect, it } from 'vitest';
import { AddrBook, newBucketIndex, oldBucketIndex } from '../src/index.js';
import { FakeClock, addr, seededRandom } from './helpers.js';

const KEY = '0123456789abcdef01234567';

/** The doc's H: SHA-256, first 8 bytes as a big-endian uint64 (computed with BigInt, independently of the implementation). */
function H(...parts: (string | Buffer)[]): bigint {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest().readBigUInt64BE(0);
}

function be64(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(n);
  return b;
}

const docNewBucket = (key: string, g: string, srcG: string) => Number(H(key, srcG, be64(H(key, g, srcG) % 32n)) % 256n);
const docOldBucket = (key: string, g: string, s: string) => Number(H(key, g, be64(H(key, s) % 4n)) % 64n);

describe('bucket placement (pex.md §5)', () => {
  it('new and old bucket indices follow the documented formulas', () => {
    const groups = ['1.2.0.0', '5.6.0.0', 'local', 'unroutable', 'tor:7', '2001:db9::', '2001:470:1000::'];
    for (const g of groups) {
      for (const s of groups) {
        expect(newBucketIndex(KEY, g, s)).toBe(docNewBucket(KEY, g, s));
      }
      const str = `${'ab'.repeat(20)}@1.2.3.4:26656`;
      expect(oldBucketIndex(KEY, g, str)).toBe(docOldBucket(KEY, g, str));
    }
  });

  it('the book puts an address where the formula says, and moves it to the computed old bucket on markGood', () => {
    const book = new AddrBook({ key: KEY, clock: new FakeClock(), random: seededRandom(1) });
    const src = addr('src', '5.6.7.8');
    for (let i = 0; i < 50; i++) {
      const a = addr(i, `${11 + i}.${i}.3.4`);
      book.addAddress(a, src);
      const entry = book.getEntry(a.id)!;
      expect(entry.bucketType).toBe('new');
      expect(entry.buckets).toEqual([docNewBucket(KEY, addressGroupKey(a, true), addressGroupKey(src, true))]);
      book.markGood(a.id);
      const good = book.getEntry(a.id)!;
      expect(good.bucketType).toBe('old');
      expect(good.buckets).toEqual([docOldBucket(KEY, addressGroupKey(a, true), a.toString())]);
    }
  });

  it('groups by /16: all addresses of one /16 from one source share a single new bucket', () => {
    const book = new AddrBook({ key: KEY, clock: new FakeClock(), random: seededRandom(2) });
    const src = addr('src', '5.6.7.8');
    const buckets = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const a = addr(i, `20.30.${i}.${i + 1}`);
      book.addAddress(a, src);
      buckets.add(book.getEntry(a.id)!.buckets[0]!);
    }
    expect(buckets.size).toBe(1);
  });

  it('a different key gives a different placement', () => {
    const keys = ['aaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbb', 'cccccccccccccccccccccccc', 'dddddddddddddddddddddddd'];
    const placements = new Set(keys.map((k) => newBucketIndex(k, '1.2.0.0', '5.6.0.0')));
    expect(placements.size).toBeGreaterThan(1);
  });
});
