/** SHA-256 and address derivation on node:crypto (fastest here). */
import { createHash } from 'node:crypto';

export function sha256(...chunks: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const c of chunks) h.update(c);
  return new Uint8Array(h.digest().buffer, 0, 32);
}

/** CometBFT address: the first 20 bytes of SHA-256 of the public key. */
export function addressFromPubKey(pubKey: Uint8Array): Uint8Array {
  return sha256(pubKey).slice(0, 20);
}
