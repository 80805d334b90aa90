import { describe, expect, test } from 'vitest';
import {
  BlockResponse,
  BlocksyncMessage,
  ChunkRequest,
  ChunkResponse,
  MempoolMessage,
  NetAddressProto,
  PexAddrs,
  PexMessage,
  SnapshotsResponse,
  StatesyncMessage,
  StatusResponse,
  Txs,
  type Block,
  type CommitSig,
} from '../src/index.js';
import { hex, unhex } from '../../../testing/vectors.js';
import { expectRule } from './helpers/expect-rule.js';

const fill = (n: number, b: number) => new Uint8Array(n).fill(b);

describe('mempool', () => {
  test('one tx 0x7b is 0a 03 0a 01 7b', () => {
    expect(hex(MempoolMessage.encode({ case: 'txs', value: { txs: [unhex('7b')] } }))).toBe('0a030a017b');
  });
  test('no txs, or an empty tx, disconnects (v0.38.2x byte filter)', () => {
    expectRule(Txs, { txs: [] }, 'txs must not be empty');
    expectRule(Txs, { txs: [fill(1, 1), new Uint8Array(0)] }, 'a tx must not be empty');
    expect(() => MempoolMessage.decode(unhex('0a00'))).toThrow('txs must not be empty');
  });
});

describe('statesync', () => {
  const snapshot = { height: 1n, format: 1, chunks: 2, hash: fill(32, 1), metadata: new Uint8Array(0) };
  test('snapshot responses need height, hash and chunks', () => {
    expect(SnapshotsResponse.isValid(snapshot)).toBe(true);
    expectRule(SnapshotsResponse, { ...snapshot, height: 0n }, 'snapshot height must not be 0');
    expectRule(SnapshotsResponse, { ...snapshot, hash: new Uint8Array(0) }, 'snapshot must have a hash');
    expectRule(SnapshotsResponse, { ...snapshot, chunks: 0 }, 'snapshot must have chunks');
  });
  test('chunk requests and responses need a height', () => {
    expectRule(ChunkRequest, { height: 0n, format: 0, index: 0 }, 'chunk request height must not be 0');
    expectRule(ChunkResponse, { height: 0n, format: 0, index: 0, chunk: fill(1, 1), missing: false }, 'chunk response height must not be 0');
  });
  test('missing chunks carry nothing; present chunks must be on the wire', () => {
    expectRule(ChunkResponse, { height: 1n, format: 0, index: 0, chunk: fill(1, 1), missing: true }, 'a missing chunk must have no contents');
    expectRule(ChunkResponse, { height: 1n, format: 0, index: 0, missing: false }, 'a chunk that is not missing must be present');
    expect(ChunkResponse.isValid({ height: 1n, format: 0, index: 0, missing: true })).toBe(true);
    const empty = StatesyncMessage.encode({ case: 'chunkResponse', value: { height: 1n, format: 0, index: 0, chunk: new Uint8Array(0), missing: false } });
    expect(hex(empty)).toBe('2204' + '0801' + '2200');
  });
});

describe('blocksync', () => {
  test('status response: base <= height, both >= 0', () => {
    expectRule(StatusResponse, { height: 1n, base: 2n }, 'status response base must be <= height');
    expectRule(StatusResponse, { height: 1n, base: -1n }, 'status response base must be >= 0');
    expect(StatusResponse.isValid({ height: 0n, base: 0n })).toBe(true);
  });
  test('block requests: height >= 0', () => {
    expect(() => BlocksyncMessage.decode(unhex('0a0b08ffffffffffffffffff01'))).toThrow('block request height must be >= 0');
    expect(() => BlocksyncMessage.decode(unhex('120b08ffffffffffffffffff01'))).toThrow('no block response height must be >= 0');
  });
  test('a block response needs a block, and at most 10000 commit signatures', () => {
    expectRule(BlockResponse, {}, 'block response must carry a block');
    const time = { seconds: 1n, nanos: 0 };
    const sig: CommitSig = { blockIdFlag: 2, validatorAddress: fill(20, 1), timestamp: time, signature: fill(64, 2) };
    const id = { hash: fill(32, 1), partSetHeader: { total: 1, hash: fill(32, 1) } };
    const block: Block = {
      header: {
        version: { block: 11n, app: 0n },
        chainId: 'c',
        height: 2n,
        time,
        lastBlockId: id,
        lastCommitHash: new Uint8Array(0),
        dataHash: new Uint8Array(0),
        validatorsHash: new Uint8Array(0),
        nextValidatorsHash: new Uint8Array(0),
        consensusHash: new Uint8Array(0),
        appHash: new Uint8Array(0),
        lastResultsHash: new Uint8Array(0),
        evidenceHash: new Uint8Array(0),
        proposerAddress: fill(20, 3),
      },
      data: { txs: [] },
      evidence: { evidence: [] },
      lastCommit: { height: 1n, round: 0, blockId: id, signatures: new Array<CommitSig>(10001).fill(sig) },
    };
    expectRule(BlockResponse, { block }, 'block response last commit may have at most 10000 signatures');
    const ok = { block: { ...block, lastCommit: { ...block.lastCommit!, signatures: [sig] } } };
    expect(BlockResponse.isValid(ok)).toBe(true);
    const extSig = { ...sig, extension: new Uint8Array(0), extensionSignature: new Uint8Array(0) };
    const extCommit = { height: 2n, round: 0, blockId: id, extendedSignatures: new Array(10001).fill(extSig) };
    expectRule(BlockResponse, { ...ok, extCommit }, 'block response extended commit may have at most 10000 signatures');
  });
});

describe('pex', () => {
  const addr = { id: 'a'.repeat(40), ip: '10.0.0.1', port: 26656 };
  test('PexRequest is 0a 00', () => {
    expect(hex(PexMessage.encode({ case: 'pexRequest', value: {} }))).toBe('0a00');
  });
  test('an address whose ip does not parse, or whose port is >= 65536, rejects the whole list', () => {
    expect(NetAddressProto.isValid(addr)).toBe(true);
    expect(NetAddressProto.isValid({ ...addr, ip: '2001:db8::1' })).toBe(true);
    expectRule(NetAddressProto, { ...addr, ip: 'example.com' }, 'net address ip must be an IP address');
    expectRule(NetAddressProto, { ...addr, ip: '' }, 'net address ip must be an IP address');
    expectRule(NetAddressProto, { ...addr, ip: 'fe80::1%eth0' }, 'net address ip must be an IP address');
    expectRule(NetAddressProto, { ...addr, port: 65536 }, 'net address port must be < 65536');
    const err = expectRule(PexAddrs, { addrs: [addr, { ...addr, port: 70000 }] }, 'net address port must be < 65536');
    expect(err.path).toEqual(['addrs', 1, 'port']);
  });
});
