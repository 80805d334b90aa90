/** What the per-peer gossip routines share: the engine, the store, settings and caches. */
import { type Commit, type ExtendedCommit } from '@cometts/types';
import type { ConsensusLogger } from '../driver/ports.js';
import type { ConsensusReactorConfig } from './config.js';
import type { ConsensusEngine, GossipBlockStore, GossipRoundState } from './engine.js';

export interface GossipContext {
  readonly engine: ConsensusEngine;
  readonly store: GossipBlockStore;
  readonly config: ConsensusReactorConfig;
  readonly logger: ConsensusLogger;
  readonly cache: StoreCache;
  readonly random: () => number;
  /** The round state, or undefined while the engine is not running or the node is syncing. */
  roundState(): GossipRoundState | undefined;
}

/** What a routine did: go on at once, idle until woken (or the poll interval), or back off a full interval. */
export type GossipStep = 'sent' | 'idle' | 'backoff';

const CACHE_SIZE = 16;

/**
 * A few recently loaded commits and part set headers: catch-up gossip to
 * several lagging peers reads the same heights again and again.
 */
export class StoreCache {
  private readonly entries = new Map<string, unknown>();

  constructor(private readonly store: GossipBlockStore) {}

  async partSetHeaderOf(height: bigint): Promise<{ total: number; hash: Uint8Array } | undefined> {
    return this.cached(`psh:${height}`, async () => (await this.store.loadBlockMeta(height))?.blockId.partSetHeader);
  }

  /** The commit of `height` carried by the next block (or the extended commit when extensions were on). */
  catchupCommit(height: bigint, extended: boolean): Promise<Commit | ExtendedCommit | undefined> {
    return extended
      ? this.cached(`ec:${height}`, () => this.store.loadExtendedCommit(height))
      : this.cached(`c:${height}`, () => this.store.loadBlockCommit(height));
  }

  /** upstream LoadCommit: our seen commit at the store height, else the commit from the next block. */
  async commitFor(height: bigint): Promise<Commit | undefined> {
    if (height === this.store.height()) return this.store.loadSeenCommit(height);
    return this.cached(`c:${height}`, () => this.store.loadBlockCommit(height));
  }

  private async cached<T>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    if (this.entries.has(key)) {
      const value = this.entries.get(key) as T;
      // Refresh recency.
      this.entries.delete(key);
      this.entries.set(key, value);
      return value;
    }
    const value = await load();
    if (value === undefined) return undefined;
    this.entries.set(key, value);
    if (this.entries.size > CACHE_SIZE) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
