/** tendermint.libs.bits.BitArray on the wire (the domain class lives in ../bits). */
import { f, message, type Infer } from '../proto/index.js';

/** Largest BitArray a peer may send: enough for any validator set or part set we accept. */
export const MAX_BIT_ARRAY_BITS = 1 << 20;

export const BitArrayProto = message(
  'BitArray',
  {
    bits: f.int64(1),
    elems: f.packedUint64(2),
  },
  [
    ['bit array size must be >= 0', (b) => b.bits >= 0n],
    [`bit array size must be <= ${MAX_BIT_ARRAY_BITS}`, (b) => b.bits <= BigInt(MAX_BIT_ARRAY_BITS)],
    ['bit array elems must hold exactly ceil(bits/64) words', (b) => BigInt(b.elems.length) === (b.bits + 63n) / 64n],
  ],
);
export type BitArrayProto = Infer<typeof BitArrayProto>;
