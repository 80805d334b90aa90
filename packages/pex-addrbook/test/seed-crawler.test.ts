import type { PexMessage } from '@cometts/types';
import type { FakePeer } from '@cometts/switch/compliance';
import { afterEach, describe, expect, it } from 'vitest';
import { AddrBook, PEX_CHANNEL, PexReactor, pexAddrsMessage } from '../src/index.js';
import { DialingFakeSwitch } from './fake-network.js';
import { FakeClock, addr, nodeId, routableIp, seededRandom } from './helpers.js';

const reactors: PexReactor[] = [];
afterEach(async () => {
  for (const r of reactors.splice(0)) await r.stop();
});

function seedSetup(maxOutboundPeers: number) {
  const clock = new FakeClock();
  const sw = new DialingFakeSwitch(nodeId('seed'));
  const book = new AddrBook({ strict: false, clock, random: seededRandom(1) });
  const reactor = new PexReactor({ book, switch: sw, clock, seedMode: true, maxOutboundPeers, ensurePeersPeriodMs: 60_000, minTimeBetweenCrawlsMs: 120_000 });
  sw.addReactor(reactor);
  reactors.push(reactor);
  for (let i = 0; i < 6; i++) {
    const a = addr(i, routableIp(i));
    book.addAddress(a, addr('s', '5.5.5.5'));
    sw.reachable.add(a.id);
  }
  return { clock, sw, book, reactor };
}

describe('seed mode crawl', () => {
  it('crawls within the free outbound slots, asks each crawled peer, and lets it go once it answered', async () => {
    const { sw, reactor, book } = seedSetup(2);
    await reactor.crawler.crawl(book.getSelection());
    expect(sw.dialAttempts.length).toBe(2); // no more than the free slots
    expect(sw.numPeers().outbound).toBe(2);
    for (const peer of sw.peers.values()) {
      const fake = peer as FakePeer;
      expect(fake.messagesOn<PexMessage>(PEX_CHANNEL).filter((m) => m.case === 'pexRequest')).toHaveLength(1);
      sw.deliver(fake, PEX_CHANNEL, pexAddrsMessage([addr(`new-${fake.id}`, routableIp(100))]));
    }
    await Promise.resolve();
    expect(sw.stoppedGracefully.length).toBe(2);
    expect(sw.peers.size).toBe(0);
    expect(book.size).toBeGreaterThanOrEqual(7);
    // The next crawl skips what was crawled recently and fills the slots again with others.
    await reactor.crawler.crawl(book.getSelection());
    const dialed = new Set(sw.dialAttempts.map((a) => a.id));
    expect(dialed.size).toBe(sw.dialAttempts.length);
    expect(sw.numPeers().outbound).toBe(2);
  });

  it('crawls an address again only after minTimeBetweenCrawls, and forgets records after 24 h', async () => {
    const { sw, reactor, book, clock } = seedSetup(10);
    const all = book.getSelection();
    await reactor.crawler.crawl(all);
    expect(sw.dialAttempts.length).toBe(6);
    for (const peer of [...sw.peers.values()]) sw.disconnectPeer(peer, undefined);
    await reactor.crawler.crawl(all);
    expect(sw.dialAttempts.length).toBe(6);
    clock.advance(120_000);
    await reactor.crawler.crawl(all);
    expect(sw.dialAttempts.length).toBe(12);
    expect(reactor.crawler.crawlRecords).toBe(6);
    clock.advance(24 * 3600_000 + 1);
    reactor.crawler.cleanup();
    expect(reactor.crawler.crawlRecords).toBe(0);
  });

  it('disconnects non-persistent peers connected longer than the seed wait period', async () => {
    const clock = new FakeClock();
    const sw = new DialingFakeSwitch(nodeId('seed'));
    const reactor = new PexReactor({ book: new AddrBook({ strict: false }), switch: sw, clock, seedMode: true, seedDisconnectWaitPeriodMs: 0 });
    sw.addReactor(reactor);
    reactors.push(reactor);
    const keep = sw.connectPeer({ isPersistent: true });
    const drop = sw.connectPeer({});
    reactor.crawler.attemptDisconnects();
    await Promise.resolve();
    expect(sw.stoppedGracefully).toEqual([drop]);
    expect(sw.peers.has(keep.id)).toBe(true);
  });
});
