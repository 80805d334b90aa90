/** PEX reactor settings, with CometBFT's values (pex.md §2–§4) as defaults. */
import { InvalidInputError, type NetAddress, type NodeId } from '@cometts/types';
import type { SwitchHandle } from '@cometts/switch';
import type { AddrBookCore } from '../book/book-core.js';
import { DAY_MS, DEFAULT_BAN_TIME_MS } from '../book/params.js';
import type { Clock, RandomSource } from '../clock.js';
import type { Logger } from '../logger.js';

export interface PexReactorOptions {
  book: AddrBookCore;
  switch: SwitchHandle;
  /** p2p.max_num_outbound_peers of the switch (PEX dials up to it, never beyond). Default 10. */
  maxOutboundPeers?: number;
  /** p2p.seeds (already resolved). */
  seeds?: readonly NetAddress[];
  /** p2p.seed_mode: crawl and answer, instead of keeping outbound peers. */
  seedMode?: boolean;
  /** Persistent peers are dialed by the switch; PEX never dials them. Read from the switch when it offers isPeerPersistent. */
  persistentPeerIds?: Iterable<NodeId>;
  /** p2p.persistent_peers_max_dial_period: caps the backoff for persistent peers (0 = no cap). */
  persistentPeersMaxDialPeriodMs?: number;
  /** ensurePeers / crawl period. Default 30 s. */
  ensurePeersPeriodMs?: number;
  /** A peer's third and later requests must be at least this far apart. Default ensurePeersPeriodMs / 3. */
  minReceiveRequestIntervalMs?: number;
  /** The most addresses accepted in (and sent in) one PexAddrs. Default 250 (CometBFT never sends more). */
  maxAddrsPerMessage?: number;
  /** Ban for protocol violations. Default 24 h. */
  banTimeMs?: number;
  /** Attempts after which a non-persistent address is banned instead of dialed. Default 16. */
  maxAttemptsToDial?: number;
  /** Backoff unit: attempt n waits 2^n × this (+ up to one unit of jitter). Default 1 s. */
  dialBackoffUnitMs?: number;
  /** Seed mode: peers connected this long are disconnected. Default 28 h. */
  seedDisconnectWaitPeriodMs?: number;
  /** Seed mode: an address is not crawled again within this time. Default 2 min. */
  minTimeBetweenCrawlsMs?: number;
  /** Seed mode: a crawled peer that has not answered within this time is let go (frees the outbound slot). Default 60 s. */
  crawlAnswerTimeoutMs?: number;
  /** Disconnect peers whose ID is banned in the book (unless persistent or unconditional). Default true. */
  disconnectBannedPeers?: boolean;
  /** start()/stop() also start/stop the book when it has those methods (AddrBook). Default true. */
  manageBook?: boolean;
  clock?: Clock;
  random?: RandomSource;
  logger?: Logger;
}

export const PEX_DEFAULTS = {
  maxOutboundPeers: 10,
  ensurePeersPeriodMs: 30_000,
  maxAddrsPerMessage: 250,
  banTimeMs: DEFAULT_BAN_TIME_MS,
  maxAttemptsToDial: 16,
  dialBackoffUnitMs: 1000,
  persistentPeersMaxDialPeriodMs: 0,
  seedDisconnectWaitPeriodMs: 28 * 60 * 60 * 1000,
  minTimeBetweenCrawlsMs: 2 * 60 * 1000,
  crawlAnswerTimeoutMs: 60_000,
  /** Crawl records older than this are forgotten. */
  crawlRecordMaxAgeMs: DAY_MS,
  /** seeds answer with GetSelectionWithBias(30). */
  seedSelectionBias: 30,
} as const;

export interface PexConfig {
  maxOutboundPeers: number;
  seedMode: boolean;
  ensurePeersPeriodMs: number;
  minReceiveRequestIntervalMs: number;
  maxAddrsPerMessage: number;
  banTimeMs: number;
  maxAttemptsToDial: number;
  dialBackoffUnitMs: number;
  persistentPeersMaxDialPeriodMs: number;
  seedDisconnectWaitPeriodMs: number;
  minTimeBetweenCrawlsMs: number;
  crawlAnswerTimeoutMs: number;
  disconnectBannedPeers: boolean;
  manageBook: boolean;
}

export function resolvePexConfig(options: PexReactorOptions): PexConfig {
  const ensurePeersPeriodMs = options.ensurePeersPeriodMs ?? PEX_DEFAULTS.ensurePeersPeriodMs;
  const config: PexConfig = {
    maxOutboundPeers: options.maxOutboundPeers ?? PEX_DEFAULTS.maxOutboundPeers,
    seedMode: options.seedMode ?? false,
    ensurePeersPeriodMs,
    minReceiveRequestIntervalMs: options.minReceiveRequestIntervalMs ?? ensurePeersPeriodMs / 3,
    maxAddrsPerMessage: options.maxAddrsPerMessage ?? PEX_DEFAULTS.maxAddrsPerMessage,
    banTimeMs: options.banTimeMs ?? PEX_DEFAULTS.banTimeMs,
    maxAttemptsToDial: options.maxAttemptsToDial ?? PEX_DEFAULTS.maxAttemptsToDial,
    dialBackoffUnitMs: options.dialBackoffUnitMs ?? PEX_DEFAULTS.dialBackoffUnitMs,
    persistentPeersMaxDialPeriodMs: options.persistentPeersMaxDialPeriodMs ?? PEX_DEFAULTS.persistentPeersMaxDialPeriodMs,
    seedDisconnectWaitPeriodMs: options.seedDisconnectWaitPeriodMs ?? PEX_DEFAULTS.seedDisconnectWaitPeriodMs,
    minTimeBetweenCrawlsMs: options.minTimeBetweenCrawlsMs ?? PEX_DEFAULTS.minTimeBetweenCrawlsMs,
    crawlAnswerTimeoutMs: options.crawlAnswerTimeoutMs ?? PEX_DEFAULTS.crawlAnswerTimeoutMs,
    disconnectBannedPeers: options.disconnectBannedPeers ?? true,
    manageBook: options.manageBook ?? true,
  };
  for (const [name, value] of Object.entries(config)) {
    if (typeof value === 'number' && !(Number.isFinite(value) && value >= 0)) {
      throw new InvalidInputError(`PEX option ${name}`, `must be a finite number ≥ 0, got ${value}`);
    }
  }
  if (config.ensurePeersPeriodMs <= 0) throw new InvalidInputError('PEX option ensurePeersPeriodMs', 'must be > 0');
  return config;
}
