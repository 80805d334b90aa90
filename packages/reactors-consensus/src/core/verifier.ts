/**
 * Signature verification is injected into the core rather than done by the
 * driver before input: only the core knows which validator (index at which
 * height, proposer of which round) a message must be checked against.
 * Verification is deterministic, so the core stays pure.
 */
import { verifyWithPubKey, type PublicKey } from '@cometts/types';

export type SignatureVerifier = (pubKey: PublicKey, message: Uint8Array, signature: Uint8Array) => boolean;

/** ZIP-215 ed25519 (node:crypto first) and secp256k1, as CometBFT verifies. */
export const defaultVerifier: SignatureVerifier = verifyWithPubKey;
