import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Switch, type Envelope, type Peer, type Reactor, type ReactorChannel } from '@cometts/switch';
import { afterEach, describe, expect, it } from 'vitest';
import { BannedPeerError, PEX_CHANNEL, PEX_CHANNEL_DESCRIPTOR, PexRequestTooSoonError, pexRequestMessage } from '../src/index.js';
import { newNodeKey, startPexNode, stopAllNodes, stopNode, waitFor } from './loopback.js';

afterEach(stopAllNodes, 30_000);

/** A misbehaving peer: on connect it sends PexRequest after PexRequest. */
class FloodReactor implements Reactor {
  readonly name = 'flood';
  readonly removed: unknown[] = [];
  channels(): ReactorChannel[] {
    return [PEX_CHANNEL_DESCRIPTOR];
  }
  addPeer(peer: Peer): void {
    void (async () => {
      for (let i = 0; i < 20 && peer.isRunning; i++) {
        await peer.send(PEX_CHANNEL, pexRequestMessage());
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
  }
  removePeer(_peer: Peer, reason: unknown): void {
    this.removed.push(reason);
  }
  receive(_envelope: Envelope): void {}
}

describe('PEX over loopback: abuse and restarts', () => {
  it('stops and bans a peer that floods PexRequest; it cannot come back while banned', async () => {
    const target = await startPexNode({ pex: { ensurePeersPeriodMs: 30_000 } }); // 10 s minimum between requests
    const removed: unknown[] = [];
    target.sw.on('peerRemoved', (_peer, reason) => removed.push(reason));
    const flood = new FloodReactor();
    const attacker = new Switch({
      nodeKey: newNodeKey(),
      network: 'pex-test-chain',
      moniker: 'flooder',
      listenAddress: 'tcp://127.0.0.1:0',
      allowDuplicateIp: true,
      handshakeTimeoutMs: 15_000,
      mconnConfig: { flushThrottleMs: 5 },
    });
    attacker.addReactor('flood', flood);
    await attacker.start();
    try {
      await attacker.dialPeerWithAddress(target.sw.netAddress);
      await waitFor(() => removed.some((r) => r instanceof PexRequestTooSoonError), 'the flooder to be stopped');
      expect(target.sw.peers.has(attacker.nodeId)).toBe(false);
      expect(target.book.isBanned(attacker.netAddress)).toBe(true);
      await waitFor(() => attacker.peers.size === 0, 'the attacker to see the disconnect');

      // Redialing while banned: the PEX reactor disconnects it at once.
      await attacker.dialPeerWithAddress(target.sw.netAddress).catch(() => undefined);
      await waitFor(() => removed.some((r) => r instanceof BannedPeerError), 'the banned peer to be refused');
      expect(target.sw.peers.has(attacker.nodeId)).toBe(false);
    } finally {
      await attacker.stop();
    }
  }, 40_000);

  it('keeps the book across a restart and dials from it without seeds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pex-restart-'));
    const file = join(dir, 'addrbook.json');
    const a = await startPexNode();
    const bKey = newNodeKey();
    const b = await startPexNode({ filePath: file, nodeKey: bKey });
    // A dials B: B (inbound) records A's listen address in its book.
    await a.sw.dialPeerWithAddress(b.sw.netAddress);
    await waitFor(() => b.book.hasAddress(a.sw.netAddress), "A's address in B's book");
    await stopNode(b); // saves the book
    await waitFor(() => a.sw.peers.size === 0, 'A to see B leave');

    const b2 = await startPexNode({ filePath: file, nodeKey: bKey });
    expect(b2.book.loadProblem).toBeUndefined();
    expect(b2.book.hasAddress(a.sw.netAddress)).toBe(true);
    // No seeds, no persistent peers: the only way to reach A is the restored book.
    await waitFor(() => b2.sw.peers.has(a.sw.nodeId), 'B to redial A from its restored book');
    expect(b2.sw.peers.get(a.sw.nodeId)!.isOutbound).toBe(true);
  }, 40_000);
});
