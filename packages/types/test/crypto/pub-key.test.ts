import { createHash } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, test } from 'vitest';
import { Ed25519PrivateKey, pubKeyAddress, verifyWithPubKey } from '../../src/index.js';
import { hex } from '../../../../testing/vectors.js';

describe('public keys', () => {
  const msg = new TextEncoder().encode('sign me');

  test('ed25519: address is the first 20 bytes of sha256(pubkey)', () => {
    const key = Ed25519PrivateKey.fromSeed(new Uint8Array(32));
    const pk = { case: 'ed25519' as const, value: key.publicKey };
    expect(hex(pubKeyAddress(pk))).toBe(hex(createHash('sha256').update(key.publicKey).digest().subarray(0, 20)));
    expect(verifyWithPubKey(pk, msg, key.sign(msg))).toBe(true);
  });

  test('secp256k1: r‖s over sha256(msg), low S only', () => {
    const secret = new Uint8Array(32).fill(3);
    const pub = secp256k1.getPublicKey(secret, true);
    const pk = { case: 'secp256k1' as const, value: pub };
    const sig = secp256k1.sign(msg, secret, { prehash: true, lowS: true });
    expect(verifyWithPubKey(pk, msg, sig)).toBe(true);
    // The malleated (high-S) twin is refused, as CometBFT does.
    const n = secp256k1.Point.Fn.ORDER;
    const s = BigInt(`0x${hex(sig.subarray(32))}`);
    const high = new Uint8Array([...sig.subarray(0, 32), ...Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex')]);
    expect(verifyWithPubKey(pk, msg, high)).toBe(false);
    expect(verifyWithPubKey(pk, msg, sig.subarray(0, 63))).toBe(false);
    expect(pubKeyAddress(pk)).toHaveLength(20);
  });
});
