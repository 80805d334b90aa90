/**
 * Growable protobuf writer. Sub-messages are written in place: `fork()` reserves
 * one length byte and `join()` shifts the body when the length needs more, so
 * nested messages are never encoded twice.
 */
const textEncoder = new TextEncoder();

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

export function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  if (value < 2 ** 35) return 5;
  let size = 5;
  let v = Math.floor(value / 2 ** 35);
  while (v > 0) {
    size++;
    v = Math.floor(v / 128);
  }
  return size;
}

export class ProtoWriter {
  private buf: Uint8Array;
  pos = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(initialCapacity);
  }

  private ensure(extra: number): void {
    const needed = this.pos + extra;
    if (needed <= this.buf.length) return;
    let capacity = this.buf.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }

  /** Unsigned varint of a non-negative safe integer. */
  uvarint(value: number): this {
    this.ensure(10);
    const buf = this.buf;
    while (value >= 0x80) {
      buf[this.pos++] = (value & 0x7f) | 0x80;
      value = value >= 2 ** 32 ? Math.floor(value / 128) : value >>> 7;
    }
    buf[this.pos++] = value;
    return this;
  }

  /** int32/enum: negative values are sign-extended to 10 bytes, as Go does. */
  int32(value: number): this {
    if (value >= 0) return this.uvarint(value);
    return this.uint64(BigInt.asUintN(64, BigInt(value)));
  }

  /** uint64/int64 as two's-complement 64-bit varint. */
  uint64(value: bigint): this {
    let v = BigInt.asUintN(64, value);
    if (v < 0x80000000n) return this.uvarint(Number(v));
    this.ensure(10);
    while (v >= 0x80n) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
    return this;
  }

  tag(fieldNumber: number, wireType: number): this {
    return this.uvarint(fieldNumber * 8 + wireType);
  }

  fixed64(value: bigint): this {
    this.ensure(8);
    const v = BigInt.asUintN(64, value);
    const lo = Number(v & 0xffffffffn);
    const hi = Number(v >> 32n);
    const b = this.buf;
    let p = this.pos;
    b[p++] = lo & 0xff;
    b[p++] = (lo >>> 8) & 0xff;
    b[p++] = (lo >>> 16) & 0xff;
    b[p++] = lo >>> 24;
    b[p++] = hi & 0xff;
    b[p++] = (hi >>> 8) & 0xff;
    b[p++] = (hi >>> 16) & 0xff;
    b[p++] = hi >>> 24;
    this.pos = p;
    return this;
  }

  raw(bytes: Uint8Array): this {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    return this;
  }

  bytes(bytes: Uint8Array): this {
    return this.uvarint(bytes.length).raw(bytes);
  }

  string(text: string): this {
    if (text.length < 128) {
      // Fast path: at most 3 bytes per UTF-16 unit, so the length fits in ≤ 2 bytes.
      const start = this.fork();
      this.ensure(text.length * 3);
      const { written } = textEncoder.encodeInto(text, this.buf.subarray(this.pos));
      this.pos += written;
      return this.join(start);
    }
    return this.bytes(textEncoder.encode(text));
  }

  /** Reserves a length byte for a sub-message; pass the result to `join`. */
  fork(): number {
    this.ensure(1);
    this.buf[this.pos++] = 0;
    return this.pos;
  }

  join(bodyStart: number): this {
    const length = this.pos - bodyStart;
    const size = varintSize(length);
    if (size > 1) {
      this.ensure(size - 1);
      this.buf.copyWithin(bodyStart + size - 1, bodyStart, this.pos);
      this.pos += size - 1;
    }
    let p = bodyStart - 1;
    let v = length;
    while (v >= 0x80) {
      this.buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[p] = v;
    return this;
  }

  /** A copy of the written bytes, sized exactly. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
