import { afterEach, describe, expect, test } from 'vitest';
import type { NetAddress } from '@cometts/types';
import { Switch, type SwitchMetrics } from '../src/index.js';
import { newNodeKey, startNode, stopAll, TestReactor, waitFor } from './helpers.js';

afterEach(stopAll);

/** A reactor that dials from its start(), as PEX does with seeds. */
class DialingReactor extends TestReactor {
  dialResult: unknown;
  constructor(private readonly target: () => NetAddress) {
    super('dialing', [0x75]);
  }
  override start(): void {
    super.start();
    this.dialResult = 'pending';
    // Kicked off during start, like a reactor's first ensure-peers round.
    void Promise.resolve().then(() =>
      this.switch!.dialPeerWithAddress(this.target()).then(
        () => (this.dialResult = 'connected'),
        (err: Error) => (this.dialResult = err.name),
      ),
    );
  }
  switch: Switch | undefined;
}

describe('switch start order', () => {
  test('the switch counts as running while reactors start, so they can dial', async () => {
    const target = await startNode({}, new TestReactor('test', [0x75]));
    const reactor = new DialingReactor(() => target.sw.netAddress);
    const sw = new Switch({ nodeKey: newNodeKey(), network: 'test-chain', moniker: 'dialer', listenAddress: 'tcp://127.0.0.1:0', allowDuplicateIp: true });
    reactor.switch = sw;
    sw.addReactor(reactor.name, reactor);
    try {
      await sw.start();
      await waitFor(() => reactor.dialResult !== 'pending', 'dial from reactor start');
      expect(reactor.dialResult).toBe('connected');
      expect(reactor.added.length).toBe(1);
    } finally {
      await sw.stop();
    }
  });

  test('metrics given as a class instance keep their methods', async () => {
    class Recorder implements SwitchMetrics {
      readonly seen: string[] = [];
      peers(c: { total: number }): void {
        this.seen.push(`peers ${c.total}`);
      }
      messageReceived(): void {}
      messageSent(): void {}
      connectionRejected(): void {}
      peerStoppedForError(): void {}
    }
    const metrics = new Recorder();
    const a = await startNode({ metrics });
    const b = await startNode();
    await a.sw.dialPeerWithAddress(b.sw.netAddress);
    expect(metrics.seen).toContain('peers 1');
  });
});
