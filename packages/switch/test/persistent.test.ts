import { afterEach, describe, expect, test } from 'vitest';
import { DEFAULT_RECONNECT_SCHEDULE, Switch, reconnectDelayMs } from '../src/index.js';
import { FAST, TestReactor, newNodeKey, startNode, stopAll, waitFor } from './helpers.js';

afterEach(stopAll);

describe('persistent peers', () => {
  test('CometBFT schedule: 20 × (5 s + jitter), then 3^i s + jitter, then the last interval forever', () => {
    const s = DEFAULT_RECONNECT_SCHEDULE;
    const noJitter = () => 0;
    const fullJitter = () => 0.999999;
    expect(reconnectDelayMs(0, s, fullJitter)).toBe(0);
    expect(reconnectDelayMs(1, s, noJitter)).toBe(5000);
    expect(reconnectDelayMs(20, s, noJitter)).toBe(5000);
    expect(reconnectDelayMs(20, s, fullJitter)).toBeCloseTo(8000, 0);
    expect(reconnectDelayMs(21, s, noJitter)).toBe(3000);
    expect(reconnectDelayMs(22, s, noJitter)).toBe(9000);
    expect(reconnectDelayMs(30, s, noJitter)).toBe(59049 * 1000);
    expect(reconnectDelayMs(500, s, noJitter)).toBe(59049 * 1000);
    expect(reconnectDelayMs(500, { ...s, maxDialPeriodMs: 60_000 }, fullJitter)).toBe(60_000);
  });

  test('a persistent peer is redialed after it restarts', async () => {
    const key = newNodeKey();
    const b = await startNode({ nodeKey: key });
    const address = b.sw.netAddress;
    const a = await startNode({ persistentPeers: [address] });
    await waitFor(() => a.sw.peers.has(key.nodeId), 'initial persistent dial');
    expect(a.sw.peers.get(key.nodeId)!.isPersistent).toBe(true);

    await b.sw.stop();
    await waitFor(() => !a.sw.peers.has(key.nodeId), 'peer gone');
    // Let a few redials fail against the closed port first.
    await new Promise((resolve) => setTimeout(resolve, 400));

    const restarted = new Switch({
      nodeKey: key,
      network: 'test-chain',
      moniker: 'restarted',
      listenAddress: `tcp://127.0.0.1:${address.port}`,
      ...FAST,
    });
    const reactor = new TestReactor();
    restarted.addReactor('test', reactor);
    await restarted.start();
    try {
      await waitFor(() => a.sw.peers.has(key.nodeId), 'redialed after restart');
      expect(a.sw.peers.get(key.nodeId)!.isOutbound).toBe(true);
      await waitFor(() => reactor.added.length === 1, 'restarted side added the peer');
    } finally {
      await restarted.stop();
    }
  });

  test('a graceful stop does not redial; an error stop does', async () => {
    const b = await startNode();
    const a = await startNode({ persistentPeers: [b.sw.netAddress] });
    await waitFor(() => a.sw.peers.has(b.sw.nodeId), 'connected');
    await a.sw.stopPeerGracefully(a.sw.peers.get(b.sw.nodeId)!);
    await waitFor(() => b.sw.peers.size === 0, 'b noticed');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(a.sw.peers.has(b.sw.nodeId)).toBe(false);

    await a.sw.dialPeerWithAddress(b.sw.netAddress);
    await waitFor(() => b.sw.peers.size === 1, 'b sees a again');
    await a.sw.stopPeerForError(a.sw.peers.get(b.sw.nodeId)!, new Error('test'));
    await waitFor(() => a.sw.peers.has(b.sw.nodeId), 'redialed after the error stop');
  });
});
