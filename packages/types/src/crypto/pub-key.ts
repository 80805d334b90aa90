/**
 * Operations on a tendermint.crypto.PublicKey: its address and signature
 * verification. Ed25519 is the validator key type in practice; secp256k1 is
 * supported because genesis and validator updates may use it.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import type { PublicKey } from '../messages/crypto-keys.js';
import { addressFromPubKey, sha256 } from './hash.js';
import { verifyEd25519 } from './ed25519.js';

/** The 20-byte address: sha256 prefix for ed25519, RIPEMD160(SHA256) for secp256k1. */
export function pubKeyAddress(key: PublicKey): Uint8Array {
  if (key.case === 'ed25519') return addressFromPubKey(key.value);
  return ripemd160(sha256(key.value));
}

/**
 * Verifies a signature under `key` with CometBFT's rules: ZIP-215 for
 * ed25519; for secp256k1 a 64-byte r‖s over sha256(message) with low S.
 */
export function verifyWithPubKey(key: PublicKey, message: Uint8Array, signature: Uint8Array): boolean {
  if (key.case === 'ed25519') return verifyEd25519(key.value, message, signature);
  if (signature.length !== 64) return false;
  try {
    return secp256k1.verify(signature, message, key.value, { prehash: true, lowS: true, format: 'compact' });
  } catch {
    return false;
  }
}

/** The CometBFT key type name of a public key (as in genesis and ABCI params). */
export function pubKeyTypeName(key: PublicKey): 'ed25519' | 'secp256k1' {
  return key.case;
}
