/** SHA-256 and address derivation on node:crypto (fastest here). */
import { createHash, hash } from 'node:crypto';

export function sha256(...chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) {
    const out = hash('sha256', chunks[0]!, 'buffer');
    return new Uint8Array(out.buffer, out.byteOffset, 32);
  }
  const h = createHash('sha256');
  for (const c of chunks) h.update(c);
  const out = h.digest();
  return new Uint8Array(out.buffer, out.byteOffset, 32);
}

/** CometBFT address: the first 20 bytes of SHA-256 of the public key. */
export function addressFromPubKey(pubKey: Uint8Array): Uint8Array {
  return sha256(pubKey).slice(0, 20);
}
