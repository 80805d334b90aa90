import { describe, expect, test } from 'vitest';
import {
  Ed25519PrivateKey,
  KeyFileError,
  InvalidNodeIdError,
  isValidNodeId,
  nodeIdFromPubKey,
  parseNodeKeyJson,
  parsePrivValidatorKeyJson,
  pubKeyFromJson,
  serializeNodeKeyJson,
  serializePrivValidatorKeyJson,
  validateNodeId,
} from '../../src/index.js';

const key = Ed25519PrivateKey.fromSeed(new Uint8Array(32).fill(9));
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

function keyFileError(fn: () => unknown): KeyFileError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KeyFileError);
    return e as KeyFileError;
  }
  throw new Error('expected a KeyFileError');
}

describe('key files', () => {
  test('round trips', () => {
    const nodeKey = parseNodeKeyJson(serializeNodeKeyJson(key));
    expect(nodeKey.privateKey.seed).toEqual(key.seed);
    expect(nodeKey.nodeId).toBe(nodeIdFromPubKey(key.publicKey));
    const pv = parsePrivValidatorKeyJson(serializePrivValidatorKeyJson(key));
    expect(pv.address).toEqual(key.address);
    expect(serializePrivValidatorKeyJson(pv.privateKey)).toBe(serializePrivValidatorKeyJson(key));
    expect(serializePrivValidatorKeyJson(key)).toMatch(/^\{\n {2}"address": "[0-9A-F]{40}",\n {2}"pub_key": \{\n {4}"type": "tendermint\/PubKeyEd25519",/);
  });

  test('bad input names the file and field', () => {
    expect(keyFileError(() => parseNodeKeyJson('{')).file).toBe('node_key.json');
    expect(keyFileError(() => parseNodeKeyJson('[]')).field).toBe('');
    expect(keyFileError(() => parseNodeKeyJson('{}')).field).toBe('priv_key');
    expect(keyFileError(() => parseNodeKeyJson('{"priv_key":{"type":"tendermint/PrivKeySecp256k1","value":"AA=="}}')).field).toBe('priv_key.type');
    expect(keyFileError(() => parseNodeKeyJson('{"priv_key":{"type":"tendermint/PrivKeyEd25519","value":"not base64!"}}')).field).toBe('priv_key.value');
    expect(keyFileError(() => parseNodeKeyJson(`{"priv_key":{"type":"tendermint/PrivKeyEd25519","value":"${b64(key.seed)}"}}`)).reason).toMatch(/64 bytes/);
    const mismatched = new Uint8Array([...key.seed, ...new Uint8Array(32)]);
    expect(keyFileError(() => parseNodeKeyJson(`{"priv_key":{"type":"tendermint/PrivKeyEd25519","value":"${b64(mismatched)}"}}`)).reason).toMatch(/does not match/);
    const pv = JSON.parse(serializePrivValidatorKeyJson(key));
    const e = keyFileError(() => parsePrivValidatorKeyJson(JSON.stringify({ ...pv, pub_key: { type: 'tendermint/PubKeyEd25519', value: 'AAAA' } })));
    expect([e.file, e.field]).toEqual(['priv_validator_key.json', 'pub_key.value']);
    expect(keyFileError(() => parsePrivValidatorKeyJson(JSON.stringify({ ...pv, address: 'xyz' }))).field).toBe('address');
  });

  test('recomputes address and pub_key from priv_key (file values are ignored)', () => {
    const other = Ed25519PrivateKey.fromSeed(new Uint8Array(32).fill(1));
    const pv = JSON.parse(serializePrivValidatorKeyJson(key));
    const tampered = { ...pv, address: Buffer.from(other.address).toString('hex').toUpperCase(), pub_key: { type: 'tendermint/PubKeyEd25519', value: b64(other.publicKey) } };
    expect(parsePrivValidatorKeyJson(JSON.stringify(tampered)).address).toEqual(key.address);
  });

  test('public keys in cmtjson form', () => {
    expect(pubKeyFromJson({ type: 'tendermint/PubKeyEd25519', value: b64(key.publicKey) }, 'genesis.json', 'validators[0].pub_key')).toEqual({ case: 'ed25519', value: key.publicKey });
    expect(keyFileError(() => pubKeyFromJson({ type: 'tendermint/PubKeySr25519', value: 'AA==' }, 'genesis.json', 'v')).field).toBe('v.type');
    expect(keyFileError(() => pubKeyFromJson('x', 'genesis.json', 'v')).field).toBe('v');
  });
});

describe('node IDs', () => {
  test('validation like validateID', () => {
    expect(isValidNodeId('a'.repeat(40))).toBe(true);
    expect(isValidNodeId('A'.repeat(40))).toBe(true);
    for (const bad of ['', 'a'.repeat(39), 'a'.repeat(42), 'g'.repeat(40), 'a'.repeat(38)]) expect(isValidNodeId(bad)).toBe(false);
    expect(() => validateNodeId('xyz')).toThrow(InvalidNodeIdError);
    expect(() => nodeIdFromPubKey(new Uint8Array(31))).toThrow(InvalidNodeIdError);
  });
});
