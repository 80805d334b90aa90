/**
 * The PEX reactor (pex.md §2–§4) on channel 0x00: answers PexRequest with a
 * filtered selection (rate-limited per peer), accepts PexAddrs only in reply
 * to its own request, and runs the ensurePeers loop (or, in seed mode, the
 * crawl loop) through the switch's dial API.
 */
import { NetAddress, type NodeId, type PexMessage } from '@cometts/types';
import type { Envelope, Peer, Reactor, ReactorChannel, SwitchHandle } from '@cometts/switch';
import type { AddrBookCore } from '../book/book-core.js';
import { sleep, systemClock, type Clock, type RandomSource } from '../clock.js';
import {
  AddrBookAddError,
  BannedPeerError,
  InvalidPexAddressError,
  TooManyPexAddrsError,
  UnsolicitedPexAddrsError,
} from '../errors.js';
import { noopLogger, type Logger } from '../logger.js';
import { DialAttempts } from './dial-attempts.js';
import { PeerFinder } from './peer-finder.js';
import { PEX_CHANNEL, PEX_CHANNEL_DESCRIPTOR, pexAddrsMessage, pexRequestMessage } from './pex-channel.js';
import { PEX_DEFAULTS, resolvePexConfig, type PexConfig, type PexReactorOptions } from './pex-options.js';
import { RequestTracker } from './request-tracker.js';
import { SeedCrawler } from './seed-crawler.js';

interface Lifecycle {
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export class PexReactor implements Reactor {
  readonly name = 'PEX';
  readonly book: AddrBookCore;
  readonly sw: SwitchHandle;
  readonly config: PexConfig;
  readonly seeds: readonly NetAddress[];
  readonly attempts: DialAttempts;
  readonly finder: PeerFinder;
  readonly crawler: SeedCrawler;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly logger: Logger;
  private readonly tracker: RequestTracker;
  private readonly persistentIds: Set<NodeId>;
  private loop: { controller: AbortController; done: Promise<void> } | undefined;

  constructor(options: PexReactorOptions) {
    this.book = options.book;
    this.sw = options.switch;
    this.config = resolvePexConfig(options);
    this.seeds = options.seeds ?? [];
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? noopLogger;
    this.persistentIds = new Set(options.persistentPeerIds ?? []);
    this.tracker = new RequestTracker(this.clock, this.config.minReceiveRequestIntervalMs);
    this.attempts = new DialAttempts(
      { maxAttempts: this.config.maxAttemptsToDial, unitMs: this.config.dialBackoffUnitMs, persistentMaxMs: this.config.persistentPeersMaxDialPeriodMs },
      this.clock,
      this.random,
    );
    this.finder = new PeerFinder(this);
    this.crawler = new SeedCrawler({ ...this.crawlerHost(), finder: this.finder });
  }

  channels(): ReactorChannel[] {
    return [PEX_CHANNEL_DESCRIPTOR];
  }

  async start(): Promise<void> {
    if (this.loop) return;
    if (this.config.manageBook) await (this.book as Lifecycle).start?.();
    if (this.book.isEmpty() && this.seeds.length === 0 && !this.config.seedMode) {
      this.logger.warn('address book is empty and no seeds are configured: only inbound peers can fill it');
    }
    const controller = new AbortController();
    const run = this.config.seedMode ? this.crawlLoop(controller.signal) : this.ensurePeersLoop(controller.signal);
    this.loop = { controller, done: run.catch((error: Error) => this.logger.error('PEX loop failed', { error: error.message })) };
  }

  async stop(): Promise<void> {
    const loop = this.loop;
    this.loop = undefined;
    if (loop) {
      loop.controller.abort();
      await loop.done;
    }
    if (this.config.manageBook) await (this.book as Lifecycle).stop?.();
  }

  isPersistent(id: NodeId): boolean {
    if (this.persistentIds.has(id)) return true;
    const sw = this.sw as SwitchHandle & { isPeerPersistent?(id: NodeId): boolean };
    return sw.isPeerPersistent?.(id) === true || this.sw.peers.get(id)?.isPersistent === true;
  }

  addPeer(peer: Peer): void {
    if (this.config.disconnectBannedPeers && !peer.isPersistent && !peer.isUnconditional && this.book.isBanned(peer.remoteAddress)) {
      this.background(this.sw.stopPeerForError(peer, new BannedPeerError(peer.id)), 'stopping a banned peer');
      return;
    }
    if (peer.isOutbound) {
      if (this.book.needMoreAddrs() || this.config.seedMode) this.requestAddrs(peer);
      if (this.config.seedMode && !peer.isPersistent) this.letGoIfSilent(peer);
      return;
    }
    // An inbound peer: its self-reported address goes into the book, with itself as source.
    this.addToBook(peer.listenAddress, peer.listenAddress);
  }

  removePeer(peer: Peer): void {
    this.tracker.forget(peer.id);
  }

  receive(envelope: Envelope): void {
    const { src } = envelope;
    const message = envelope.message as PexMessage;
    if (message.case === 'pexRequest') this.onRequest(src);
    else if (message.case === 'pexAddrs') this.onAddrs(src, message.value.addrs);
  }

  /** Asks `peer` for addresses unless a request to it is still unanswered. */
  requestAddrs(peer: Peer): void {
    if (!peer.hasChannel(PEX_CHANNEL) || !this.tracker.startRequest(peer.id)) return;
    peer.send(PEX_CHANNEL, pexRequestMessage()).then(
      (queued) => queued || this.tracker.cancelRequest(peer.id),
      () => this.tracker.cancelRequest(peer.id),
    );
  }

  /** Sends `addrs` minus private IDs, ourselves, the peer itself and (strict) unroutable addresses; at most maxAddrsPerMessage. */
  sendAddrs(peer: Peer, addrs: readonly NetAddress[]): Promise<boolean> {
    const out: NetAddress[] = [];
    for (const a of addrs) {
      if (out.length >= this.config.maxAddrsPerMessage) break;
      if (a.id === peer.id || a.id === this.sw.nodeId || this.book.isPrivateId(a.id)) continue;
      if (this.book.strict && !a.isRoutable()) continue;
      out.push(a);
    }
    return peer.send(PEX_CHANNEL, pexAddrsMessage(out)).catch(() => false);
  }

  /** True while a request to the peer is unanswered. */
  isAwaitingResponse(peer: Peer): boolean {
    return this.tracker.isAwaitingResponse(peer.id);
  }

  private onRequest(src: Peer): void {
    if (this.config.seedMode && !src.isOutbound) {
      // A seed answers once per connection with a new-biased selection, then hangs up.
      if (!this.tracker.firstRequestOfConnection(src.id)) return;
      const answered = this.sendAddrs(src, this.book.getSelectionWithBias(PEX_DEFAULTS.seedSelectionBias));
      this.background(answered.then(() => this.sw.stopPeerGracefully(src)), 'seed hang-up');
      return;
    }
    const tooSoon = this.tracker.checkIncomingRequest(src.id);
    if (tooSoon) return this.punish(src, tooSoon);
    this.background(this.sendAddrs(src, this.book.getSelection()), 'answering a PEX request');
  }

  private onAddrs(src: Peer, protos: readonly { id: string; ip: string; port: number }[]): void {
    if (!this.tracker.takeResponse(src.id)) return this.punish(src, new UnsolicitedPexAddrsError(src.id));
    if (protos.length > this.config.maxAddrsPerMessage) return this.punish(src, new TooManyPexAddrsError(src.id, protos.length, this.config.maxAddrsPerMessage));
    const addrs: NetAddress[] = [];
    for (const proto of protos) {
      try {
        addrs.push(NetAddress.fromProto(proto));
      } catch (error) {
        return this.punish(src, new InvalidPexAddressError(src.id, (error as Error).message));
      }
    }
    for (const addr of addrs) if (addr.id !== this.sw.nodeId) this.addToBook(addr, src.listenAddress);
    if (this.config.seedMode) {
      if (src.isOutbound && !src.isPersistent) this.background(this.sw.stopPeerGracefully(src), 'ending a crawl'); // crawl of this peer done
    } else if (this.seeds.some((seed) => seed.id === src.id)) {
      this.background(this.finder.ensurePeers(false), 'ensurePeers after a seed answered');
    }
  }

  /** Stops the peer and bans its address (upstream's reaction to protocol violations). */
  private punish(peer: Peer, reason: Error): void {
    this.logger.info('stopping peer for PEX violation', { peer: peer.id, error: reason.message });
    this.background(this.sw.stopPeerForError(peer, reason), 'stopping a peer');
    this.book.markBad(peer.remoteAddress, this.config.banTimeMs);
  }

  private addToBook(addr: NetAddress, src: NetAddress): void {
    try {
      this.book.addAddress(addr, src);
    } catch (error) {
      if (!(error instanceof AddrBookAddError)) throw error;
      this.logger.debug('address not added to the book', { address: addr.toString(), error: error.message });
    }
  }

  /** Seed mode: a crawled peer that does not answer still frees its outbound slot eventually. */
  private letGoIfSilent(peer: Peer): void {
    const timer = setTimeout(() => {
      if (peer.isRunning) this.background(this.sw.stopPeerGracefully(peer), 'letting a silent crawled peer go');
    }, this.config.crawlAnswerTimeoutMs);
    timer.unref?.();
    peer.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  }

  private async ensurePeersLoop(signal: AbortSignal): Promise<void> {
    const period = this.config.ensurePeersPeriodMs;
    const counts = this.sw.numPeers();
    // Spread the first round when we already have peers; dial at once (seeds) when we have none.
    if (this.sw.peers.size > 0 || counts.dialing > 0) {
      if (!(await sleep(this.random() * period, signal))) return;
    }
    do {
      this.background(this.finder.ensurePeers(true), 'ensurePeers');
    } while (await sleep(period, signal));
  }

  private async crawlLoop(signal: AbortSignal): Promise<void> {
    if (this.seeds.length > 0) await this.finder.dialSeeds();
    else await this.crawler.crawl(this.book.getSelection());
    while (await sleep(this.config.ensurePeersPeriodMs, signal)) {
      this.crawler.attemptDisconnects();
      await this.crawler.crawl(this.book.getSelection());
      this.crawler.cleanup();
    }
  }

  /** Work started from a synchronous callback: its failure is logged, never left unhandled. */
  private background(work: Promise<unknown>, what: string): void {
    work.catch((error: Error) => this.logger.error(`${what} failed`, { error: error?.message ?? String(error) }));
  }

  private crawlerHost() {
    return {
      sw: this.sw,
      config: this.config,
      clock: this.clock,
      logger: this.logger,
      background: (work: Promise<unknown>, what: string) => this.background(work, what),
      requestAddrs: (peer: Peer) => this.requestAddrs(peer),
      isPersistent: (id: NodeId) => this.isPersistent(id),
    };
  }
}
