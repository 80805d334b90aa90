/** tendermint.crypto.PublicKey and the Merkle Proof message. */
import { f, message, oneof, type Infer } from '../proto/index.js';

export const PublicKey = oneof(
  'PublicKey',
  {
    ed25519: f.bytes(1),
    secp256k1: f.bytes(2),
  },
  [
    ['ed25519 public key must be 32 bytes', (k) => k.case !== 'ed25519' || k.value.length === 32],
    ['secp256k1 public key must be 33 bytes', (k) => k.case !== 'secp256k1' || k.value.length === 33],
  ],
);
export type PublicKey = Infer<typeof PublicKey>;

export const MAX_AUNTS = 100;

export const Proof = message(
  'Proof',
  {
    total: f.int64(1),
    index: f.int64(2),
    leafHash: f.bytes(3),
    aunts: f.repeated(f.bytes(4)),
  },
  [
    ['proof total must be >= 0', (p) => p.total >= 0n],
    ['proof index must be >= 0', (p) => p.index >= 0n],
    ['proof leaf_hash must be 32 bytes', (p) => p.leafHash.length === 32],
    [`proof may have at most ${MAX_AUNTS} aunts`, (p) => p.aunts.length <= MAX_AUNTS],
    ['proof aunts must be 32 bytes each', (p) => p.aunts.every((a) => a.length === 32)],
  ],
);
export type Proof = Infer<typeof Proof>;
