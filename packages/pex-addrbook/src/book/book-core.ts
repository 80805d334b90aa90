/**
 * The in-memory address book (pex.md §5–§6): new/old buckets with keyed
 * placement, bias selection, good/bad marks with bans, our own addresses and
 * private IDs. AddrBook adds the file on top.
 */
import { randomBytes } from 'node:crypto';
import { addressGroupKey, type NetAddress } from '@cometts/types';
import { noopLogger, type Logger } from '../logger.js';
import { systemClock, randomInt, type Clock, type RandomSource } from '../clock.js';
import type { AddrBookHook } from '@cometts/switch';
import {
  AddrBookAddError,
  BannedAddressError,
  InvalidBookAddressError,
  NonRoutableAddressError,
  PrivateAddressError,
  PrivateSourceError,
  SelfAddressError,
} from '../errors.js';
import { BookBans } from './book-bans.js';
import { BucketTable } from './bucket-table.js';
import { newBucketIndex, oldBucketIndex } from './bucket-hash.js';
import { KnownAddress } from './known-address.js';
import { BUCKET_TYPE_NEW, BUCKET_TYPE_OLD, DEFAULT_BAN_TIME_MS, MAX_NEW_BUCKETS_PER_ADDRESS, NEED_ADDRESS_THRESHOLD } from './params.js';
import { getSelection, getSelectionWithBias, pickAddress } from './selection.js';

export interface AddrBookCoreOptions {
  /** addr_book_strict: refuse non-routable addresses and group them as "local"/"unroutable". Default true. */
  strict?: boolean;
  /** The book's hashing key (24 hex characters); random by default, replaced by the file's on load. */
  key?: string;
  clock?: Clock;
  random?: RandomSource;
  logger?: Logger;
}

/** A read-only view of one entry, for inspection and tests. */
export interface KnownAddressInfo {
  readonly addr: NetAddress;
  readonly src: NetAddress;
  readonly bucketType: 'new' | 'old';
  readonly buckets: readonly number[];
  readonly attempts: number;
  readonly lastAttempt: number;
  readonly lastSuccess: number;
  readonly lastBanTime: number;
}

export class AddrBookCore {
  readonly strict: boolean;
  protected readonly clock: Clock;
  protected readonly random: RandomSource;
  protected readonly logger: Logger;
  protected table = new BucketTable();
  protected bans: BookBans;
  protected bookKey: string;
  private readonly ourAddrs = new Set<string>();
  private readonly ourIds = new Set<string>();
  private readonly privateIds = new Set<string>();

  constructor(options: AddrBookCoreOptions = {}) {
    this.strict = options.strict ?? true;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? noopLogger;
    this.bookKey = options.key ?? randomBytes(12).toString('hex');
    this.bans = new BookBans(this.clock);
  }

  get key(): string {
    return this.bookKey;
  }

  /** Number of known addresses (new + old). */
  get size(): number {
    return this.table.size;
  }

  get newCount(): number {
    return this.table.nNew;
  }

  get oldCount(): number {
    return this.table.nOld;
  }

  isEmpty(): boolean {
    return this.table.size === 0;
  }

  needMoreAddrs(): boolean {
    return this.table.size < NEED_ADDRESS_THRESHOLD;
  }

  addOurAddress(addr: NetAddress): void {
    this.ourAddrs.add(addr.toString());
    if (addr.id !== '') this.ourIds.add(addr.id);
  }

  isOurAddress(addr: NetAddress): boolean {
    return this.ourAddrs.has(addr.toString());
  }

  addPrivateIds(ids: Iterable<string>): void {
    for (const id of ids) this.privateIds.add(id);
  }

  isPrivateId(id: string): boolean {
    return this.privateIds.has(id);
  }

  hasAddress(addr: NetAddress): boolean {
    return this.table.lookup.has(addr.id);
  }

  /** True for an address in the old ("tried") buckets. */
  isGood(addr: NetAddress): boolean {
    return this.table.lookup.get(addr.id)?.isOld() ?? false;
  }

  isBanned(addr: NetAddress): boolean {
    this.reinstateExpired(addr.id);
    return this.bans.has(addr.id);
  }

  /**
   * Adds `addr`, learnt from `src`. Throws an AddrBookAddError subclass when the
   * address is refused (invalid, banned, private, ours, non-routable in strict mode).
   */
  addAddress(addr: NetAddress, src: NetAddress): void {
    const problem = addr.problem();
    if (problem !== undefined) throw new InvalidBookAddressError(addr.toString(), problem);
    if (this.isBanned(addr)) throw new BannedAddressError(addr.toString());
    if (this.privateIds.has(addr.id)) throw new PrivateAddressError(addr.toString());
    if (this.privateIds.has(src.id)) throw new PrivateSourceError(addr.toString(), src.toString());
    // Upstream only compares the full string; we also refuse our own ID under another address.
    if (this.ourAddrs.has(addr.toString()) || this.ourIds.has(addr.id)) throw new SelfAddressError(addr.toString());
    if (this.strict && !addr.isRoutable()) throw new NonRoutableAddressError(addr.toString());

    let ka = this.table.lookup.get(addr.id);
    if (ka !== undefined) {
      if (ka.isOld() || ka.buckets.length >= MAX_NEW_BUCKETS_PER_ADDRESS) return;
      // The more buckets an address is already in, the less likely it gets another.
      if (randomInt(this.random, 2 * ka.buckets.length) !== 0) return;
    } else {
      ka = new KnownAddress(addr, src, this.clock.now());
    }
    this.table.addToNew(ka, this.newBucketFor(addr, src), this.clock.now());
  }

  removeAddress(addr: NetAddress): void {
    const ka = this.table.lookup.get(addr.id);
    if (ka) this.table.removeFromAll(ka);
  }

  /** A random address, biased towards new ones by `biasTowardsNewAddrs` percent (clamped to 0..100). */
  pickAddress(biasTowardsNewAddrs: number): NetAddress | undefined {
    return pickAddress(this.table, biasTowardsNewAddrs, this.random)?.addr;
  }

  /** What a PexRequest is answered with: a uniform random sample (pex.md §6). */
  getSelection(): NetAddress[] {
    return getSelection(this.table, this.random);
  }

  /** A sample with at least `biasTowardsNewAddrs`% new addresses (seeds use 30). */
  getSelectionWithBias(biasTowardsNewAddrs: number): NetAddress[] {
    return getSelectionWithBias(this.table, biasTowardsNewAddrs, this.random);
  }

  /** The peer proved useful: reset its attempts and move it to the old buckets. */
  markGood(id: string): void {
    const ka = this.table.lookup.get(id);
    if (!ka) return;
    ka.markGood(this.clock.now());
    if (ka.isNew()) this.moveToOld(ka);
  }

  markAttempt(addr: NetAddress): void {
    this.table.lookup.get(addr.id)?.markAttempt(this.clock.now());
  }

  /** Bans the address's ID for `durationMs` and removes it from the buckets. */
  markBad(addr: NetAddress, durationMs: number = DEFAULT_BAN_TIME_MS): void {
    const ka = this.table.lookup.get(addr.id);
    if (ka) {
      this.table.removeFromAll(ka);
      this.bans.ban(ka, durationMs, true);
      return;
    }
    // Not in the book (upstream would ignore it): ban the ID so it is not re-added, but never restore it.
    const existing = this.bans.get(addr.id);
    this.bans.ban(existing?.ka ?? new KnownAddress(addr, addr, this.clock.now()), durationMs, existing?.restore ?? false);
  }

  /** Puts every address whose ban has expired back into a new bucket. */
  reinstateBadPeers(): void {
    for (const id of this.bans.expiredIds()) this.reinstateExpired(id);
  }

  /**
   * The address-book hook the Switch takes (SwitchOptions.addrBook or
   * setAddrBook): refusals are logged instead of thrown, as upstream's callers do.
   */
  switchHook(): AddrBookHook {
    return {
      addAddress: (addr, src) => {
        try {
          this.addAddress(addr, src);
        } catch (error) {
          if (!(error instanceof AddrBookAddError)) throw error;
          this.logger.debug('address not added to the book', { address: addr.toString(), error: error.message });
        }
      },
      addPrivateIds: (ids) => this.addPrivateIds(ids),
      addOurAddress: (addr) => this.addOurAddress(addr),
      ourAddress: (addr) => this.isOurAddress(addr),
      removeAddress: (addr) => this.removeAddress(addr),
      hasAddress: (addr) => this.hasAddress(addr),
      markGood: (id) => this.markGood(id),
      markAttempt: (addr) => this.markAttempt(addr),
      markBad: (addr, banMs) => this.markBad(addr, banMs),
      save: () => this.persist(),
    };
  }

  /** Writes the book to its file, if it has one (AddrBook overrides this). */
  protected persist(): Promise<void> {
    return Promise.resolve();
  }

  /** One entry, or undefined if the ID is not in the buckets. */
  getEntry(id: string): KnownAddressInfo | undefined {
    const ka = this.table.lookup.get(id);
    return ka && toInfo(ka);
  }

  *entries(): IterableIterator<KnownAddressInfo> {
    for (const ka of this.table.lookup.values()) yield toInfo(ka);
  }

  protected newBucketFor(addr: NetAddress, src: NetAddress): number {
    return newBucketIndex(this.bookKey, addressGroupKey(addr, this.strict), addressGroupKey(src, this.strict));
  }

  protected oldBucketFor(addr: NetAddress): number {
    return oldBucketIndex(this.bookKey, addressGroupKey(addr, this.strict), addr.toString());
  }

  private reinstateExpired(id: string): void {
    const entry = this.bans.takeIfExpired(id);
    if (!entry?.restore || this.table.lookup.has(id)) return;
    const ka = entry.ka;
    ka.bucketType = BUCKET_TYPE_NEW;
    ka.buckets = [];
    this.table.addToNew(ka, this.newBucketFor(ka.addr, ka.src), this.clock.now());
  }

  private moveToOld(ka: KnownAddress): void {
    const now = this.clock.now();
    this.table.removeFromAll(ka);
    ka.bucketType = BUCKET_TYPE_OLD;
    const index = this.oldBucketFor(ka.addr);
    if (this.table.addToOld(ka, index)) return;
    // The old bucket is full: its oldest entry goes back to a new bucket to make room.
    const oldest = this.table.oldest(BUCKET_TYPE_OLD, index);
    if (oldest) {
      this.table.removeFromBucket(oldest, BUCKET_TYPE_OLD, index);
      oldest.bucketType = BUCKET_TYPE_NEW;
      this.table.addToNew(oldest, this.newBucketFor(oldest.addr, oldest.src), now);
    }
    this.table.addToOld(ka, index);
  }
}

function toInfo(ka: KnownAddress): KnownAddressInfo {
  return {
    addr: ka.addr,
    src: ka.src,
    bucketType: ka.isOld() ? 'old' : 'new',
    buckets: [...ka.buckets],
    attempts: ka.attempts,
    lastAttempt: ka.lastAttempt,
    lastSuccess: ka.lastSuccess,
    lastBanTime: ka.lastBanTime,
  };
}
