import { connect as tcpConnect } from 'node:net';
import { describe, expect, test } from 'vitest';
import { NetAddress } from '@cometts/types';
import { connect, newNodeKey, rejections, startNode, stopAll, waitFor } from './helpers.js';

/** Handles that would keep a process alive: sockets, servers and timers. */
function liveHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap' || r === 'Timeout').length;
}

describe('no leaks', () => {
  test('connections, rejections and stops leave no sockets, servers or timers behind', async () => {
    const baseline = liveHandles();
    const a = await startNode();
    const b = await startNode({ handshakeTimeoutMs: 300 });
    const c = await startNode({ network: 'other-chain' });
    const seen = rejections(b.sw);
    await connect(a, b);
    await a.sw.dialPeerWithAddress(c.sw.netAddress).catch(() => undefined);
    await a.sw.dialPeerWithAddress(new NetAddress(newNodeKey().nodeId, b.sw.netAddress.ip, b.sw.netAddress.port)).catch(() => undefined);
    const silent = tcpConnect({ host: '127.0.0.1', port: b.sw.netAddress.port });
    silent.on('error', () => {});
    silent.resume();
    await waitFor(() => seen.some((r) => r.error.name === 'HandshakeTimeoutError'), 'silent socket timed out');
    await a.sw.stopPeerForError(a.sw.peers.get(b.sw.nodeId)!, new Error('done'));
    await stopAll();
    silent.destroy();
    await waitFor(() => liveHandles() <= baseline, `handles back to ${baseline} (now ${liveHandles()})`, 10_000);
    expect(liveHandles()).toBeLessThanOrEqual(baseline);
  });
});
