/**
 * cmtjson's encoding of keys: registered interfaces as
 * `{"type":"tendermint/PubKeyEd25519","value":"<base64>"}`. Used by the key
 * files and by genesis validators.
 */
import { CometError } from '../errors.js';
import type { PublicKey } from '../messages/crypto-keys.js';

export const PUB_KEY_ED25519 = 'tendermint/PubKeyEd25519';
export const PRIV_KEY_ED25519 = 'tendermint/PrivKeyEd25519';
export const PUB_KEY_SECP256K1 = 'tendermint/PubKeySecp256k1';
export const PRIV_KEY_SECP256K1 = 'tendermint/PrivKeySecp256k1';

/** A JSON key document (node_key.json, priv_validator_key.json, a genesis key) that cannot be used. */
export class KeyFileError extends CometError {
  readonly code = 'KEY_FILE_INVALID';
  constructor(
    readonly file: string,
    readonly field: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}${field ? ` (${field})` : ''}: ${reason}`, options);
  }
}

export interface TypedKeyJson {
  type: string;
  value: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Standard padded base64, as Go's encoding/base64 StdEncoding accepts it. */
export function decodeBase64(text: unknown, file: string, field: string): Uint8Array {
  if (typeof text !== 'string') throw new KeyFileError(file, field, 'expected a base64 string');
  if (text.length % 4 !== 0 || !BASE64.test(text)) throw new KeyFileError(file, field, 'not valid padded base64');
  return new Uint8Array(Buffer.from(text, 'base64'));
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');
}

/** Reads `{type, value}` at `field`, checking it is an object with string members. */
export function readTypedKey(json: unknown, file: string, field: string): TypedKeyJson {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new KeyFileError(file, field, 'expected a {"type","value"} object');
  const { type, value } = json as Record<string, unknown>;
  if (typeof type !== 'string') throw new KeyFileError(file, `${field}.type`, 'missing key type');
  if (typeof value !== 'string') throw new KeyFileError(file, `${field}.value`, 'missing key value');
  return { type, value };
}

export function pubKeyToJson(key: PublicKey): TypedKeyJson {
  return { type: key.case === 'ed25519' ? PUB_KEY_ED25519 : PUB_KEY_SECP256K1, value: encodeBase64(key.value) };
}

/** A public key from its cmtjson form; errors name `file` and `field`. */
export function pubKeyFromJson(json: unknown, file: string, field: string): PublicKey {
  const { type, value } = readTypedKey(json, file, field);
  const bytes = decodeBase64(value, file, `${field}.value`);
  if (type === PUB_KEY_ED25519) {
    if (bytes.length !== 32) throw new KeyFileError(file, `${field}.value`, `ed25519 public key must be 32 bytes, got ${bytes.length}`);
    return { case: 'ed25519', value: bytes };
  }
  if (type === PUB_KEY_SECP256K1) {
    if (bytes.length !== 33) throw new KeyFileError(file, `${field}.value`, `secp256k1 public key must be 33 bytes, got ${bytes.length}`);
    return { case: 'secp256k1', value: bytes };
  }
  throw new KeyFileError(file, `${field}.type`, `unsupported public key type ${JSON.stringify(type)}`);
}
