/** The kvstore app hash: `size` as a zig-zag varint (Go's binary.PutVarint) in 8 zero bytes. */
import { CometError } from '@cometts/types';

export const APP_HASH_SIZE = 8;

export class AppHashOverflowError extends CometError {
  readonly code = 'KVSTORE_APP_HASH_OVERFLOW';
  constructor(readonly size: bigint) {
    super(`kvstore size ${size} does not fit the 8-byte app hash`);
  }
}

export function appHashForSize(size: bigint): Uint8Array {
  const mask = (1n << 64n) - 1n;
  let ux = (size << 1n) & mask;
  if (size < 0n) ux = ~ux & mask;
  const out = new Uint8Array(APP_HASH_SIZE);
  let i = 0;
  while (ux >= 0x80n) {
    if (i >= APP_HASH_SIZE - 1) throw new AppHashOverflowError(size);
    out[i++] = Number(ux & 0x7fn) | 0x80;
    ux >>= 7n;
  }
  out[i] = Number(ux);
  return out;
}
