/**
 * Bucket placement (pex.md §5). H is a keyed 64-bit hash: the first 8 bytes of
 * SHA-256 read as a big-endian uint64, over `key ‖ …` where key is the book's
 * 24-hex-character key as ASCII. Every modulus here is a power of two ≤ 256,
 * so `H mod m` is the low byte of the uint64 masked with m − 1.
 */
import { createHash } from 'node:crypto';
import { NEW_BUCKET_COUNT, NEW_BUCKETS_PER_GROUP, OLD_BUCKET_COUNT, OLD_BUCKETS_PER_GROUP } from './params.js';

function hashMod(modulus: number, parts: readonly (string | Uint8Array)[]): number {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  const digest = h.digest();
  // byte 7 is the least significant byte of the big-endian uint64 in bytes 0..7
  return digest[7]! & (modulus - 1);
}

/** BE64(n) for a small non-negative n. */
function be64(n: number): Uint8Array {
  const out = new Uint8Array(8);
  out[7] = n & 0xff;
  out[6] = (n >>> 8) & 0xff;
  return out;
}

/** new bucket = H(key ‖ group(src) ‖ BE64(H(key ‖ group(addr) ‖ group(src)) mod 32)) mod 256 */
export function newBucketIndex(key: string, addrGroup: string, srcGroup: string): number {
  const inGroup = hashMod(NEW_BUCKETS_PER_GROUP, [key, addrGroup, srcGroup]);
  return hashMod(NEW_BUCKET_COUNT, [key, srcGroup, be64(inGroup)]);
}

/** old bucket = H(key ‖ group(addr) ‖ BE64(H(key ‖ addr.String()) mod 4)) mod 64 */
export function oldBucketIndex(key: string, addrGroup: string, addrString: string): number {
  const inGroup = hashMod(OLD_BUCKETS_PER_GROUP, [key, addrString]);
  return hashMod(OLD_BUCKET_COUNT, [key, addrGroup, be64(inGroup)]);
}
