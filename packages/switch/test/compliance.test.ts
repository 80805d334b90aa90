import { describe, expect, test } from 'vitest';
import { describeReactorCompliance, FakeSwitch } from '@cometts/switch/compliance';
import type { Envelope, Peer, Reactor, ReactorChannel, SwitchHandle } from '../src/index.js';
import { TestMessage, TestReactor } from './helpers.js';

const samples = {
  0x70: [{ seq: 1n, text: 'hello' }, TestMessage.create()],
  0x71: [{ seq: 2n, text: 'x'.repeat(64) }],
  0x72: [{ seq: 3n, text: '' }],
};

describeReactorCompliance('TestReactor', () => new TestReactor(), { samples });

/** An echo reactor with a per-peer loop tied to the peer's signal, as real reactors have. */
class EchoReactor implements Reactor {
  readonly name = 'echo';
  private readonly channel: ReactorChannel<TestMessage> = { id: 0x70, priority: 1, codec: TestMessage };

  constructor(private readonly sw: SwitchHandle) {}

  channels(): ReactorChannel[] {
    return [this.channel];
  }

  addPeer(peer: Peer): void {
    const timer = setInterval(() => void peer.send(0x70, { seq: 0n, text: 'tick' }), 20);
    peer.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
  }

  removePeer(): void {}

  receive(envelope: Envelope): void {
    const message = envelope.message as TestMessage;
    if (message.text === 'bad') void this.sw.stopPeerForError(envelope.src, new Error('bad text'));
    else envelope.src.trySend(0x70, { seq: message.seq + 1n, text: message.text });
  }
}

describeReactorCompliance('EchoReactor', (env) => new EchoReactor(env.switch), {
  samples: { 0x70: [{ seq: 1n, text: 'ping' }, { seq: 2n, text: 'bad' }] },
});

describe('FakeSwitch', () => {
  test('records what a reactor asks of the switch', () => {
    const sw = new FakeSwitch();
    const reactor = new EchoReactor(sw);
    sw.addReactor(reactor);
    const peer = sw.connectPeer();
    sw.deliver(peer, 0x70, { seq: 5n, text: 'hi' });
    expect(peer.messagesOn<TestMessage>(0x70)).toContainEqual({ seq: 6n, text: 'hi' });
    sw.deliver(peer, 0x70, { seq: 1n, text: 'bad' });
    expect(sw.stoppedForError.map((s) => (s.reason as Error).message)).toEqual(['bad text']);
    expect(peer.signal.aborted).toBe(true);
    expect(sw.peers.size).toBe(0);
  });

  test('broadcast encodes once', async () => {
    const sw = new FakeSwitch();
    sw.addReactor(new TestReactor());
    const peers = [sw.connectPeer(), sw.connectPeer(), sw.connectPeer()];
    const result = await sw.broadcast(0x71, { seq: 1n, text: 'all' });
    expect(sw.broadcastEncodings).toBe(1);
    expect(result.sent.length).toBe(3);
    for (const p of peers) expect(p.messagesOn(0x71)).toEqual([{ seq: 1n, text: 'all' }]);
  });
});
