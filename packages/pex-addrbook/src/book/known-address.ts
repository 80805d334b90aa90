/** One entry of the address book (pex.md §5 "known address"), with its bucket references. */
import type { NetAddress } from '@cometts/types';
import {
  BUCKET_TYPE_NEW,
  BUCKET_TYPE_OLD,
  DAY_MS,
  GO_ZERO_TIME_MS,
  MAX_FAILURES,
  MIN_BAD_DAYS,
  NUM_MISSING_DAYS,
  NUM_RETRIES,
  type BucketType,
} from './params.js';

const INT32_MAX = 2 ** 31 - 1;
const MINUTE_MS = 60_000;

export class KnownAddress {
  /** addr.toString(): the key of this entry in its bucket maps. */
  readonly key: string;
  buckets: number[] = [];
  attempts = 0;
  bucketType: BucketType = BUCKET_TYPE_NEW;
  lastSuccess = GO_ZERO_TIME_MS;
  lastBanTime = GO_ZERO_TIME_MS;

  constructor(
    readonly addr: NetAddress,
    readonly src: NetAddress,
    public lastAttempt: number,
  ) {
    this.key = addr.toString();
  }

  get id(): string {
    return this.addr.id;
  }

  isOld(): boolean {
    return this.bucketType === BUCKET_TYPE_OLD;
  }

  isNew(): boolean {
    return this.bucketType === BUCKET_TYPE_NEW;
  }

  markAttempt(now: number): void {
    this.lastAttempt = now;
    if (this.attempts < INT32_MAX) this.attempts++;
  }

  markGood(now: number): void {
    this.lastAttempt = now;
    this.lastSuccess = now;
    this.attempts = 0;
  }

  ban(now: number, durationMs: number): void {
    this.lastBanTime = Math.max(this.lastBanTime, now + durationMs);
  }

  isBanned(now: number): boolean {
    return this.lastBanTime > now;
  }

  /** Adds a bucket reference; returns how many buckets now hold the entry. */
  addBucketRef(index: number): number {
    if (!this.buckets.includes(index)) this.buckets.push(index);
    return this.buckets.length;
  }

  /** Removes a bucket reference; returns how many buckets still hold the entry. */
  removeBucketRef(index: number): number {
    const at = this.buckets.indexOf(index);
    if (at >= 0) this.buckets.splice(at, 1);
    return this.buckets.length;
  }

  /**
   * Only used to expire entries from a full new bucket: an old entry is never
   * bad, nor one tried in the last minute.
   */
  isBad(now: number): boolean {
    if (this.isOld()) return false;
    if (this.lastAttempt > now - MINUTE_MS) return false;
    if (this.lastAttempt < now - NUM_MISSING_DAYS * DAY_MS) return true;
    if (this.lastSuccess === GO_ZERO_TIME_MS && this.attempts >= NUM_RETRIES) return true;
    return this.lastSuccess < now - MIN_BAD_DAYS * DAY_MS && this.attempts >= MAX_FAILURES;
  }
}
