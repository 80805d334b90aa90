// ZIP-215: CometBFT accepts every signature that satisfies the cofactored
// equation [8][S]B = [8]R + [8][k]A with S < L, including non-canonical and
// small-order encodings that OpenSSL (cofactorless, canonical-only) refuses.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, test } from 'vitest';
import { Ed25519PrivateKey, ed25519Verifier, verifyEd25519 } from '../../src/index.js';

const Point = ed25519.Point;
const L = Point.Fn.ORDER;
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const leToBig = (b: Uint8Array) => BigInt(`0x${Buffer.from(b).reverse().toString('hex') || '0'}`);
const bigToLe32 = (n: bigint) => new Uint8Array(Buffer.from(n.toString(16).padStart(64, '0'), 'hex').reverse());
const challenge = (r: Uint8Array, a: Uint8Array, m: Uint8Array) =>
  leToBig(createHash('sha512').update(r).update(a).update(m).digest()) % L;

function opensslVerify(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  try {
    return verify(null, msg, createPublicKey({ key: Buffer.concat([SPKI_PREFIX, pub]), format: 'der', type: 'spki' }), sig);
  } catch {
    return false;
  }
}

/** The point of order 2: (0, −1). Adding it changes R without changing [8]R. */
const ORDER_TWO = Point.fromHex('ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');

describe('ed25519 ZIP-215 rule', () => {
  const seed = new Uint8Array(32).fill(7);
  const key = Ed25519PrivateKey.fromSeed(seed);
  const { scalar: a } = ed25519.utils.getExtendedPublicKey(seed);
  const msg = new TextEncoder().encode('zip215 vote sign bytes');

  test('a canonical signature is accepted by both', () => {
    const sig = key.sign(msg);
    expect(opensslVerify(key.publicKey, msg, sig)).toBe(true);
    expect(verifyEd25519(key.publicKey, msg, sig)).toBe(true);
  });

  test('R with a small-order component: OpenSSL rejects, ZIP-215 (and so verifyEd25519) accepts', () => {
    const r = 123456789n;
    const rPrime = Point.BASE.multiply(r).add(ORDER_TWO).toBytes();
    const k = challenge(rPrime, key.publicKey, msg);
    const s = (r + k * a) % L;
    const sig = new Uint8Array([...rPrime, ...bigToLe32(s)]);
    expect(opensslVerify(key.publicKey, msg, sig)).toBe(false);
    expect(verifyEd25519(key.publicKey, msg, sig)).toBe(true);
    expect(ed25519Verifier(key.publicKey)(msg, sig)).toBe(true);
  });

  test('a non-canonical R encoding (identity as y = p + 1): OpenSSL rejects, verifyEd25519 accepts', () => {
    // R = identity, so S = k·a satisfies the equation; OpenSSL compares against the canonical encoding of R.
    const rNonCanonical = new Uint8Array(Buffer.from('eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', 'hex'));
    const k = challenge(rNonCanonical, key.publicKey, msg);
    const sig = new Uint8Array([...rNonCanonical, ...bigToLe32((k * a) % L)]);
    expect(opensslVerify(key.publicKey, msg, sig)).toBe(false);
    expect(verifyEd25519(key.publicKey, msg, sig)).toBe(true);
  });

  test('a small-order public key in a non-canonical encoding (y = p + 1) is accepted', () => {
    // [k]A = 0 for the identity, so S = r with R = [r]B verifies for any message.
    const pub = new Uint8Array(Buffer.from('eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', 'hex'));
    const r = 987654321n;
    const sig = new Uint8Array([...Point.BASE.multiply(r).toBytes(), ...bigToLe32(r)]);
    expect(verifyEd25519(pub, msg, sig)).toBe(true);
    expect(ed25519Verifier(pub)(msg, sig)).toBe(true);
  });

  test('a non-canonical S (S + L) is rejected even though the equation holds', () => {
    const sig = key.sign(msg);
    const s = leToBig(sig.subarray(32));
    const bad = new Uint8Array([...sig.subarray(0, 32), ...bigToLe32(s + L)]);
    expect(verifyEd25519(key.publicKey, msg, bad)).toBe(false);
    expect(ed25519Verifier(key.publicKey)(msg, bad)).toBe(false);
    expect(opensslVerify(key.publicKey, msg, bad)).toBe(false);
  });

  test('wrong lengths and wrong messages are rejected', () => {
    const sig = key.sign(msg);
    expect(verifyEd25519(key.publicKey, new Uint8Array([1, 2, 3]), sig)).toBe(false);
    expect(verifyEd25519(key.publicKey, msg, sig.subarray(0, 63))).toBe(false);
    expect(verifyEd25519(key.publicKey.subarray(0, 31), msg, sig)).toBe(false);
  });
});
