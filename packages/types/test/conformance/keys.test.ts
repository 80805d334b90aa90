import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  Ed25519PrivateKey,
  nodeIdFromPubKey,
  parseNodeKeyJson,
  parsePrivValidatorKeyJson,
  serializeNodeKeyJson,
  serializePrivValidatorKeyJson,
} from '../../src/index.js';
import { hasVectors, hex, readVectorJson, unhex, vectorPath } from '../../../../testing/vectors.js';

interface NodeIdExample {
  name: string;
  seed_hex?: string;
  pubkey_hex: string;
  node_id: string;
  node_key_json?: unknown;
}

describe.skipIf(!hasVectors)('conformance: node-id.json', () => {
  const file: { examples: NodeIdExample[] } = hasVectors ? readVectorJson('node-id.json') : { examples: [] };
  const keyed = file.examples.filter((e) => e.seed_hex !== undefined);

  test.each(keyed.map((e) => [e.name, e] as const))('%s', (_name, e) => {
    const key = Ed25519PrivateKey.fromSeed(unhex(e.seed_hex!));
    expect(hex(key.publicKey)).toBe(e.pubkey_hex);
    expect(nodeIdFromPubKey(key.publicKey)).toBe(e.node_id);
    if (e.node_key_json) {
      const text = JSON.stringify(e.node_key_json);
      expect(serializeNodeKeyJson(key)).toBe(text);
      const parsed = parseNodeKeyJson(text);
      expect(parsed.nodeId).toBe(e.node_id);
      expect(hex(parsed.privateKey.seed)).toBe(e.seed_hex);
    }
  });
});

describe.skipIf(!hasVectors)('conformance: home-v0.38.25 key files', () => {
  const read = (name: string) => readFileSync(vectorPath('home-v0.38.25', name), 'utf8');

  test('node_key.json gives the node ID cometbft show-node-id printed, and re-serializes byte for byte', () => {
    const text = read('config/node_key.json');
    const nodeId = read('node-id.txt').trim();
    const parsed = parseNodeKeyJson(text);
    expect(parsed.nodeId).toBe(nodeId);
    // CometBFT writes the file without a trailing newline.
    expect(text.endsWith('\n')).toBe(false);
    expect(serializeNodeKeyJson(parsed.privateKey)).toBe(text);
  });

  test('priv_validator_key.json parses and re-serializes byte for byte', () => {
    const text = read('config/priv_validator_key.json');
    const parsed = parsePrivValidatorKeyJson(text);
    const doc = JSON.parse(text);
    expect(hex(parsed.address).toUpperCase()).toBe(doc.address);
    expect(Buffer.from(parsed.pubKey.value).toString('base64')).toBe(doc.pub_key.value);
    expect(text.endsWith('\n')).toBe(false);
    expect(serializePrivValidatorKeyJson(parsed.privateKey)).toBe(text);
  });
});
