import { describe, expect, test } from 'vitest';
import {
  BLOCK_PROTOCOL_VERSION,
  DecodeError,
  DefaultNodeInfo,
  P2P_PROTOCOL_VERSION,
  ValidationError,
  isPrintableAscii,
} from '../src/index.js';
import { hasVectors, hex, readVectorJson, unhex } from '../../../testing/vectors.js';

const ID = '56475aa75463474c0285df5dbf2bcab73da65135';

function sample(overrides: Partial<DefaultNodeInfo> = {}): DefaultNodeInfo {
  return DefaultNodeInfo.create({
    protocolVersion: { p2p: P2P_PROTOCOL_VERSION, block: BLOCK_PROTOCOL_VERSION, app: 0n },
    defaultNodeId: ID,
    listenAddr: 'tcp://0.0.0.0:26656',
    network: 'test-chain',
    version: '0.38.17',
    channels: unhex('40202122233038606100'),
    moniker: 'node-a',
    other: { txIndex: 'on', rpcAddress: 'tcp://127.0.0.1:26657' },
    ...overrides,
  });
}

function ruleOf(info: DefaultNodeInfo): string | undefined {
  try {
    DefaultNodeInfo.validate(info);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).rule;
  }
}

describe.skipIf(!hasVectors)('DefaultNodeInfo conformance', () => {
  test('byte-exact round trip of the handshake vector (frame with nonce 1)', () => {
    const vector = readVectorJson('secret-connection-handshake.json');
    const frame = vector.frames.find((f: { nonce_counter: number; sender: string }) => f.sender === 'A' && f.nonce_counter === 1);
    const delimited = unhex(frame.payload_hex);
    expect(hex(DefaultNodeInfo.encodeDelimited(sample()))).toBe(frame.payload_hex);
    // Skip the 2-byte uvarint length prefix (0x8b 0x01 = 139).
    const decoded = DefaultNodeInfo.decode(delimited.subarray(2));
    expect(decoded.defaultNodeId).toBe(vector.derived.A_node_id);
    expect(decoded).toEqual(sample());
  });
});

describe('DefaultNodeInfo', () => {
  test('non-nullable sub-messages are written even when empty', () => {
    const bytes = DefaultNodeInfo.encode(DefaultNodeInfo.create());
    expect(hex(bytes)).toBe('0a00' + '4200');
  });

  test('zero app version is omitted inside protocol_version', () => {
    const bytes = DefaultNodeInfo.encode(sample());
    expect(hex(bytes.subarray(0, 6))).toBe('0a040808100b');
  });

  test('a valid node info passes', () => {
    expect(ruleOf(sample())).toBeUndefined();
    expect(ruleOf(sample({ version: '', other: { txIndex: '', rpcAddress: '' } }))).toBeUndefined();
    expect(ruleOf(sample({ channels: new Uint8Array(16).map((_, i) => i) }))).toBeUndefined();
    expect(ruleOf(sample({ defaultNodeId: ID.toUpperCase() }))).toBeUndefined();
  });

  test.each([
    ['short id', { defaultNodeId: ID.slice(2) }, 'node info id must be 40 hex characters (20 bytes)'],
    ['non-hex id', { defaultNodeId: 'z' + ID.slice(1) }, 'node info id must be 40 hex characters (20 bytes)'],
    ['empty listen address', { listenAddr: '' }, 'node info listen_addr must not be empty'],
    ['version of spaces', { version: '   ' }, 'node info version must be empty or printable ASCII, not only spaces'],
    ['version with a newline', { version: '1.0\n' }, 'node info version must be empty or printable ASCII, not only spaces'],
    ['17 channels', { channels: new Uint8Array(17).map((_, i) => i) }, 'node info may list at most 16 channels'],
    ['duplicate channels', { channels: unhex('202021') }, 'node info channels must be unique'],
    ['empty moniker', { moniker: '' }, 'node info moniker must be printable ASCII, not empty or only spaces'],
    ['moniker of spaces', { moniker: '  ' }, 'node info moniker must be printable ASCII, not empty or only spaces'],
    ['non-ASCII moniker', { moniker: 'nöde' }, 'node info moniker must be printable ASCII, not empty or only spaces'],
    ['bad tx_index', { other: { txIndex: 'yes', rpcAddress: '' } }, 'node info tx_index must be "", "on" or "off"'],
    [
      'control character in rpc address',
      { other: { txIndex: 'on', rpcAddress: 'tcp://\u0007' } },
      'node info rpc_address must be empty or printable ASCII, not only spaces',
    ],
  ] as [string, Partial<DefaultNodeInfo>, string][])('%s is rejected', (_name, overrides, rule) => {
    expect(ruleOf(sample(overrides))).toBe(rule);
  });

  test('decode validates, decodeUnvalidated does not', () => {
    const bytes = DefaultNodeInfo.encode(sample({ moniker: '' }));
    expect(() => DefaultNodeInfo.decode(bytes)).toThrow(ValidationError);
    expect(DefaultNodeInfo.decodeUnvalidated(bytes).moniker).toBe('');
  });

  test('truncated bytes are a DecodeError', () => {
    const bytes = DefaultNodeInfo.encode(sample());
    for (let cut = 1; cut < bytes.length; cut += 7) {
      expect(() => DefaultNodeInfo.decode(bytes.subarray(0, cut))).toThrow(DecodeError);
    }
  });

  test('isPrintableAscii', () => {
    expect(isPrintableAscii(' ~')).toBe(true);
    expect(isPrintableAscii('\u007f')).toBe(false);
    expect(isPrintableAscii('\u001f')).toBe(false);
  });
});
