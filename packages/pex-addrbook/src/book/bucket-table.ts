/**
 * The bucket storage of the address book: new and old buckets (maps keyed by
 * addr.toString()), the ID lookup, and flat per-type lists so selections and
 * picks never scan the whole book.
 */
import { randomInt, type RandomSource } from '../clock.js';
import type { KnownAddress } from './known-address.js';
import {
  BUCKET_TYPE_NEW,
  BUCKET_TYPE_OLD,
  NEW_BUCKET_COUNT,
  NEW_BUCKET_SIZE,
  OLD_BUCKET_COUNT,
  OLD_BUCKET_SIZE,
  type BucketType,
} from './params.js';

type Bucket = Map<string, KnownAddress>;

/** Buckets of one type, with the indices of the non-empty ones (a uniform pick among them). */
class BucketSide {
  readonly buckets: Bucket[];
  /** Every address held by at least one bucket of this side. */
  readonly list: KnownAddress[] = [];
  private readonly listIndex = new Map<KnownAddress, number>();
  private readonly nonEmpty: number[] = [];
  private readonly nonEmptyPos: Int32Array;

  constructor(count: number) {
    this.buckets = Array.from({ length: count }, () => new Map());
    this.nonEmptyPos = new Int32Array(count).fill(-1);
  }

  insert(index: number, ka: KnownAddress): void {
    const bucket = this.buckets[index]!;
    bucket.set(ka.key, ka);
    if (bucket.size === 1) {
      this.nonEmptyPos[index] = this.nonEmpty.length;
      this.nonEmpty.push(index);
    }
  }

  delete(index: number, ka: KnownAddress): boolean {
    const bucket = this.buckets[index]!;
    if (bucket.get(ka.key) !== ka) return false;
    bucket.delete(ka.key);
    if (bucket.size === 0) {
      const pos = this.nonEmptyPos[index]!;
      const last = this.nonEmpty.pop()!;
      if (last !== index) {
        this.nonEmpty[pos] = last;
        this.nonEmptyPos[last] = pos;
      }
      this.nonEmptyPos[index] = -1;
    }
    return true;
  }

  listAdd(ka: KnownAddress): void {
    if (this.listIndex.has(ka)) return;
    this.listIndex.set(ka, this.list.length);
    this.list.push(ka);
  }

  listRemove(ka: KnownAddress): void {
    const pos = this.listIndex.get(ka);
    if (pos === undefined) return;
    this.listIndex.delete(ka);
    const last = this.list.pop()!;
    if (last !== ka) {
      this.list[pos] = last;
      this.listIndex.set(last, pos);
    }
  }

  /** A uniformly random non-empty bucket, then a uniformly random entry of it. */
  pick(random: RandomSource): KnownAddress | undefined {
    if (this.nonEmpty.length === 0) return undefined;
    const bucket = this.buckets[this.nonEmpty[randomInt(random, this.nonEmpty.length)]!]!;
    let skip = randomInt(random, bucket.size);
    for (const ka of bucket.values()) if (skip-- === 0) return ka;
    return undefined;
  }
}

export class BucketTable {
  readonly lookup = new Map<string, KnownAddress>();
  readonly newSide = new BucketSide(NEW_BUCKET_COUNT);
  readonly oldSide = new BucketSide(OLD_BUCKET_COUNT);

  get nNew(): number {
    return this.newSide.list.length;
  }

  get nOld(): number {
    return this.oldSide.list.length;
  }

  get size(): number {
    return this.nNew + this.nOld;
  }

  side(type: BucketType): BucketSide {
    return type === BUCKET_TYPE_OLD ? this.oldSide : this.newSide;
  }

  bucket(type: BucketType, index: number): Bucket {
    return this.side(type).buckets[index]!;
  }

  /** Puts a new address (callers guarantee it is not old) in new bucket `index`, expiring one entry first if the bucket is over capacity. */
  addToNew(ka: KnownAddress, index: number, now: number): void {
    const bucket = this.newSide.buckets[index]!;
    if (bucket.has(ka.key)) return;
    if (bucket.size > NEW_BUCKET_SIZE) this.expireNew(index, now);
    this.place(ka, BUCKET_TYPE_NEW, index);
  }

  /** Puts an old address in old bucket `index`; false when the bucket is over capacity. */
  addToOld(ka: KnownAddress, index: number): boolean {
    const bucket = this.oldSide.buckets[index]!;
    if (bucket.has(ka.key)) return true;
    if (bucket.size > OLD_BUCKET_SIZE) return false;
    this.place(ka, BUCKET_TYPE_OLD, index);
    return true;
  }

  /** Inserts without capacity checks (also used when loading a file). */
  place(ka: KnownAddress, type: BucketType, index: number): void {
    const side = this.side(type);
    side.insert(index, ka);
    if (ka.addBucketRef(index) === 1) side.listAdd(ka);
    this.lookup.set(ka.id, ka);
  }

  removeFromBucket(ka: KnownAddress, type: BucketType, index: number): void {
    const side = this.side(type);
    if (!side.delete(index, ka)) return;
    if (ka.removeBucketRef(index) === 0) {
      side.listRemove(ka);
      if (this.lookup.get(ka.id) === ka) this.lookup.delete(ka.id);
    }
  }

  removeFromAll(ka: KnownAddress): void {
    for (const index of [...ka.buckets]) this.removeFromBucket(ka, ka.bucketType, index);
  }

  /** The entry of a bucket with the oldest LastAttempt. */
  oldest(type: BucketType, index: number): KnownAddress | undefined {
    let oldest: KnownAddress | undefined;
    for (const ka of this.bucket(type, index).values()) {
      if (!oldest || ka.lastAttempt < oldest.lastAttempt) oldest = ka;
    }
    return oldest;
  }

  /** Frees a slot in a full new bucket: the first bad entry, else the one tried longest ago. */
  private expireNew(index: number, now: number): void {
    for (const ka of this.newSide.buckets[index]!.values()) {
      if (ka.isBad(now)) {
        this.removeFromBucket(ka, BUCKET_TYPE_NEW, index);
        return;
      }
    }
    const oldest = this.oldest(BUCKET_TYPE_NEW, index);
    if (oldest) this.removeFromBucket(oldest, BUCKET_TYPE_NEW, index);
  }
}
