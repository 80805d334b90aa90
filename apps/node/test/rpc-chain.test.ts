/**
 * The chain routes (block, commit, validators, blockchain, status) on a
 * running single-validator node: CometBFT v0.38.25's shapes, height rules
 * and error texts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasVectors, readVectorJson } from '../../../testing/vectors';
import { loadConfigText } from '../src/config/load';
import { initHome } from '../src/home/init';
import { NodeLogger } from '../src/logging/logger';
import { freePort } from '../src/net/free-ports';
import { CometNode } from '../src/node/node';
import { blockchainRange, page, perPage, resolveHeight } from '../src/rpc/routes/chain';
import { waitFor } from './helpers/cli';
import { shapeDifferences } from './helpers/shape';

const quiet = new Writable({ write: (_c, _e, done) => done() });
let dir: string;
let node: CometNode;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cometts-rpc-chain-'));
  const home = join(dir, 'home');
  await initHome({ home, chainId: 'rpc-chain' });
  const [p2pPort, rpcPort] = [await freePort(), await freePort()];
  const config = loadConfigText('', 'test', {
    overrides: {
      'p2p.laddr': `tcp://127.0.0.1:${p2pPort}`,
      'rpc.laddr': `tcp://127.0.0.1:${rpcPort}`,
      'p2p.pex': false,
      'consensus.timeout_commit': '20ms',
      db_backend: 'memdb',
    },
  });
  node = await CometNode.create({ home, config, logger: new NodeLogger({ level: 'error', format: 'json', out: quiet }) });
  await node.start();
  base = `http://127.0.0.1:${rpcPort}`;
  await waitFor('height 4', async () => (node.consensus.blockStore.height() >= 4n ? true : undefined), 30_000);
});

afterAll(async () => {
  await node?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function get(path: string): Promise<{ status: number; cache: string | null; body: { result?: unknown; error?: { code: number; data?: string } } }> {
  const res = await fetch(`${base}/${path}`);
  return { status: res.status, cache: res.headers.get('cache-control'), body: (await res.json()) as never };
}

describe.skipIf(!hasVectors)('chain routes have CometBFT v0.38.25 shapes', () => {
  const cases: [string, string][] = [
    ['block?height=2', 'block_height_2'],
    ['commit?height=2', 'commit_height_2'],
    ['validators?height=2', 'validators_height_2'],
    ['blockchain?minHeight=1&maxHeight=3', 'blockchain_minHeight_1_maxHeight_3'],
    ['status', 'status'],
  ];
  for (const [path, vector] of cases) {
    it(`/${path}`, async () => {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(shapeDifferences(res.body, readVectorJson(`rpc-v0.38.25/${vector}.json`))).toEqual([]);
    });
  }

  it('a height above the latest is the same error', async () => {
    const res = await get('block?height=999999');
    const vector = readVectorJson<{ error: { code: number; message: string; data: string } }>('rpc-v0.38.25/block_height_999999.json');
    expect(res.status).toBe(500);
    expect(res.body.error?.code).toBe(vector.error.code);
    expect(res.body.error?.data).toMatch(/^height 999999 must be less than or equal to the current blockchain height \d+$/);
  });
});

describe('chain routes', () => {
  it('block and commit agree with the block store; the latest commit is not canonical', async () => {
    const block = (await get('block?height=3')).body.result as { block_id: { hash: string }; block: { header: { height: string; last_block_id: { hash: string } } } };
    const prev = (await get('block?height=2')).body.result as { block_id: { hash: string } };
    expect(block.block.header.height).toBe('3');
    expect(block.block.header.last_block_id.hash).toBe(prev.block_id.hash);
    const meta = await node.consensus.blockStore.loadBlockMeta(3n);
    expect(block.block_id.hash).toBe(Buffer.from(meta!.blockId.hash).toString('hex').toUpperCase());
    const commit = (await get('commit?height=2')).body.result as { canonical: boolean; signed_header: { commit: { block_id: { hash: string } } } };
    expect(commit.canonical).toBe(true);
    expect(commit.signed_header.commit.block_id.hash).toBe(prev.block_id.hash);
    const latest = (await get('commit')).body.result as { canonical: boolean };
    expect(latest.canonical).toBe(false);
    // The initial block's last commit is the empty commit.
    const first = (await get('block?height=1')).body.result as { block: { last_commit: unknown } };
    expect(first.block.last_commit).toEqual({ height: '0', round: 0, block_id: { hash: '', parts: { total: 0, hash: '' } }, signatures: [] });
  });

  it('heights are checked; explicit heights are cacheable', async () => {
    expect((await get('block?height=0')).body.error?.data).toBe('height must be greater than 0, but got 0');
    expect((await get('block?height=2')).cache).toBe('public, max-age=86400');
    expect((await get('block')).cache).toBeNull();
    // The chain keeps committing while we ask: the answer is the height after the latest block at that moment.
    const before = node.consensus.blockStore.height();
    const validators = (await get('validators')).body.result as { block_height: string; count: string; total: string };
    const after = node.consensus.blockStore.height();
    expect(BigInt(validators.block_height)).toBeGreaterThanOrEqual(before + 1n);
    expect(BigInt(validators.block_height)).toBeLessThanOrEqual(after + 1n);
    expect([validators.count, validators.total]).toEqual(['1', '1']);
    expect((await get('validators?page=2')).body.error?.data).toBe('page should be within [1, 1] range, given 2');
  });

  it('status reports the latest block, and our voting power', async () => {
    const status = (await get('status')).body.result as {
      sync_info: { latest_block_height: string; earliest_block_height: string; catching_up: boolean; latest_app_hash: string };
      validator_info: { voting_power: string };
      node_info: { protocol_version: { app: string }; channels: string };
    };
    expect(BigInt(status.sync_info.latest_block_height)).toBeGreaterThanOrEqual(4n);
    expect(status.sync_info.earliest_block_height).toBe('1');
    expect(status.sync_info.catching_up).toBe(false);
    expect(status.validator_info.voting_power).toBe('10');
    expect(status.node_info.protocol_version.app).toBe('1'); // the kvstore's app version, after the handshake
    expect(status.node_info.channels).toBe('20212223'); // consensus only (PEX is off here)
  });
});

describe('height and page rules', () => {
  it('resolveHeight', () => {
    expect(resolveHeight(10n, 1n, undefined)).toBe(10n);
    expect(() => resolveHeight(10n, 5n, 3n)).toThrow('height 3 is not available, lowest height is 5');
    expect(() => resolveHeight(10n, 1n, -1n)).toThrow('height must be greater than 0, but got -1');
  });

  it('blockchainRange returns at most 20 of the newest heights', () => {
    expect(blockchainRange(1n, 100n, 0n, 0n)).toEqual([81n, 100n]);
    expect(blockchainRange(1n, 100n, 1n, 3n)).toEqual([1n, 3n]);
    expect(blockchainRange(50n, 100n, 1n, 60n)).toEqual([50n, 60n]);
    expect(() => blockchainRange(1n, 10n, 8n, 5n)).toThrow("min height 8 can't be greater than max height 5");
    expect(() => blockchainRange(1n, 10n, -1n, 5n)).toThrow('heights must be non-negative');
  });

  it('pagination', () => {
    expect(perPage(undefined)).toBe(30);
    expect(perPage(0)).toBe(30);
    expect(perPage(500)).toBe(100);
    expect(page(undefined, 30, 0)).toBe(1);
    expect(page(2, 1, 2)).toBe(2);
    expect(() => page(0, 30, 5)).toThrow('page should be within [1, 1] range, given 0');
  });
});
