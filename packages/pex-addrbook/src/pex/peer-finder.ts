/**
 * The dialing side of PEX (pex.md §3): ensurePeers fills the outbound slots
 * from the book with a bias that follows how many peers we have, dialPeer
 * applies per-address backoff and the attempt limit, and dialSeeds falls back
 * to the seeds. It never dials ourselves, persistent peers, or beyond the
 * outbound limit (the switch enforces the limit too).
 */
import type { NetAddress, NodeId } from '@cometts/types';
import { AlreadyDialingOrConnectedError, OutboundLimitError, SelfConnectionError, SwitchNotRunningError, type Peer, type SwitchHandle } from '@cometts/switch';
import type { AddrBookCore } from '../book/book-core.js';
import { randomInt, shuffleInPlace, type RandomSource } from '../clock.js';
import type { Logger } from '../logger.js';
import type { DialAttempts } from './dial-attempts.js';
import type { PexConfig } from './pex-options.js';

export interface PeerFinderHost {
  readonly book: AddrBookCore;
  readonly sw: SwitchHandle;
  readonly config: PexConfig;
  readonly seeds: readonly NetAddress[];
  readonly attempts: DialAttempts;
  readonly logger: Logger;
  readonly random: RandomSource;
  isPersistent(id: NodeId): boolean;
  requestAddrs(peer: Peer): void;
}

/** Failures that say nothing about the address itself: they do not count as attempts. */
function isNeutralDialError(error: unknown): boolean {
  return (
    error instanceof AlreadyDialingOrConnectedError ||
    error instanceof OutboundLimitError ||
    error instanceof SwitchNotRunningError ||
    error instanceof SelfConnectionError
  );
}

export class PeerFinder {
  constructor(private readonly host: PeerFinderHost) {}

  /** Free outbound slots: max − (outbound + dialing). */
  freeOutboundSlots(): number {
    const { outbound, dialing } = this.host.sw.numPeers();
    return this.host.config.maxOutboundPeers - (outbound + dialing);
  }

  /** Addresses PEX must never dial. */
  isExcluded(addr: NetAddress): boolean {
    return addr.id === this.host.sw.nodeId || this.host.isPersistent(addr.id);
  }

  /** One round of ensurePeers; resolves when the round's dials have settled. */
  async ensurePeers(periodElapsed: boolean): Promise<void> {
    const { book, sw } = this.host;
    const numToDial = this.freeOutboundSlots();
    if (numToDial <= 0) return;
    const newBias = Math.min(sw.numPeers().outbound, 8) * 10 + 10;
    const toDial = new Map<NodeId, NetAddress>();
    for (let i = 0; i < 3 * numToDial && toDial.size < numToDial; i++) {
      const candidate = book.pickAddress(newBias);
      if (!candidate || toDial.has(candidate.id) || this.isExcluded(candidate)) continue;
      if (sw.isDialingOrExistingAddress(candidate)) continue;
      toDial.set(candidate.id, candidate);
    }
    const dials = [...toDial.values()].map((addr) => this.dialPeer(addr));

    if (book.needMoreAddrs()) book.reinstateBadPeers();
    if (book.needMoreAddrs()) {
      const peers = [...sw.peers.values()];
      if (periodElapsed && peers.length > 0) this.host.requestAddrs(peers[randomInt(this.host.random, peers.length)]!);
      if (toDial.size === 0) dials.push(this.dialSeeds().then(() => undefined));
    }
    await Promise.all(dials);
  }

  /**
   * Dials `addr` unless its backoff says wait; more than maxAttemptsToDial
   * failures ban it. Resolves with the peer, or undefined (the reason is logged).
   * Everything before the switch's dial is synchronous, so the switch counts
   * the dial before any other ensurePeers round can look.
   */
  dialPeer(addr: NetAddress): Promise<Peer | undefined> {
    const { book, sw, attempts, config, logger } = this.host;
    if (this.isExcluded(addr)) return Promise.resolve(undefined);
    const verdict = attempts.check(addr, this.host.isPersistent(addr.id));
    if (verdict.kind === 'too-many-attempts') {
      logger.info('too many failed dials: banning address', { address: addr.toString(), attempts: verdict.attempts });
      book.markBad(addr, config.banTimeMs);
      attempts.reset(addr);
      return Promise.resolve(undefined);
    }
    if (verdict.kind === 'too-early') {
      logger.debug('too early to redial', { address: addr.toString(), attempts: verdict.attempts, waitMs: Math.round(verdict.waitMs) });
      return Promise.resolve(undefined);
    }
    return sw.dialPeerWithAddress(addr).then(
      (peer) => {
        attempts.reset(addr);
        return peer;
      },
      (error: unknown) => {
        if (!isNeutralDialError(error)) {
          book.markAttempt(addr);
          attempts.failed(addr);
        }
        logger.debug('dial failed', { address: addr.toString(), error: (error as Error).message });
        return undefined;
      },
    );
  }

  /** Dials the seeds in random order until one connects (or is already connected). */
  async dialSeeds(): Promise<boolean> {
    const { sw, logger, seeds } = this.host;
    if (seeds.length === 0) return false;
    for (const seed of shuffleInPlace([...seeds], this.host.random)) {
      if (seed.id === sw.nodeId) continue;
      try {
        await sw.dialPeerWithAddress(seed);
        return true;
      } catch (error) {
        if (error instanceof AlreadyDialingOrConnectedError) return true;
        if (error instanceof SwitchNotRunningError) return false;
        logger.warn('dialing seed failed', { seed: seed.toString(), error: (error as Error).message });
      }
    }
    logger.error('could not connect to any seed', { seeds: seeds.length });
    return false;
  }
}
