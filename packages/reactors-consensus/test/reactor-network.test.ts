/**
 * Integration: validators in one process over loopback TCP (switch +
 * consensus reactor + driver + kvstore + memory stores) commit the same
 * chain; a stopped validator catches up after a restart; a non-validator
 * follows by gossip alone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ed25519PrivateKey, bytesEqual } from '@cometts/types';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { StackNode, makeGenesis, makeHome, type Home } from './support/reactor/stack.js';
import type { Genesis } from '../src/execution/genesis.js';

const TARGET_HEIGHT = 50n;

async function waitFor(what: string, cond: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Dials until connected: right after a restart the other side may not have dropped the old connection yet. */
async function dial(from: StackNode, to: StackNode): Promise<void> {
  for (let attempt = 0; !from.sw.peers.has(to.sw.nodeId); attempt++) {
    try {
      await from.sw.dialPeerWithAddress(to.address);
    } catch (err) {
      if (attempt >= 50) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function connectAll(nodes: StackNode[]): Promise<void> {
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) await dial(nodes[i]!, nodes[j]!);
  }
}

async function blockHash(node: StackNode, height: bigint): Promise<Uint8Array> {
  const meta = await node.blockStore.loadBlockMeta(height);
  if (meta === undefined) throw new Error(`node has no block ${height}`);
  return meta.blockId.hash;
}

async function expectSameChain(nodes: StackNode[], upTo: bigint): Promise<void> {
  for (let h = 1n; h <= upTo; h++) {
    const first = await blockHash(nodes[0]!, h);
    for (const n of nodes.slice(1)) expect(bytesEqual(await blockHash(n, h), first), `block ${h}`).toBe(true);
  }
}

describe('consensus over loopback TCP', () => {
  let root: string;
  let genesis: Genesis;
  const homes: Home[] = [];
  const nodes: StackNode[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cometts-reactor-net-'));
    const keys = Array.from({ length: 4 }, () => Ed25519PrivateKey.generate());
    genesis = makeGenesis(keys);
    for (const [i, key] of keys.entries()) homes.push(await makeHome(join(root, `node${i}`), key));
    for (const home of homes) nodes.push(await StackNode.start(home, genesis));
    await connectAll(nodes);
  });

  afterAll(async () => {
    await Promise.allSettled(nodes.map((n) => n.stop()));
    await rm(root, { recursive: true, force: true });
  });

  test(`four validators reach height ${TARGET_HEIGHT} with identical blocks`, { timeout: 90_000 }, async () => {
    const started = Date.now();
    await waitFor(`height ${TARGET_HEIGHT}`, () => nodes.every((n) => n.height >= TARGET_HEIGHT), 80_000);
    const seconds = (Date.now() - started) / 1000;
    console.log(`4 validators: height ${TARGET_HEIGHT} in ${seconds.toFixed(1)} s (${(Number(TARGET_HEIGHT) / seconds).toFixed(1)} blocks/s)`);
    await expectSameChain(nodes, TARGET_HEIGHT);
    expect(nodes.every((n) => n.driver.haltedBy === undefined)).toBe(true);
  });

  test('a stopped validator catches up after a restart', { timeout: 60_000 }, async () => {
    const victim = nodes[3]!;
    await victim.stop();
    const stoppedAt = victim.height;
    const others = nodes.slice(0, 3);
    // Three of four (75% of the power) keep committing.
    await waitFor('progress without the stopped validator', () => others.every((n) => n.height >= stoppedAt + 5n), 30_000);
    const restarted = await StackNode.start(victim.home, genesis);
    nodes[3] = restarted;
    for (const n of others) await dial(restarted, n);
    const target = others[0]!.height + 2n;
    await waitFor('the restarted validator to catch up', () => restarted.height >= target, 40_000);
    // Every node, not only the first, must have stored `target` before the chains are compared.
    await waitFor('every node to store the target height', () => nodes.every((n) => n.height >= target), 20_000);
    await expectSameChain(nodes, target);
    expect(nodes.map((n) => n.conflicts)).toEqual([0, 0, 0, 0]);
  });

  test('a non-validator follows the chain by gossip', { timeout: 60_000 }, async () => {
    const home = await makeHome(join(root, 'follower'), undefined);
    const follower = await StackNode.start(home, genesis);
    nodes.push(follower);
    await dial(follower, nodes[0]!);
    await dial(follower, nodes[2]!);
    const target = nodes[0]!.height + 3n;
    await waitFor('the follower to reach the validators', () => follower.height >= target, 45_000);
    await expectSameChain([nodes[0]!, follower], target);
    expect(follower.driver.roundState.self).toBeUndefined();
  });
});
