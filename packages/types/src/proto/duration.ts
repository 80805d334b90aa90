/**
 * google.protobuf.Duration as gogoproto writes a non-nullable `stdduration`
 * field: the TypeScript value is Go's time.Duration (int64 nanoseconds, a
 * bigint) and the wire form is the always-written sub-message
 * {seconds 1 int64, nanos 2 int32}, both truncated toward zero.
 */
import { z } from 'zod';
import type { FieldSpec } from './field.js';
import { ProtoReader } from './reader.js';
import { WIRE_LEN, WIRE_VARINT, type ProtoWriter } from './writer.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const NANOS_PER_SECOND = 1_000_000_000n;
/** The protobuf Duration range: ±10000 years in seconds. */
const MAX_DURATION_SECONDS = 315_576_000_000n;

function readDurationBody(r: ProtoReader, end: number): bigint {
  const inner = new ProtoReader(r.buf, 'Duration', r.pos, end);
  let seconds = 0n;
  let nanos = 0;
  while (inner.pos < end) {
    const [no, wt] = inner.tag();
    if ((no === 1 || no === 2) && wt !== WIRE_VARINT) inner.fail(`field ${no} has wire type ${wt}, expected ${WIRE_VARINT}`);
    if (no === 1) seconds = inner.int64();
    else if (no === 2) nanos = inner.int32();
    else inner.skip(wt);
  }
  if (inner.pos !== end) inner.fail('field overruns its enclosing message');
  // The checks of Go's types.DurationFromProto: range, nanos range, one sign, fits int64 nanoseconds.
  if (seconds < -MAX_DURATION_SECONDS || seconds > MAX_DURATION_SECONDS) inner.fail('duration seconds out of range');
  if (nanos <= -1e9 || nanos >= 1e9) inner.fail('duration nanos out of range');
  if ((seconds < 0n && nanos > 0) || (seconds > 0n && nanos < 0)) inner.fail('duration seconds and nanos have different signs');
  const total = seconds * NANOS_PER_SECOND + BigInt(nanos);
  if (total < INT64_MIN || total > INT64_MAX) inner.fail('duration does not fit in int64 nanoseconds');
  return total;
}

/** A non-nullable stdduration field holding int64 nanoseconds. */
export function duration(no: number): FieldSpec<bigint> {
  return {
    no,
    wireType: WIRE_LEN,
    schema: z.bigint().min(INT64_MIN).max(INT64_MAX),
    zero: () => 0n,
    omit: () => false,
    write(w: ProtoWriter, nanoseconds: bigint) {
      // BigInt division truncates toward zero, as Go's d / time.Second does.
      const seconds = nanoseconds / NANOS_PER_SECOND;
      const nanos = Number(nanoseconds % NANOS_PER_SECOND);
      const start = w.fork();
      if (seconds !== 0n) w.tag(1, WIRE_VARINT).uint64(seconds);
      if (nanos !== 0) w.tag(2, WIRE_VARINT).int32(nanos);
      w.join(start);
    },
    read(r, wt) {
      if (wt !== WIRE_LEN) r.fail(`field ${no} has wire type ${wt}, expected ${WIRE_LEN}`);
      const len = r.length(); // advances r.pos past the prefix first
      const end = r.pos + len;
      const value = readDurationBody(r, end);
      r.pos = end;
      return value;
    },
  };
}
