/** Seeds and seed mode through the composed node (switch + PEX + address book). */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NetAddress } from '@cometts/types';
import { initHome } from '../src/home/init';
import type { CometNode } from '../src/node/node';
import { waitFor } from './helpers/cli';
import { createTestNode } from './helpers/in-process-node';

const started: CometNode[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.stop()));
});

interface Started {
  node: CometNode;
  id: string;
  address: string;
}

async function startNode(dir: string, name: string, genesisFrom: string | undefined, overrides: Record<string, unknown>): Promise<Started> {
  const home = join(dir, name);
  const init = await initHome({ home, chainId: 'seed-test' });
  if (genesisFrom) copyFileSync(genesisFrom, init.paths.genesisFile);
  const { node, p2pPort } = await createTestNode(home, {
    moniker: name,
    'rpc.laddr': '',
    'p2p.addr_book_strict': false,
    'p2p.allow_duplicate_ip': true,
    ...overrides,
  });
  await node.start();
  started.push(node);
  return { node, id: init.nodeId, address: `${init.nodeId}@127.0.0.1:${p2pPort}` };
}

describe('seeds', () => {
  it('nodes that only know a seed-mode node find each other through it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cometts-seeds-'));
    const seed = await startNode(dir, 'seed', undefined, { 'p2p.seed_mode': true });
    const genesis = seed.node.paths.genesisFile;
    const b = await startNode(dir, 'b', genesis, { 'p2p.seeds': seed.address });
    // B dials the seed right at start (no wait for a later ensure-peers round) and the seed learns B.
    await waitFor('the seed to learn B', async () => (seed.node.p2p.addrBook.hasAddress(NetAddress.parse(b.address)) ? true : undefined), 15_000);
    const c = await startNode(dir, 'c', genesis, { 'p2p.seeds': seed.address });
    // C asks the seed for addresses, gets B's, and dials B.
    await waitFor('C to connect to B', async () => (c.node.p2p.sw.peers.has(b.id) ? true : undefined), 30_000);
    expect(c.node.p2p.addrBook.hasAddress(NetAddress.parse(b.address))).toBe(true);
  }, 60_000);
});
