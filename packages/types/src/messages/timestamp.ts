/** google.protobuf.Timestamp with gogoproto stdtime habits: Go's zero time is the default. */
import { f, message, type Infer } from '../proto/index.js';

/** Go's `time.Time{}` (0001-01-01T00:00:00Z) in Unix seconds. */
export const GO_ZERO_TIME_SECONDS = -62135596800n;
/** Largest valid seconds: 9999-12-31T23:59:59Z, as protobuf defines the range. */
const MAX_SECONDS = 253402300799n;

export const Timestamp = message(
  'Timestamp',
  { seconds: f.int64(1), nanos: f.int32(2) },
  [
    ['timestamp seconds must be within 0001-01-01..9999-12-31', (t) => t.seconds >= GO_ZERO_TIME_SECONDS && t.seconds <= MAX_SECONDS],
    ['timestamp nanos must be 0..999999999', (t) => t.nanos >= 0 && t.nanos <= 999_999_999],
  ],
);
export type Timestamp = Infer<typeof Timestamp>;

export const goZeroTime = (): Timestamp => ({ seconds: GO_ZERO_TIME_SECONDS, nanos: 0 });

export function isGoZeroTime(t: Timestamp): boolean {
  return t.seconds === GO_ZERO_TIME_SECONDS && t.nanos === 0;
}

/** A non-nullable stdtime field: always written, Go zero time when absent. */
export const timestampField = (no: number) => f.message(no, Timestamp, { nn: true, zero: goZeroTime });
