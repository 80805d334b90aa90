/**
 * Key agreement for the handshake: ephemeral X25519 on node:crypto, ordering
 * of the two ephemeral keys, and the HKDF-SHA256 split into send/recv keys.
 */
import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, type KeyObject } from 'node:crypto';
import { HKDF_INFO } from './constants.js';
import { InvalidEphemeralKeyError, LowOrderPointError } from './errors.js';

// DER prefixes of PKCS#8 private and SPKI public X25519 keys (RFC 8410).
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

export const X25519_KEY_SIZE = 32;

export interface EphemeralKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: Uint8Array;
}

/** A fresh ephemeral key pair, or the one given by `privateKey` (tests). */
export function ephemeralKeyPair(privateKey?: Uint8Array): EphemeralKeyPair {
  let key: KeyObject;
  if (privateKey === undefined) {
    key = generateKeyPairSync('x25519').privateKey;
  } else {
    if (privateKey.length !== X25519_KEY_SIZE) {
      throw new RangeError(`ephemeral private key must be 32 bytes, got ${privateKey.length}`);
    }
    key = createPrivateKey({ key: Buffer.concat([PKCS8_X25519_PREFIX, privateKey]), format: 'der', type: 'pkcs8' });
  }
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return { privateKey: key, publicKey: new Uint8Array(spki.subarray(SPKI_X25519_PREFIX.length)) };
}

/** Orders the two ephemeral keys bytewise; equal keys would make both sides "least". */
export function sortEphemeralKeys(local: Uint8Array, remote: Uint8Array): { lo: Uint8Array; hi: Uint8Array; localIsLeast: boolean } {
  const order = Buffer.compare(local, remote);
  if (order === 0) throw new InvalidEphemeralKeyError('equals our own ephemeral key');
  return order < 0 ? { lo: local, hi: remote, localIsLeast: true } : { lo: remote, hi: local, localIsLeast: false };
}

function isAllZero(bytes: Uint8Array): boolean {
  let acc = 0;
  for (const b of bytes) acc |= b;
  return acc === 0;
}

/** X25519(ours, theirs); a low-order remote point (all-zero secret) is rejected. */
export function sharedSecret(local: EphemeralKeyPair, remotePublicKey: Uint8Array): Uint8Array {
  if (remotePublicKey.length !== X25519_KEY_SIZE) {
    throw new InvalidEphemeralKeyError(`expected 32 bytes, got ${remotePublicKey.length}`);
  }
  const publicKey = createPublicKey({
    key: Buffer.concat([SPKI_X25519_PREFIX, remotePublicKey]),
    format: 'der',
    type: 'spki',
  });
  let secret: Buffer;
  try {
    secret = diffieHellman({ privateKey: local.privateKey, publicKey });
  } catch {
    // OpenSSL itself refuses to return the all-zero result of a low-order point.
    throw new LowOrderPointError();
  }
  if (isAllZero(secret)) throw new LowOrderPointError();
  return new Uint8Array(secret);
}

/** HKDF-SHA256(dh, no salt, info) split by which side holds the lower ephemeral key. */
export function deriveSecrets(dhSecret: Uint8Array, localIsLeast: boolean): { sendKey: Uint8Array; recvKey: Uint8Array } {
  const okm = new Uint8Array(hkdfSync('sha256', dhSecret, new Uint8Array(0), HKDF_INFO, 64));
  const first = okm.slice(0, 32);
  const second = okm.slice(32, 64);
  return localIsLeast ? { recvKey: first, sendKey: second } : { sendKey: first, recvKey: second };
}
