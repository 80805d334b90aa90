/**
 * Ed25519 keys with CometBFT's verification rule (ZIP-215). OpenSSL (via
 * node:crypto) is fast and everything it accepts is ZIP-215-valid, so it is
 * asked first; only its rejections are re-checked with @noble/curves in
 * ZIP-215 mode, which also accepts non-canonical points and cofactored
 * equations but still rejects a non-canonical S.
 */
import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { InvalidInputError } from '../errors.js';
import { addressFromPubKey } from './hash.js';

export const ED25519_SEED_SIZE = 32;
export const ED25519_PUBKEY_SIZE = 32;
export const ED25519_SIGNATURE_SIZE = 64;

// DER prefixes of PKCS#8 private and SPKI public Ed25519 keys.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const publicKeyCache = new Map<string, KeyObject>();
const PUBLIC_KEY_CACHE_LIMIT = 4096;

function publicKeyObject(pubKey: Uint8Array): KeyObject {
  const cacheKey = Buffer.from(pubKey).toString('latin1');
  let key = publicKeyCache.get(cacheKey);
  if (key === undefined) {
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, pubKey]), format: 'der', type: 'spki' });
    if (publicKeyCache.size >= PUBLIC_KEY_CACHE_LIMIT) publicKeyCache.clear();
    publicKeyCache.set(cacheKey, key);
  }
  return key;
}

/** Verifies an Ed25519 signature with CometBFT's (ZIP-215) acceptance rule. */
export function verifyEd25519(pubKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (pubKey.length !== ED25519_PUBKEY_SIZE || signature.length !== ED25519_SIGNATURE_SIZE) return false;
  try {
    if (verify(null, message, publicKeyObject(pubKey), signature)) return true;
  } catch {
    // OpenSSL refuses some encodings ZIP-215 accepts (e.g. non-canonical points).
  }
  try {
    return ed25519.verify(signature, message, pubKey, { zip215: true });
  } catch {
    return false;
  }
}

/**
 * A verifier for one public key that is used many times (validators): the
 * OpenSSL KeyObject is built once, so each call skips the key cache. Same
 * acceptance rule as verifyEd25519.
 */
export function ed25519Verifier(pubKey: Uint8Array): (message: Uint8Array, signature: Uint8Array) => boolean {
  if (pubKey.length !== ED25519_PUBKEY_SIZE) return () => false;
  const bytes = new Uint8Array(pubKey);
  let key: KeyObject | undefined;
  try {
    // Shared cache: validator sets are copied every height, and each copy builds fresh verifiers.
    key = publicKeyObject(bytes);
  } catch {
    // OpenSSL refuses some encodings ZIP-215 accepts; every check then goes to the fallback.
  }
  return (message, signature) => {
    if (signature.length !== ED25519_SIGNATURE_SIZE) return false;
    if (key !== undefined) {
      try {
        if (verify(null, message, key, signature)) return true;
      } catch {
        // Fall through to the ZIP-215 check.
      }
    }
    try {
      return ed25519.verify(signature, message, bytes, { zip215: true });
    } catch {
      return false;
    }
  };
}

/** An Ed25519 private key held as its 32-byte seed. */
export class Ed25519PrivateKey {
  readonly publicKey: Uint8Array;
  private readonly keyObject: KeyObject;

  private constructor(readonly seed: Uint8Array) {
    this.keyObject = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    const spki = createPublicKey(this.keyObject).export({ format: 'der', type: 'spki' });
    this.publicKey = new Uint8Array(spki.subarray(SPKI_PREFIX.length));
  }

  static fromSeed(seed: Uint8Array): Ed25519PrivateKey {
    if (seed.length !== ED25519_SEED_SIZE) throw new InvalidInputError('ed25519 seed', `expected 32 bytes, got ${seed.length}`);
    return new Ed25519PrivateKey(new Uint8Array(seed));
  }

  /** Go's 64-byte private key form: seed ‖ public key (as in CometBFT key files). */
  static fromGoPrivateKey(bytes: Uint8Array): Ed25519PrivateKey {
    if (bytes.length !== 64) throw new InvalidInputError('ed25519 private key', `expected 64 bytes, got ${bytes.length}`);
    const key = Ed25519PrivateKey.fromSeed(bytes.subarray(0, 32));
    if (Buffer.compare(key.publicKey, bytes.subarray(32)) !== 0) {
      throw new InvalidInputError('ed25519 private key', 'public half does not match the seed');
    }
    return key;
  }

  static generate(): Ed25519PrivateKey {
    return new Ed25519PrivateKey(new Uint8Array(randomBytes(32)));
  }

  /** seed ‖ public key, the 64 bytes Go and CometBFT key files use. */
  toGoPrivateKey(): Uint8Array {
    const out = new Uint8Array(64);
    out.set(this.seed, 0);
    out.set(this.publicKey, 32);
    return out;
  }

  sign(message: Uint8Array): Uint8Array {
    return new Uint8Array(sign(null, message, this.keyObject));
  }

  get address(): Uint8Array {
    return addressFromPubKey(this.publicKey);
  }
}
