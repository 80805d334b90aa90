import { afterEach, describe, expect, test } from 'vitest';
import { InboundLimitError, OutboundLimitError, type Switch } from '../src/index.js';
import { rejections, startNode, stopAll, waitFor } from './helpers.js';

afterEach(stopAll);

/** Records the largest peer counts a switch ever reached (checked at every change). */
function watchCounts(sw: Switch): { maxInbound: number; maxOutbound: number; maxTotal: number } {
  const seen = { maxInbound: 0, maxOutbound: 0, maxTotal: 0 };
  sw.on('peerAdded', () => {
    let inbound = 0;
    let outbound = 0;
    for (const peer of sw.peers.values()) {
      if (peer.isUnconditional) continue;
      if (peer.isOutbound) outbound++;
      else inbound++;
    }
    seen.maxInbound = Math.max(seen.maxInbound, inbound);
    seen.maxOutbound = Math.max(seen.maxOutbound, outbound, sw.numPeers().outbound);
    seen.maxTotal = Math.max(seen.maxTotal, sw.peers.size);
  });
  return seen;
}

describe('peer limits', () => {
  test('max inbound holds under a dial storm from five switches', async () => {
    const target = await startNode({ maxInboundPeers: 2 });
    const counts = watchCounts(target.sw);
    const refused = rejections(target.sw);
    const dialers = await Promise.all(Array.from({ length: 5 }, () => startNode()));
    // Each dialer dials three times in a row (retries while connected are refused locally).
    await Promise.all(
      dialers.flatMap((d) => [0, 1, 2].map(() => d.sw.dialPeerWithAddress(target.sw.netAddress).catch(() => undefined))),
    );
    await waitFor(() => refused.filter((r) => r.error instanceof InboundLimitError).length >= 3, 'three refused for the limit');
    await waitFor(() => dialers.filter((d) => d.sw.peers.size > 0).length === 2, 'only accepted dialers stay connected');
    expect(counts.maxInbound).toBe(2);
    expect(target.sw.numPeers().inbound).toBe(2);
    expect(target.sw.peers.size).toBe(2);
  });

  test('an unconditional peer is accepted beyond max inbound', async () => {
    const [a, b, c] = await Promise.all([startNode(), startNode(), startNode()]);
    const target = await startNode({ maxInboundPeers: 1, unconditionalPeerIds: [c.sw.nodeId] });
    await a.sw.dialPeerWithAddress(target.sw.netAddress);
    await waitFor(() => target.sw.peers.size === 1, 'a accepted');
    const refused = rejections(target.sw);
    await b.sw.dialPeerWithAddress(target.sw.netAddress).catch(() => undefined);
    await waitFor(() => refused.length === 1, 'b refused');
    expect(refused[0]!.error).toBeInstanceOf(InboundLimitError);
    await c.sw.dialPeerWithAddress(target.sw.netAddress);
    await waitFor(() => target.sw.peers.size === 2, 'c accepted');
    expect(target.sw.peers.get(c.sw.nodeId)!.isUnconditional).toBe(true);
    expect(target.sw.numPeers().inbound).toBe(1);
  });

  test('max outbound holds across every dialing path at once; unconditional peers are exempt', async () => {
    const targets = await Promise.all(Array.from({ length: 5 }, () => startNode()));
    const unconditional = await startNode();
    const dialer = await startNode({
      maxOutboundPeers: 2,
      persistentPeers: [targets[4]!.sw.netAddress],
      dialPersistentPeersOnStart: false,
      unconditionalPeerIds: [unconditional.sw.nodeId],
      dialRandomDelayMs: 0,
    });
    const counts = watchCounts(dialer.sw);
    const addresses = targets.map((t) => t.sw.netAddress);
    const direct = addresses.map((addr) => dialer.sw.dialPeerWithAddress(addr).then(() => 'ok', (e: Error) => e));
    const async = dialer.sw.dialPeersAsync(addresses);
    const persistent = dialer.sw.dialPeersAsync([targets[4]!.sw.netAddress]);
    const results = await Promise.all(direct);
    await Promise.all([async, persistent]);
    expect(results.filter((r) => r === 'ok').length).toBe(2);
    expect(results.filter((r) => r instanceof OutboundLimitError).length).toBe(3);
    expect(counts.maxOutbound).toBe(2);
    expect(dialer.sw.numPeers()).toEqual({ inbound: 0, outbound: 2, dialing: 0 });

    await dialer.sw.dialPeerWithAddress(unconditional.sw.netAddress);
    expect(dialer.sw.peers.size).toBe(3);
    expect(dialer.sw.numPeers().outbound).toBe(2);
  });

  test('a failed dial gives its reserved slot back', async () => {
    const stopped = await startNode();
    const address = stopped.sw.netAddress;
    await stopped.sw.stop();
    const target = await startNode();
    const dialer = await startNode({ maxOutboundPeers: 1 });
    await expect(dialer.sw.dialPeerWithAddress(address)).rejects.toMatchObject({ code: 'DIAL_FAILED' });
    expect(dialer.sw.numPeers()).toEqual({ inbound: 0, outbound: 0, dialing: 0 });
    await dialer.sw.dialPeerWithAddress(target.sw.netAddress);
    expect(dialer.sw.numPeers().outbound).toBe(1);
    await expect(dialer.sw.dialPeerWithAddress(address)).rejects.toBeInstanceOf(OutboundLimitError);
  });
});
