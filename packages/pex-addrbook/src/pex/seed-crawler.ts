/**
 * Seed mode (pex.md §4): instead of keeping outbound peers, a seed crawls the
 * addresses it knows, asks each for more, and lets peers go after a long
 * wait. Upstream kept crawled connections for 28 h; with the switch's
 * outbound limit enforced that would stall the crawl after a few peers, so a
 * crawled peer is let go once it answered (or after crawlAnswerTimeoutMs).
 */
import type { NetAddress, NodeId } from '@cometts/types';
import type { Peer, SwitchHandle } from '@cometts/switch';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { PeerFinder } from './peer-finder.js';
import type { PexConfig } from './pex-options.js';
import { PEX_DEFAULTS } from './pex-options.js';

export interface SeedCrawlerHost {
  readonly sw: SwitchHandle;
  readonly config: PexConfig;
  readonly finder: PeerFinder;
  readonly clock: Clock;
  readonly logger: Logger;
  requestAddrs(peer: Peer): void;
  /** Runs a promise whose failure is only logged. */
  background(work: Promise<unknown>, what: string): void;
  isPersistent(id: NodeId): boolean;
}

export class SeedCrawler {
  /** When each ID was last crawled (bounded by the 24 h cleanup). */
  private readonly lastCrawled = new Map<NodeId, number>();

  constructor(private readonly host: SeedCrawlerHost) {}

  get crawlRecords(): number {
    return this.lastCrawled.size;
  }

  /**
   * Dials every address not crawled within minTimeBetweenCrawls and asks each
   * new peer for addresses. Runs as many dials at once as there are free
   * outbound slots; addresses left when no slot is free wait for the next round.
   */
  async crawl(addrs: readonly NetAddress[]): Promise<void> {
    const queue = addrs.filter((a) => !this.host.finder.isExcluded(a));
    const workers = Math.max(1, this.host.finder.freeOutboundSlots());
    await Promise.all(Array.from({ length: Math.min(workers, queue.length) }, () => this.crawlWorker(queue)));
  }

  private async crawlWorker(queue: NetAddress[]): Promise<void> {
    const { sw, finder, clock, config } = this.host;
    for (let addr = queue.shift(); addr; addr = queue.shift()) {
      const now = clock.now();
      const last = this.lastCrawled.get(addr.id);
      if (last !== undefined && now - last < config.minTimeBetweenCrawlsMs) continue;
      if (finder.freeOutboundSlots() <= 0) return;
      if (sw.isDialingOrExistingAddress(addr)) continue;
      this.lastCrawled.set(addr.id, now);
      const peer = await finder.dialPeer(addr);
      if (peer) this.host.requestAddrs(peer);
    }
  }

  /** Gracefully stops every non-persistent peer connected for at least seedDisconnectWaitPeriod. */
  attemptDisconnects(): void {
    const { sw, config } = this.host;
    for (const peer of sw.peers.values()) {
      if (peer.isPersistent || this.host.isPersistent(peer.id)) continue;
      if (peer.status().durationMs < config.seedDisconnectWaitPeriodMs) continue;
      this.host.background(sw.stopPeerGracefully(peer), 'seed disconnect');
    }
  }

  /** Forgets crawl records older than 24 h. */
  cleanup(): void {
    const cutoff = this.host.clock.now() - PEX_DEFAULTS.crawlRecordMaxAgeMs;
    for (const [id, at] of this.lastCrawled) if (at < cutoff) this.lastCrawled.delete(id);
  }
}
