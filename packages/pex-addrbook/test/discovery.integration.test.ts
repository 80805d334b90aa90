import { afterEach, describe, expect, it } from 'vitest';
import { startPexNode, stopAllNodes, waitFor, type PexNode } from './loopback.js';

afterEach(stopAllNodes, 30_000);

describe('PEX over loopback', () => {
  it('12 nodes that only know one seed discover each other and reach their outbound target', async () => {
    const TARGET = 3;
    const seed = await startPexNode({ seedMode: true, maxOutbound: 4 });
    const seedAddress = seed.sw.netAddress;
    const nodes: PexNode[] = [];
    for (let i = 0; i < 12; i++) nodes.push(await startPexNode({ seeds: [seedAddress], maxOutbound: TARGET }));

    await waitFor(
      () => nodes.every((n) => n.sw.numPeers().outbound === TARGET),
      `every node at ${TARGET} outbound peers (now ${nodes.map((n) => n.sw.numPeers().outbound).join(',')})`,
      40_000,
    );
    for (const n of nodes) {
      expect(n.maxOutboundSeen).toBeLessThanOrEqual(TARGET);
      // They found each other (not just the seed, which hangs up after answering).
      expect([...n.sw.peers.values()].filter((p) => p.isOutbound && p.id !== seed.sw.nodeId).length).toBeGreaterThanOrEqual(TARGET - 1);
      expect(n.book.size).toBeGreaterThanOrEqual(TARGET);
    }
    expect(seed.maxOutboundSeen).toBeLessThanOrEqual(4);
    // The seed learnt every node from its inbound connections.
    expect(seed.book.size).toBe(12);
  }, 60_000);
});
