/** A block part with its Merkle proof. */
import { f, message, type Infer } from '../proto/index.js';
import { Proof } from './crypto-keys.js';

/** Blocks are split into parts of this many bytes (the last may be shorter). */
export const BLOCK_PART_SIZE_BYTES = 65536;

export const Part = message(
  'Part',
  {
    index: f.uint32(1),
    bytes: f.bytes(2),
    proof: f.message(3, Proof, { nn: true }),
  },
  [
    [`part must be at most ${BLOCK_PART_SIZE_BYTES} bytes`, (p) => p.bytes.length <= BLOCK_PART_SIZE_BYTES, ['bytes']],
    [
      'every part but the last must be exactly 65536 bytes',
      (p) => BigInt(p.index) >= p.proof.total - 1n || p.bytes.length === BLOCK_PART_SIZE_BYTES,
      ['bytes'],
    ],
    ['part index must equal proof index', (p) => BigInt(p.index) === p.proof.index, ['index']],
  ],
);
export type Part = Infer<typeof Part>;
