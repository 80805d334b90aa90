import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DefaultNodeInfo, Ed25519PrivateKey, nodeIdFromPubKey, type DefaultNodeInfo as NodeInfo } from '@cometts/types';
import type { MConnectionStatus } from '@cometts/mconn';
import { hasVectors, readVectorJson } from '../../../testing/vectors';
import { startRpcServer, type RpcServer } from '../src/rpc/server';
import { infoRoutes, initialSyncInfo, type InfoSource } from '../src/rpc/routes/info';
import { shapeDifferences } from './helpers/shape';
import type { RouteTable } from '../src/rpc/dispatch';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

function nodeInfo(moniker: string): NodeInfo {
  const key = Ed25519PrivateKey.generate();
  return DefaultNodeInfo.create({
    protocolVersion: { p2p: 8n, block: 11n, app: 0n },
    defaultNodeId: nodeIdFromPubKey(key.publicKey),
    listenAddr: 'tcp://127.0.0.1:26656',
    network: 'test-chain',
    version: '0.38.25',
    channels: Uint8Array.from([0x40, 0x20, 0x21, 0x22, 0x23, 0x30, 0x38, 0x60, 0x61, 0x00]),
    moniker,
    other: { txIndex: 'on', rpcAddress: 'tcp://127.0.0.1:26657' },
  });
}

const flow = { bytes: 1234, durationMs: 5123.4, currentRate: 100.4, averageRate: 99, peakRate: 400 };
const status: MConnectionStatus = {
  durationMs: 5200.5,
  sendMonitor: flow,
  recvMonitor: flow,
  channels: [{ id: 0x20, priority: 6, sendQueueCapacity: 100, sendQueueSize: 0, recentlySent: 12.7, deliveryQueuedBytes: 0 }],
};
const validatorKey = Ed25519PrivateKey.generate();

const source: InfoSource = {
  nodeInfo: () => nodeInfo('node0'),
  syncInfo: initialSyncInfo,
  validatorInfo: () => ({ address: validatorKey.address, pubKey: { case: 'ed25519', value: validatorKey.publicKey }, votingPower: 10n }),
  externalAddress: () => '',
  listening: () => true,
  peers: () => [{ nodeInfo: nodeInfo('node1'), isOutbound: false, status, remoteIp: '127.0.0.1' }],
};

let server: RpcServer;
let base: string;

beforeAll(async () => {
  const routes: RouteTable = {
    ...infoRoutes(source),
    // A height-taking route to check parameter decoding and error shapes.
    echo_height: {
      params: [{ name: 'height', kind: 'int64' }],
      handler: ({ height }) => {
        if (height === 99n) throw new Error('height 99 must be less than or equal to the current blockchain height 0');
        return { height: height === undefined ? null : String(height) };
      },
    },
  };
  server = await startRpcServer(routes, {
    laddr: 'tcp://127.0.0.1:0',
    maxOpenConnections: 900,
    maxBodyBytes: 1_000_000,
    maxHeaderBytes: 1 << 20,
    maxRequestBatchSize: 10,
    corsAllowedOrigins: [],
    corsAllowedMethods: [],
    corsAllowedHeaders: [],
    logger: silent,
  });
  base = server.addresses[0]!.replace('tcp://', 'http://');
});

afterAll(() => server.close());

const get = async (path: string) => {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, headers: res.headers, text: await res.text() };
};
const post = async (body: string) => {
  const res = await fetch(base, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
  return { status: res.status, headers: res.headers, text: await res.text() };
};

describe.skipIf(!hasVectors)('RPC response shapes match CometBFT v0.38.25', () => {
  for (const route of ['health', 'status', 'net_info']) {
    it(`/${route}`, async () => {
      const res = await get(`/${route}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('x-server-time')).toMatch(/^\d+$/);
      const ours = JSON.parse(res.text);
      expect(shapeDifferences(ours, readVectorJson(`rpc-v0.38.25/${route}.json`))).toEqual([]);
    });
  }

  it('POST status keeps the request id', async () => {
    const res = await post('{"jsonrpc":"2.0","id":7,"method":"status","params":{}}');
    const ours = JSON.parse(res.text);
    expect(ours.id).toBe(7);
    expect(shapeDifferences(ours, readVectorJson('rpc-v0.38.25/post_status.json'))).toEqual([]);
  });

  it('unknown method and numeric int64 param errors are byte-identical', async () => {
    const unknown = await post('{"jsonrpc":"2.0","id":9,"method":"no_such_method","params":{}}');
    expect(unknown.status).toBe(200);
    expect(JSON.parse(unknown.text)).toEqual(readVectorJson('rpc-v0.38.25/post_unknown_method.json'));
    const numeric = await post('{"jsonrpc":"2.0","id":8,"method":"echo_height","params":{"height":2}}');
    expect(JSON.parse(numeric.text)).toEqual(readVectorJson('rpc-v0.38.25/post_block_numeric_height.json'));
  });
});

describe('RPC server behaviour', () => {
  it('before consensus, /status reports the initial state', async () => {
    const { result } = JSON.parse((await get('/status')).text);
    expect(result.sync_info).toEqual({
      latest_block_hash: '',
      latest_app_hash: '',
      latest_block_height: '0',
      latest_block_time: '1970-01-01T00:00:00Z',
      earliest_block_hash: '',
      earliest_app_hash: '',
      earliest_block_height: '0',
      earliest_block_time: '1970-01-01T00:00:00Z',
      catching_up: false,
    });
    expect(result.validator_info.voting_power).toBe('10');
    expect(result.node_info.channels).toBe('40202122233038606100');
  });

  it('URI params: bare integers, errors with id -1 and HTTP 500', async () => {
    expect(JSON.parse((await get('/echo_height?height=5')).text)).toEqual({ jsonrpc: '2.0', id: -1, result: { height: '5' } });
    expect(JSON.parse((await get('/echo_height')).text).result).toEqual({ height: null });
    const bad = await get('/echo_height?height=abc');
    expect(bad.status).toBe(500);
    expect(JSON.parse(bad.text).error.code).toBe(-32602);
    const failing = await get('/echo_height?height=99');
    expect(failing.status).toBe(500);
    expect(JSON.parse(failing.text)).toEqual({
      jsonrpc: '2.0',
      id: -1,
      error: { code: -32603, message: 'Internal error', data: 'height 99 must be less than or equal to the current blockchain height 0' },
    });
  });

  it('URI routes also take POSTed form params', async () => {
    const res = await fetch(`${base}/echo_height`, {
      method: 'POST',
      body: 'height=12',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(JSON.parse(await res.text())).toEqual({ jsonrpc: '2.0', id: -1, result: { height: '12' } });
  });

  it('JSON-RPC: string params, positional params, batches, notifications', async () => {
    expect(JSON.parse((await post('{"jsonrpc":"2.0","id":"a","method":"echo_height","params":{"height":"3"}}')).text).result).toEqual({ height: '3' });
    expect(JSON.parse((await post('{"jsonrpc":"2.0","id":1,"method":"echo_height","params":["4"]}')).text).result).toEqual({ height: '4' });
    const wrongCount = JSON.parse((await post('{"jsonrpc":"2.0","id":1,"method":"echo_height","params":["4","5"]}')).text);
    expect(wrongCount.error.code).toBe(-32602);
    const batch = JSON.parse((await post('[{"jsonrpc":"2.0","id":1,"method":"health"},{"jsonrpc":"2.0","id":2,"method":"health"}]')).text);
    expect(batch).toEqual([
      { jsonrpc: '2.0', id: 1, result: {} },
      { jsonrpc: '2.0', id: 2, result: {} },
    ]);
    const single = JSON.parse((await post('[{"jsonrpc":"2.0","id":1,"method":"health"}]')).text);
    expect(single).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
    const notification = await post('{"jsonrpc":"2.0","method":"health"}');
    expect(notification.status).toBe(200);
    expect(notification.text).toBe('');
    const tooMany = JSON.stringify(Array.from({ length: 11 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'health' })));
    expect(JSON.parse((await post(tooMany)).text).error.code).toBe(-32600);
  });

  it('parse errors are HTTP 500 with -32700 and no id', async () => {
    const res = await post('{not json');
    expect(res.status).toBe(500);
    const body = JSON.parse(res.text);
    expect(body.id).toBeUndefined();
    expect(body.error.code).toBe(-32700);
    expect(body.error.message).toBe('Parse error. Invalid JSON');
    expect(JSON.parse((await post('{"jsonrpc":"2.0","id":{},"method":"health"}')).text).error.code).toBe(-32700);
  });

  it('GET / lists routes, unknown paths are a plain 404', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.text).toContain('/net_info');
    expect(index.text).toContain('echo_height?height=_');
    const missing = await get('/nope');
    expect(missing.status).toBe(404);
    expect(missing.text).toBe('404 page not found\n');
  });

  it('an oversized body is -32600 with HTTP 400', async () => {
    const res = await post(`{"jsonrpc":"2.0","id":1,"method":"health","params":{"x":"${'a'.repeat(1_000_001)}"}}`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error.code).toBe(-32600);
  });
});

describe('CORS', () => {
  it('answers preflights and tags responses only for allowed origins', async () => {
    const cors = await startRpcServer(infoRoutes(source), {
      laddr: 'tcp://127.0.0.1:0',
      maxOpenConnections: 0,
      maxBodyBytes: 1000,
      maxHeaderBytes: 1 << 20,
      maxRequestBatchSize: 10,
      corsAllowedOrigins: ['https://*.example.com'],
      corsAllowedMethods: ['HEAD', 'GET', 'POST'],
      corsAllowedHeaders: ['Origin', 'Content-Type'],
      logger: silent,
    });
    try {
      const url = cors.addresses[0]!.replace('tcp://', 'http://');
      const preflight = await fetch(`${url}/health`, { method: 'OPTIONS', headers: { Origin: 'https://app.example.com' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(preflight.headers.get('access-control-allow-methods')).toBe('HEAD, GET, POST');
      const other = await fetch(`${url}/health`, { headers: { Origin: 'https://evil.test' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      expect(JSON.parse(await other.text()).result).toEqual({});
    } finally {
      await cors.close();
    }
  });
});
