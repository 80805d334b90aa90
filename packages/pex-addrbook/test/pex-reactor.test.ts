import { NetAddress, type PexMessage } from '@cometts/types';
import type { FakePeer } from '@cometts/switch/compliance';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AddrBook,
  BannedPeerError,
  PEX_CHANNEL,
  PexReactor,
  PexRequestTooSoonError,
  TooManyPexAddrsError,
  UnsolicitedPexAddrsError,
  pexAddrsMessage,
  pexRequestMessage,
  type PexReactorOptions,
} from '../src/index.js';
import { DialingFakeSwitch } from './fake-network.js';
import { waitFor } from './loopback.js';
import { FakeClock, addr, nodeId, routableIp, seededRandom } from './helpers.js';

const reactors: PexReactor[] = [];
afterEach(async () => {
  for (const r of reactors.splice(0)) await r.stop();
});

function setup(options: Partial<PexReactorOptions> = {}, strict = false) {
  const clock = new FakeClock();
  const sw = new DialingFakeSwitch(nodeId('self'));
  const book = new AddrBook({ strict, clock, random: seededRandom(9) });
  const reactor = new PexReactor({ book, switch: sw, clock, random: seededRandom(10), ensurePeersPeriodMs: 60_000, ...options });
  sw.addReactor(reactor);
  reactors.push(reactor);
  return { clock, sw, book, reactor };
}

const requests = (peer: FakePeer) => peer.messagesOn<PexMessage>(PEX_CHANNEL).filter((m) => m.case === 'pexRequest').length;
const addrsSent = (peer: FakePeer) => peer.messagesOn<PexMessage>(PEX_CHANNEL).flatMap((m) => (m.case === 'pexAddrs' ? [m.value.addrs] : []));

describe('PEX reactor: requests and responses', () => {
  it('asks an outbound peer for addresses once, and records an inbound peer in the book', async () => {
    const { sw, book } = setup();
    const out = sw.connectPeer({ isOutbound: true });
    await Promise.resolve();
    expect(requests(out)).toBe(1);
    const inbound = sw.connectPeer({ isOutbound: false });
    expect(requests(inbound)).toBe(0);
    expect(book.hasAddress(inbound.listenAddress)).toBe(true);
  });

  it('answers the first two requests at once, stops a peer whose third comes too soon, and bans it', async () => {
    const { sw, book, clock } = setup({ minReceiveRequestIntervalMs: 10_000 });
    for (let i = 0; i < 5; i++) book.addAddress(addr(i, routableIp(i)), addr('s', '5.5.5.5'));
    const peer = sw.connectPeer({ isOutbound: false });
    sw.deliver(peer, PEX_CHANNEL, pexRequestMessage());
    sw.deliver(peer, PEX_CHANNEL, pexRequestMessage());
    await Promise.resolve();
    expect(addrsSent(peer)).toHaveLength(2);
    clock.advance(10_000);
    sw.deliver(peer, PEX_CHANNEL, pexRequestMessage()); // exactly the interval: fine
    clock.advance(9_999);
    sw.deliver(peer, PEX_CHANNEL, pexRequestMessage()); // too soon
    expect(sw.stoppedForError).toHaveLength(1);
    expect(sw.stoppedForError[0]!.reason).toBeInstanceOf(PexRequestTooSoonError);
    expect(book.isBanned(peer.remoteAddress)).toBe(true);
    expect(sw.peers.has(peer.id)).toBe(false);
    // Reconnecting while banned is refused.
    const again = sw.connectPeer({ id: peer.id });
    expect(sw.stoppedForError.at(-1)!.reason).toBeInstanceOf(BannedPeerError);
    expect(sw.peers.has(again.id)).toBe(false);
  });

  it('stops and bans a peer that sends PexAddrs unasked', () => {
    const { sw, book } = setup();
    const peer = sw.connectPeer({ isOutbound: false });
    sw.deliver(peer, PEX_CHANNEL, pexAddrsMessage([addr(1, '1.2.3.4')]));
    expect(sw.stoppedForError[0]!.reason).toBeInstanceOf(UnsolicitedPexAddrsError);
    expect(book.isBanned(peer.remoteAddress)).toBe(true);
    expect(book.hasAddress(addr(1, '1.2.3.4'))).toBe(false);
  });

  it('adds the addresses of a requested answer with the sender as source, once', async () => {
    const { sw, book } = setup();
    const peer = sw.connectPeer({ isOutbound: true });
    await Promise.resolve();
    const a = addr(1, '1.2.3.4');
    sw.deliver(peer, PEX_CHANNEL, pexAddrsMessage([a, addr(2, '2.3.4.5'), NetAddress.parse(`${sw.nodeId}@9.9.9.9:1`)]));
    expect(sw.stoppedForError).toHaveLength(0);
    expect(book.size).toBe(2);
    expect(book.getEntry(a.id)!.src.toString()).toBe(peer.listenAddress.toString());
    expect(book.hasAddress(NetAddress.parse(`${sw.nodeId}@9.9.9.9:1`))).toBe(false); // never ourselves
    sw.deliver(peer, PEX_CHANNEL, pexAddrsMessage([addr(3, '3.4.5.6')]));
    expect(sw.stoppedForError[0]!.reason).toBeInstanceOf(UnsolicitedPexAddrsError);
  });

  it('rejects a list longer than maxAddrsPerMessage', async () => {
    const { sw } = setup({ maxAddrsPerMessage: 3 });
    const peer = sw.connectPeer({ isOutbound: true });
    await Promise.resolve();
    sw.deliver(peer, PEX_CHANNEL, pexAddrsMessage([1, 2, 3, 4].map((i) => addr(i, routableIp(i)))));
    expect(sw.stoppedForError[0]!.reason).toBeInstanceOf(TooManyPexAddrsError);
  });

  it('filters responses: no private IDs, not the asker itself, no unroutable addresses in strict mode, at most the maximum', async () => {
    const { sw, book, reactor } = setup({ maxAddrsPerMessage: 40 }, true);
    for (let i = 0; i < 60; i++) book.addAddress(addr(i, routableIp(i)), addr('s', '5.5.5.5'));
    book.addPrivateIds([nodeId(3)]);
    const peer = sw.connectPeer({ isOutbound: false, id: nodeId(4) });
    await reactor.sendAddrs(peer, [addr(3, routableIp(3)), addr(4, routableIp(4)), addr(5, routableIp(5)), addr(6, '10.0.0.1'), addr(7, '127.0.0.1')]);
    expect(addrsSent(peer)[0]!.map((a) => a.id)).toEqual([nodeId(5)]);
    sw.deliver(peer, PEX_CHANNEL, pexRequestMessage());
    await Promise.resolve();
    // selectionSize(60) = 32 sampled, minus the private one and the asker if they were drawn.
    const answer = addrsSent(peer)[1]!.map((a) => a.id);
    expect(answer.length).toBeGreaterThanOrEqual(30);
    expect(answer.length).toBeLessThanOrEqual(32);
    expect(answer).not.toContain(nodeId(3));
    expect(answer).not.toContain(nodeId(4));
  });

  it('in seed mode answers an inbound request once with a new-biased selection, then hangs up', async () => {
    const { sw, book } = setup({ seedMode: true });
    for (let i = 0; i < 10; i++) book.addAddress(addr(i, routableIp(i)), addr('s', '5.5.5.5'));
    const peer = sw.connectPeer({ isOutbound: false });
    sw.deliver(peer, PEX_CHANNEL, pexRequestMessage());
    sw.deliver(peer, PEX_CHANNEL, pexRequestMessage()); // ignored: already answered on this connection
    await waitFor(() => sw.stoppedGracefully.includes(peer), 'the seed to hang up');
    expect(addrsSent(peer)).toHaveLength(1);
    expect(addrsSent(peer)[0]!.length).toBe(10);
    expect(sw.stoppedGracefully).toContain(peer);
    expect(sw.stoppedForError).toHaveLength(0);
  });
});

describe('PEX reactor: ensurePeers', () => {
  it('dials up to the outbound target, never ourselves or persistent peers, and counts dials in flight', async () => {
    const { sw, book, reactor } = setup({ maxOutboundPeers: 4, persistentPeerIds: [nodeId('persistent')] });
    for (let i = 0; i < 30; i++) {
      const a = addr(i, routableIp(i));
      book.addAddress(a, addr('s', '5.5.5.5'));
      sw.reachable.add(a.id);
    }
    book.addAddress(addr('persistent', '7.7.7.7'), addr('s', '5.5.5.5'));
    sw.holdDials = true;
    const round = reactor.finder.ensurePeers(true);
    const second = reactor.finder.ensurePeers(true); // sees the 4 dials in flight: dials nothing more
    expect(sw.dialAttempts.length).toBe(4);
    sw.release();
    await Promise.all([round, second]);
    expect(sw.numPeers().outbound).toBe(4);
    await reactor.finder.ensurePeers(true);
    expect(sw.dialAttempts.length).toBe(4);
    expect(sw.dialAttempts.some((a) => a.id === nodeId('persistent') || a.id === sw.nodeId)).toBe(false);
  });

  it('backs off exponentially per address and bans it after maxAttemptsToDial failures', async () => {
    const { sw, book, reactor, clock } = setup({ maxOutboundPeers: 1, maxAttemptsToDial: 3, dialBackoffUnitMs: 1000 });
    const a = addr(1, '1.2.3.4');
    book.addAddress(a, addr('s', '5.5.5.5'));
    await reactor.finder.ensurePeers(false);
    expect(sw.dialAttempts.length).toBe(1);
    expect(book.getEntry(a.id)!.attempts).toBe(1);
    clock.advance(1999); // 2^1 s not yet passed
    await reactor.finder.ensurePeers(false);
    expect(sw.dialAttempts.length).toBe(1);
    clock.advance(1001 + 1000); // past 2 s + up to 1 s jitter
    await reactor.finder.ensurePeers(false);
    expect(sw.dialAttempts.length).toBe(2);
    clock.advance(5000); // 2^2 + 1
    await reactor.finder.ensurePeers(false);
    clock.advance(9000); // 2^3 + 1
    await reactor.finder.ensurePeers(false);
    expect(sw.dialAttempts.length).toBe(4);
    expect(reactor.attempts.attempts(a)).toBe(4);
    clock.advance(17_000);
    await reactor.finder.ensurePeers(false); // attempts (4) > max (3): banned, not dialed
    expect(sw.dialAttempts.length).toBe(4);
    expect(book.isBanned(a)).toBe(true);
  });

  it('falls back to the seeds when the book has nothing to dial, and dials the book after a seed answers', async () => {
    const seed = addr('seed', '8.8.8.8');
    const { sw, book, reactor } = setup({ seeds: [seed], maxOutboundPeers: 3 });
    sw.reachable.add(seed.id);
    await reactor.finder.ensurePeers(true);
    expect(sw.dialAttempts.map((a) => a.id)).toEqual([seed.id]);
    const seedPeer = sw.peers.get(seed.id) as FakePeer;
    expect(requests(seedPeer)).toBe(1);
    const learned = [1, 2, 3].map((i) => addr(i, routableIp(i)));
    for (const a of learned) sw.reachable.add(a.id);
    sw.deliver(seedPeer, PEX_CHANNEL, pexAddrsMessage(learned)); // a seed answered: ensurePeers(false) at once
    expect(book.size).toBe(3);
    await waitFor(() => sw.numPeers().outbound === 3, 'three outbound peers from the book', 5_000);
  });

  it('the loop runs at its configured period and stops with the reactor', async () => {
    const { sw, book, reactor } = setup({ ensurePeersPeriodMs: 20, maxOutboundPeers: 2 });
    for (let i = 0; i < 2; i++) {
      const a = addr(i, routableIp(i));
      book.addAddress(a, addr('s', '5.5.5.5'));
      sw.reachable.add(a.id);
    }
    await reactor.start();
    await waitFor(() => sw.numPeers().outbound === 2, 'the loop to fill the outbound target', 5_000);
    await reactor.stop();
    const dials = sw.dialAttempts.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(sw.dialAttempts.length).toBe(dials);
  });
});
