/** Address book constants (pex.md §5). Bucket counts are fixed so files stay interchangeable with Go. */
export const NEW_BUCKET_COUNT = 256;
export const OLD_BUCKET_COUNT = 64;
/** A bucket evicts (new) or refuses (old) only once it already holds more than this. */
export const NEW_BUCKET_SIZE = 64;
export const OLD_BUCKET_SIZE = 64;
export const NEW_BUCKETS_PER_GROUP = 32;
export const OLD_BUCKETS_PER_GROUP = 4;
export const MAX_NEW_BUCKETS_PER_ADDRESS = 4;
/** The book "needs more addresses" below this size. */
export const NEED_ADDRESS_THRESHOLD = 1000;

export const NUM_MISSING_DAYS = 7;
export const NUM_RETRIES = 3;
export const MAX_FAILURES = 10;
export const MIN_BAD_DAYS = 7;

export const GET_SELECTION_PERCENT = 23;
export const MIN_GET_SELECTION = 32;
export const MAX_GET_SELECTION = 250;

export const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_BAN_TIME_MS = DAY_MS;
export const DEFAULT_SAVE_INTERVAL_MS = 2 * 60 * 1000;

export const BUCKET_TYPE_NEW = 1;
export const BUCKET_TYPE_OLD = 2;
export type BucketType = typeof BUCKET_TYPE_NEW | typeof BUCKET_TYPE_OLD;

/** Go's zero time.Time ("0001-01-01T00:00:00Z") in Unix milliseconds. */
export const GO_ZERO_TIME_MS = -62_135_596_800_000;
