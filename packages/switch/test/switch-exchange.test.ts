import { afterEach, describe, expect, test } from 'vitest';
import { ValidationError } from '@cometts/types';
import { PeerRemovedError, PeerRoundStateKey, peerKey } from '../src/index.js';
import { TestMessage, connect, startNode, stopAll, waitFor } from './helpers.js';

afterEach(stopAll);

describe('switches over loopback TCP', () => {
  test('three switches connect and exchange messages on several channels', async () => {
    const [a, b, c] = await Promise.all([startNode(), startNode(), startNode()]);
    await connect(a, b);
    await connect(a, c);
    await connect(b, c);
    for (const node of [a, b, c]) expect(node.sw.peers.size).toBe(2);
    expect(a.sw.numPeers()).toEqual({ inbound: 0, outbound: 2, dialing: 0 });
    expect(c.sw.numPeers()).toEqual({ inbound: 2, outbound: 0, dialing: 0 });

    const ab = a.sw.peers.get(b.sw.nodeId)!;
    expect(ab.isOutbound).toBe(true);
    expect(ab.nodeInfo.network).toBe('test-chain');
    expect(ab.remoteAddress.toString()).toBe(b.sw.netAddress.toString());
    expect(ab.listenAddress.toString()).toBe(b.sw.netAddress.toString());
    expect(b.sw.peers.get(a.sw.nodeId)!.isOutbound).toBe(false);

    for (let i = 0; i < 20; i++) {
      expect(await ab.send(0x70 + (i % 3), { seq: BigInt(i), text: `m${i}` })).toBe(true);
    }
    expect(c.sw.peers.get(b.sw.nodeId)!.trySend(0x72, { seq: 99n, text: 'from c' })).toBe(true);
    await waitFor(() => b.reactor.received.length === 21, 'all messages');
    for (const ch of [0x70, 0x71, 0x72]) {
      const seqs = b.reactor.received.filter((e) => e.channelId === ch && e.src.id === a.sw.nodeId).map((e) => e.message.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => Number(x - y))); // in order per channel
      expect(seqs.length).toBe(ch === 0x72 ? 6 : 7);
    }
    const fromC = b.reactor.received.find((e) => e.src.id === c.sw.nodeId)!;
    expect(fromC.message).toEqual({ seq: 99n, text: 'from c' });
    expect(fromC.channelId).toBe(0x72);
  });

  test('reactor lifecycle: initPeer before addPeer, per-peer store, status', async () => {
    const [a, b] = await Promise.all([startNode(), startNode()]);
    const { ab } = await connect(a, b);
    expect(a.reactor.started).toBe(true);
    expect(a.reactor.initialized).toEqual([ab]);
    expect(a.reactor.added).toEqual([ab]);
    const key = peerKey<{ hits: number }>('test.hits');
    ab.set(key, { hits: 1 });
    ab.set(PeerRoundStateKey, { height: 5n, round: 0, step: 1 });
    expect(ab.get(key)).toEqual({ hits: 1 });
    expect(ab.get(PeerRoundStateKey)?.height).toBe(5n);
    expect(ab.delete(key)).toBe(true);
    expect(ab.has(key)).toBe(false);
    expect(ab.status().channels.map((ch) => ch.id)).toEqual([0x70, 0x71, 0x72]);
    expect(ab.isRunning).toBe(true);
  });

  test('broadcast encodes once and reaches every peer', async () => {
    const [hub, ...spokes] = await Promise.all([startNode(), startNode(), startNode(), startNode()]);
    for (const spoke of spokes) await connect(hub, spoke);
    const codec = hub.reactor.codecs[1]!;
    const before = codec.encodes;
    const result = await hub.sw.broadcast(0x71, { seq: 7n, text: 'to all' });
    expect(codec.encodes - before).toBe(1);
    expect(result.sent.length).toBe(3);
    expect(result.failed).toEqual([]);
    for (const spoke of spokes) {
      await waitFor(() => spoke.reactor.messagesOn(0x71).length === 1, 'broadcast delivery');
      expect(spoke.reactor.messagesOn(0x71)[0]).toEqual({ seq: 7n, text: 'to all' });
    }
  });

  test('sending on a channel the peer does not list returns false', async () => {
    const { TestReactor } = await import('./helpers.js');
    const a = await startNode({}, new TestReactor('test', [0x70, 0x71, 0x72]));
    const b = await startNode({}, new TestReactor('test', [0x70]));
    const { ab } = await connect(a, b);
    expect(ab.hasChannel(0x71)).toBe(false);
    expect(await ab.send(0x71, { seq: 1n, text: 'x' })).toBe(false);
    expect(ab.trySend(0x71, { seq: 1n, text: 'x' })).toBe(false);
    expect(await ab.send(0x70, { seq: 1n, text: 'x' })).toBe(true);
    expect(() => ab.trySend(0x99, { seq: 1n, text: 'x' })).toThrow(/not registered/);
  });

  test('stopPeerForError delivers the reason to every reactor; the other side sees the close', async () => {
    const [a, b] = await Promise.all([startNode(), startNode()]);
    const { ab } = await connect(a, b);
    const key = peerKey<number>('k');
    ab.set(key, 1);
    const reason = new Error('misbehaved');
    const removed = new Promise((resolve) => a.sw.once('peerRemoved', (peer, why) => resolve([peer, why])));
    await a.sw.stopPeerForError(ab, reason);
    expect(await removed).toEqual([ab, reason]);
    expect(a.reactor.removed).toEqual([{ peer: ab, reason }]);
    expect(ab.signal.aborted).toBe(true);
    expect(ab.signal.reason).toBeInstanceOf(PeerRemovedError);
    expect((ab.signal.reason as PeerRemovedError).reason).toBe(reason);
    expect(ab.get(key)).toBeUndefined();
    expect(ab.isRunning).toBe(false);
    expect(await ab.send(0x70, { seq: 1n, text: 'late' })).toBe(false);
    await waitFor(() => b.reactor.removed.length === 1, 'remote removal');
    expect(b.reactor.removed[0]!.reason).toBeInstanceOf(Error);
    expect(a.sw.peers.size + b.sw.peers.size).toBe(0);
    // Removing again is a no-op.
    await a.sw.stopPeerForError(ab, new Error('again'));
    expect(a.reactor.removed.length).toBe(1);
  });

  test('stopPeerGracefully flushes queued messages first and passes no reason', async () => {
    const [a, b] = await Promise.all([startNode(), startNode()]);
    const { ab } = await connect(a, b);
    for (let i = 0; i < 50; i++) expect(await ab.send(0x70, { seq: BigInt(i), text: 'bye'.repeat(20) })).toBe(true);
    await a.sw.stopPeerGracefully(ab);
    expect(a.reactor.removed).toEqual([{ peer: ab, reason: undefined }]);
    await waitFor(() => b.reactor.removed.length === 1, 'remote removal');
    expect(b.reactor.messagesOn(0x70).length).toBe(50);
  });

  test('a message failing validation at the channel boundary stops the peer with the ValidationError', async () => {
    const [a, b] = await Promise.all([startNode(), startNode()]);
    const { ab, ba } = await connect(a, b);
    const invalid = TestMessage.encode({ seq: 1n, text: 'x'.repeat(65) });
    expect(await ba.sendBytes(0x70, invalid)).toBe(true);
    await waitFor(() => a.reactor.removed.length === 1, 'peer stopped for the bad message');
    const { peer, reason } = a.reactor.removed[0]!;
    expect(peer).toBe(ab);
    expect(reason).toBeInstanceOf(ValidationError);
    expect((reason as ValidationError).rule).toBe('test message text must be at most 64 characters');
    expect(a.reactor.received).toEqual([]);
  });

  test('a throwing reactor stops the peer with a ReactorError', async () => {
    const [a, b] = await Promise.all([startNode(), startNode()]);
    const { ba } = await connect(a, b);
    a.reactor.receive = () => {
      throw new Error('reactor bug');
    };
    await ba.send(0x70, { seq: 1n, text: 'boom' });
    await waitFor(() => a.reactor.removed.length === 1, 'peer stopped');
    expect((a.reactor.removed[0]!.reason as Error).name).toBe('ReactorError');
  });

  test('stopping a switch removes its peers with no reason and stops its reactors', async () => {
    const [a, b] = await Promise.all([startNode(), startNode()]);
    await connect(a, b);
    await a.sw.stop();
    expect(a.reactor.removed.map((r) => r.reason)).toEqual([undefined]);
    expect(a.reactor.started).toBe(false);
    expect(a.sw.peers.size).toBe(0);
    await waitFor(() => b.sw.peers.size === 0, 'remote side noticed');
    await expect(a.sw.dialPeerWithAddress(b.sw.netAddress)).rejects.toMatchObject({ code: 'SWITCH_NOT_RUNNING' });
    await expect(a.sw.start()).rejects.toMatchObject({ code: 'SWITCH_NOT_RUNNING' });
  });
});
