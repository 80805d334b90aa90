/** In-process CometNode tests: composition, limits, graceful stop. */
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NetAddress } from '@cometts/types';
import { initHome } from '../src/home/init';
import { CometNode } from '../src/node/node';
import { waitFor } from './helpers/cli';
import { createTestNode } from './helpers/in-process-node';

const started: CometNode[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.stop()));
});

interface TestNode {
  node: CometNode;
  rpcPort: number;
  p2pPort: number;
  id: string;
}

async function makeNode(dir: string, name: string, genesisFrom: string | undefined, overrides: Record<string, unknown>): Promise<TestNode> {
  const home = join(dir, name);
  const init = await initHome({ home, chainId: 'node-test' });
  if (genesisFrom) copyFileSync(genesisFrom, init.paths.genesisFile);
  const created = await createTestNode(home, { moniker: name, 'p2p.addr_book_strict': false, ...overrides });
  return { ...created, id: init.nodeId };
}

async function start(n: TestNode): Promise<TestNode> {
  await n.node.start();
  started.push(n.node);
  return n;
}

describe('CometNode', () => {
  it('honours max_num_inbound_peers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cometts-node-'));
    const a = await start(await makeNode(dir, 'a', undefined, { 'p2p.max_num_inbound_peers': 1, 'p2p.allow_duplicate_ip': true, 'p2p.pex': false }));
    const genesis = a.node.paths.genesisFile;
    const peerA = `${a.id}@127.0.0.1:${a.p2pPort}`;
    const b = await start(await makeNode(dir, 'b', genesis, { 'p2p.persistent_peers': peerA, 'p2p.pex': false }));
    const c = await start(await makeNode(dir, 'c', genesis, { 'p2p.persistent_peers': peerA, 'p2p.pex': false }));
    await waitFor('A to take one inbound peer', async () => (a.node.p2p.sw.peers.size === 1 ? true : undefined));
    // Both B and C dial within 3 s of starting; give the second one time to be refused.
    await new Promise((r) => setTimeout(r, 4000));
    expect(a.node.p2p.sw.peers.size).toBe(1);
    expect(b.node.p2p.sw.peers.size + c.node.p2p.sw.peers.size).toBe(1);
  }, 30_000);

  it('stops gracefully: RPC closed, address book saved, stop is idempotent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cometts-node-'));
    const a = await start(await makeNode(dir, 'a', undefined, {}));
    const b = await start(await makeNode(dir, 'b', a.node.paths.genesisFile, { 'p2p.persistent_peers': `${a.id}@127.0.0.1:${a.p2pPort}` }));
    await waitFor('B to connect to A', async () => (b.node.p2p.sw.peers.size === 1 ? true : undefined));
    const status = (await (await fetch(`http://127.0.0.1:${b.rpcPort}/status`)).json()) as { result: { node_info: { id: string } } };
    expect(status.result.node_info.id).toBe(b.node.nodeId);
    await Promise.all([b.node.stop(), b.node.stop()]);
    await expect(fetch(`http://127.0.0.1:${b.rpcPort}/health`)).rejects.toThrow();
    const book = JSON.parse(readFileSync(b.node.paths.addrBookFile, 'utf8')) as { addrs: { addr: { id: string } }[] };
    expect(book.addrs.map((e) => e.addr.id)).toContain(a.id);
    await waitFor('A to notice B left', async () => (a.node.p2p.sw.peers.size === 0 ? true : undefined));
  }, 30_000);

  it('runs PEX: a new peer learns the addresses its peer knows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cometts-node-'));
    const dup = { 'p2p.allow_duplicate_ip': true };
    const b = await start(await makeNode(dir, 'b', undefined, dup));
    const peerB = `${b.id}@127.0.0.1:${b.p2pPort}`;
    const c = await start(await makeNode(dir, 'c', b.node.paths.genesisFile, { ...dup, 'p2p.persistent_peers': peerB }));
    // B stores C's self-reported address when C connects in.
    const addrC = NetAddress.parse(`${c.id}@127.0.0.1:${c.p2pPort}`);
    await waitFor('B to learn C from its connection', async () => (b.node.p2p.addrBook.hasAddress(addrC) ? true : undefined));
    const a = await start(await makeNode(dir, 'a', b.node.paths.genesisFile, { ...dup, 'p2p.persistent_peers': peerB }));
    // A dials B, asks it for addresses (PexRequest) and gets C's (PexAddrs).
    await waitFor('A to learn C through PEX', async () => (a.node.p2p.addrBook.hasAddress(addrC) ? true : undefined));
    expect(a.node.p2p.pex).toBeDefined();
  }, 30_000);

  it('a second start, or a remote signer address, is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cometts-node-'));
    const a = await start(await makeNode(dir, 'a', undefined, {}));
    await expect(a.node.start()).rejects.toThrow(/cannot start/);
    await expect(makeNode(dir, 'b', undefined, { priv_validator_laddr: 'tcp://127.0.0.1:5555' })).rejects.toThrow(/priv_validator_laddr/);
    expect(existsSync(a.node.paths.genesisFile)).toBe(true);
  });
});
