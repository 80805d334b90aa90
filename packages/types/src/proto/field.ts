/**
 * Field specs: how one protobuf field is written, read, defaulted and
 * validated. A message is a record of these (see message.ts); its TypeScript
 * type, zod schema and codec are all derived from that one record.
 */
import { z } from 'zod';
import type { ProtoReader } from './reader.js';
import { WIRE_FIXED64, WIRE_LEN, WIRE_VARINT, type ProtoWriter } from './writer.js';

export interface FieldSpec<T> {
  readonly no: number;
  readonly wireType: number;
  readonly schema: z.ZodType<T>;
  /** Value when the field is absent on the wire. */
  zero(): T;
  /** True when proto3 leaves the value out (scalars at zero, absent nullable messages). */
  omit(value: T): boolean;
  write(w: ProtoWriter, value: T): void;
  /**
   * Reads one occurrence. `previous` is what earlier occurrences produced
   * (undefined on the first), so repeated fields can accumulate.
   */
  read(r: ProtoReader, wireType: number, previous: T | undefined): T;
}

/** Anything with a codec that can be nested as a sub-message. */
export interface NestedType<T> {
  readonly name: string;
  readonly schema: z.ZodType<T>;
  create(): T;
  writeBody(w: ProtoWriter, value: T): void;
  readBody(r: ProtoReader, end: number): T;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

export const bytesSchema = z.instanceof(Uint8Array);
const EMPTY = new Uint8Array(0);

function expectWire(r: ProtoReader, got: number, want: number, no: number): void {
  if (got !== want) r.fail(`field ${no} has wire type ${got}, expected ${want}`);
}

function scalar<T>(
  no: number,
  wireType: number,
  schema: z.ZodType<T>,
  zero: T,
  isZero: (v: T) => boolean,
  write: (w: ProtoWriter, v: T) => void,
  read: (r: ProtoReader) => T,
): FieldSpec<T> {
  return {
    no,
    wireType,
    schema,
    zero: () => zero,
    omit: isZero,
    write,
    read(r, wt) {
      expectWire(r, wt, wireType, no);
      return read(r);
    },
  };
}

export const int32 = (no: number): FieldSpec<number> =>
  scalar(no, WIRE_VARINT, z.number().int().min(INT32_MIN).max(INT32_MAX), 0, (v) => v === 0, (w, v) => w.int32(v), (r) => r.int32());

export const uint32 = (no: number): FieldSpec<number> =>
  scalar(no, WIRE_VARINT, z.number().int().min(0).max(2 ** 32 - 1), 0, (v) => v === 0, (w, v) => w.uvarint(v), (r) => r.uint32());

/** Protobuf enums are int32 on the wire. */
export const enumeration = int32;

export const int64 = (no: number): FieldSpec<bigint> =>
  scalar(no, WIRE_VARINT, z.bigint().min(INT64_MIN).max(INT64_MAX), 0n, (v) => v === 0n, (w, v) => w.uint64(v), (r) => r.int64());

export const uint64 = (no: number): FieldSpec<bigint> =>
  scalar(no, WIRE_VARINT, z.bigint().min(0n).max(UINT64_MAX), 0n, (v) => v === 0n, (w, v) => w.uint64(v), (r) => r.uint64());

export const sfixed64 = (no: number): FieldSpec<bigint> =>
  scalar(no, WIRE_FIXED64, z.bigint().min(INT64_MIN).max(INT64_MAX), 0n, (v) => v === 0n, (w, v) => w.fixed64(v), (r) => BigInt.asIntN(64, r.fixed64()));

export const bool = (no: number): FieldSpec<boolean> =>
  scalar(no, WIRE_VARINT, z.boolean(), false, (v) => !v, (w, v) => w.uvarint(v ? 1 : 0), (r) => r.bool());

export const string = (no: number): FieldSpec<string> =>
  scalar(no, WIRE_LEN, z.string(), '', (v) => v.length === 0, (w, v) => w.string(v), (r) => r.string());

export const bytes = (no: number): FieldSpec<Uint8Array> =>
  scalar(no, WIRE_LEN, bytesSchema as z.ZodType<Uint8Array>, EMPTY, (v) => v.length === 0, (w, v) => w.bytes(v), (r) => r.bytes());

function writeNested<T>(type: NestedType<T>, w: ProtoWriter, value: T): void {
  const start = w.fork();
  type.writeBody(w, value);
  w.join(start);
}

function readNested<T>(type: NestedType<T>, r: ProtoReader, wt: number, no: number): T {
  expectWire(r, wt, WIRE_LEN, no);
  const len = r.length();
  const end = r.pos + len;
  const value = type.readBody(r, end);
  r.pos = end;
  return value;
}

/**
 * A sub-message. gogoproto's non-nullable fields (`nn`) are always written,
 * even empty, and read as the type's default when absent; nullable ones are
 * `undefined` when absent.
 */
export function message<T>(no: number, type: NestedType<T>, opts: { nn: true; zero?: () => T }): FieldSpec<T>;
export function message<T>(no: number, type: NestedType<T>, opts?: { nn?: false }): FieldSpec<T | undefined>;
export function message<T>(
  no: number,
  type: NestedType<T>,
  opts: { nn?: boolean; zero?: () => T } = {},
): FieldSpec<T> | FieldSpec<T | undefined> {
  if (opts.nn) {
    const zero = opts.zero ?? (() => type.create());
    return {
      no,
      wireType: WIRE_LEN,
      schema: type.schema,
      zero,
      omit: () => false,
      write: (w, v) => writeNested(type, w, v),
      read: (r, wt) => readNested(type, r, wt, no),
    } satisfies FieldSpec<T>;
  }
  return {
    no,
    wireType: WIRE_LEN,
    schema: type.schema.optional(),
    zero: () => undefined,
    omit: (v) => v === undefined,
    write: (w, v) => writeNested(type, w, v as T),
    read: (r, wt) => readNested(type, r, wt, no),
  } satisfies FieldSpec<T | undefined>;
}

/** repeated sub-messages, strings or bytes: one tag per element. */
export function repeated<T>(element: FieldSpec<T>, maxItems?: number): FieldSpec<T[]> {
  const base = z.array(element.schema);
  return {
    no: element.no,
    wireType: element.wireType,
    schema: maxItems === undefined ? base : base.max(maxItems),
    zero: () => [],
    omit: (v) => v.length === 0,
    write(w, values) {
      for (let i = 0; i < values.length; i++) {
        if (i > 0) w.tag(element.no, element.wireType);
        element.write(w, values[i]!);
      }
    },
    read(r, wt, previous = []) {
      // Each element is a single occurrence: no zero() (a oneof has none).
      previous.push(element.read(r, wt, undefined));
      return previous;
    },
  };
}

/** repeated uint64, packed as gogoproto writes it; unpacked input is accepted too. */
export function packedUint64(no: number): FieldSpec<bigint[]> {
  return {
    no,
    wireType: WIRE_LEN,
    schema: z.array(z.bigint().min(0n).max(UINT64_MAX)),
    zero: () => [],
    omit: (v) => v.length === 0,
    write(w, values) {
      const start = w.fork();
      for (const v of values) w.uint64(v);
      w.join(start);
    },
    read(r, wt, previous = []) {
      if (wt === WIRE_VARINT) {
        previous.push(r.uint64());
        return previous;
      }
      expectWire(r, wt, WIRE_LEN, no);
      const len = r.length(); // advances r.pos past the prefix first
      const end = r.pos + len;
      while (r.pos < end) previous.push(r.uint64());
      if (r.pos !== end) r.fail(`packed field ${no} overruns its length`);
      return previous;
    },
  };
}

export { duration } from './duration.js';
export { optionalBytes } from './optional-bytes.js';
