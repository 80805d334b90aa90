/**
 * The two handshake messages: the cleartext ephemeral key
 * (google.protobuf.BytesValue) and the encrypted AuthSigMessage, with the
 * checks CometBFT applies to the peer's copies.
 */
import { AuthSigMessage, DecodeError, f, message, verifyEd25519, type Ed25519PrivateKey } from '@cometts/types';
import { AuthFailureError, InvalidEphemeralKeyError, MalformedHandshakeMessageError } from './errors.js';
import { X25519_KEY_SIZE } from './keys.js';

/** google.protobuf.BytesValue, the wrapper of the ephemeral public key. */
const BytesValue = message('BytesValue', { value: f.bytes(1) });

/** The 35-byte wire message `22 0a 20 <pub32>`. */
export function encodeEphemeralMessage(publicKey: Uint8Array): Uint8Array {
  return BytesValue.encodeDelimited({ value: publicKey });
}

/** The peer's ephemeral key from its BytesValue body; real nodes always send 32 bytes. */
export function decodeEphemeralMessage(body: Uint8Array): Uint8Array {
  let value: Uint8Array;
  try {
    value = BytesValue.decode(body).value;
  } catch (err) {
    throw new MalformedHandshakeMessageError((err as Error).message, { cause: err });
  }
  if (value.length !== X25519_KEY_SIZE) throw new InvalidEphemeralKeyError(`expected 32 bytes, got ${value.length}`);
  return value;
}

/** Our delimited AuthSigMessage: our public key and our signature of the challenge. */
export function encodeAuthMessage(identity: Ed25519PrivateKey, challenge: Uint8Array): Uint8Array {
  return AuthSigMessage.encodeDelimited({
    pubKey: { case: 'ed25519', value: identity.publicKey },
    sig: identity.sign(challenge),
  });
}

/** Checks the peer's AuthSigMessage body against the challenge; returns its Ed25519 key. */
export function verifyAuthMessage(body: Uint8Array, challenge: Uint8Array): Uint8Array {
  let auth: AuthSigMessage;
  try {
    auth = AuthSigMessage.decodeUnvalidated(body);
  } catch (err) {
    const reason = err instanceof DecodeError ? err.reason : (err as Error).message;
    throw new AuthFailureError(`malformed AuthSigMessage: ${reason}`, { cause: err });
  }
  if (auth.pubKey.case !== 'ed25519') throw new AuthFailureError(`expected ed25519 pubkey, got ${auth.pubKey.case}`);
  const pubKey = auth.pubKey.value;
  if (pubKey.length !== 32) throw new AuthFailureError(`ed25519 pubkey must be 32 bytes, got ${pubKey.length}`);
  if (auth.sig.length !== 64) throw new AuthFailureError(`signature must be 64 bytes, got ${auth.sig.length}`);
  if (!verifyEd25519(pubKey, challenge, auth.sig)) throw new AuthFailureError('challenge verification failed');
  return pubKey;
}
