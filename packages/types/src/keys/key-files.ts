/**
 * `config/node_key.json` and `config/priv_validator_key.json` in CometBFT's
 * exact format (cmtjson): parse and serialize only, no file I/O. Output is
 * byte-identical to what CometBFT writes (node key compact, validator key
 * indented by two spaces, neither with a trailing newline).
 */
import { Ed25519PrivateKey } from '../crypto/ed25519.js';
import { nodeIdFromPubKey, type NodeId } from '../crypto/node-id.js';
import { InvalidInputError } from '../errors.js';
import type { PublicKey } from '../messages/crypto-keys.js';
import { KeyFileError, PRIV_KEY_ED25519, decodeBase64, encodeBase64, pubKeyFromJson, pubKeyToJson, readTypedKey } from './key-json.js';

export const NODE_KEY_FILE = 'node_key.json';
export const PRIV_VALIDATOR_KEY_FILE = 'priv_validator_key.json';

function parseDocument(text: string, file: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new KeyFileError(file, '', `not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new KeyFileError(file, '', 'expected a JSON object');
  return json as Record<string, unknown>;
}

/** An Ed25519 private key from `{"type":"tendermint/PrivKeyEd25519","value":"<base64 seed‖pubkey>"}`. */
export function privKeyFromJson(json: unknown, file: string, field: string): Ed25519PrivateKey {
  if (json === undefined || json === null) throw new KeyFileError(file, field, 'missing private key');
  const { type, value } = readTypedKey(json, file, field);
  if (type !== PRIV_KEY_ED25519) throw new KeyFileError(file, `${field}.type`, `unsupported private key type ${JSON.stringify(type)}`);
  const bytes = decodeBase64(value, file, `${field}.value`);
  try {
    return Ed25519PrivateKey.fromGoPrivateKey(bytes);
  } catch (err) {
    if (err instanceof InvalidInputError) throw new KeyFileError(file, `${field}.value`, err.reason, { cause: err });
    throw err;
  }
}

export function privKeyToJson(key: Ed25519PrivateKey): { type: string; value: string } {
  return { type: PRIV_KEY_ED25519, value: encodeBase64(key.toGoPrivateKey()) };
}

export interface NodeKey {
  privateKey: Ed25519PrivateKey;
  nodeId: NodeId;
}

/** Parses node_key.json; the node ID is derived from the key. Throws KeyFileError. */
export function parseNodeKeyJson(text: string): NodeKey {
  const doc = parseDocument(text, NODE_KEY_FILE);
  const privateKey = privKeyFromJson(doc.priv_key, NODE_KEY_FILE, 'priv_key');
  return { privateKey, nodeId: nodeIdFromPubKey(privateKey.publicKey) };
}

/** node_key.json exactly as CometBFT writes it. */
export function serializeNodeKeyJson(key: Ed25519PrivateKey): string {
  return JSON.stringify({ priv_key: privKeyToJson(key) });
}

export interface PrivValidatorKey {
  /** 20-byte address, recomputed from the private key. */
  address: Uint8Array;
  /** Public key, recomputed from the private key. */
  pubKey: PublicKey;
  privateKey: Ed25519PrivateKey;
}

/**
 * Parses priv_validator_key.json. As CometBFT does on load, `address` and
 * `pub_key` are recomputed from `priv_key`; the file's values need only be
 * well-formed. Throws KeyFileError.
 */
export function parsePrivValidatorKeyJson(text: string): PrivValidatorKey {
  const file = PRIV_VALIDATOR_KEY_FILE;
  const doc = parseDocument(text, file);
  if (doc.address !== undefined && (typeof doc.address !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(doc.address))) {
    throw new KeyFileError(file, 'address', 'expected a hex string');
  }
  if (doc.pub_key !== undefined && doc.pub_key !== null) pubKeyFromJson(doc.pub_key, file, 'pub_key');
  const privateKey = privKeyFromJson(doc.priv_key, file, 'priv_key');
  return { address: privateKey.address, pubKey: { case: 'ed25519', value: privateKey.publicKey }, privateKey };
}

/** priv_validator_key.json exactly as CometBFT writes it. */
export function serializePrivValidatorKeyJson(key: Ed25519PrivateKey): string {
  const doc = {
    address: Buffer.from(key.address).toString('hex').toUpperCase(),
    pub_key: pubKeyToJson({ case: 'ed25519', value: key.publicKey }),
    priv_key: privKeyToJson(key),
  };
  return JSON.stringify(doc, null, 2);
}
