/**
 * Bounds-checked protobuf reader. Every length is checked against the bytes
 * that remain before anything is allocated, so hostile input can only produce
 * a DecodeError, never a large allocation or an out-of-range read.
 */
import { DecodeError } from '../errors.js';

const textDecoder = new TextDecoder('utf-8', { fatal: true });

export class ProtoReader {
  pos: number;

  constructor(
    readonly buf: Uint8Array,
    readonly messageType: string,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  fail(reason: string): never {
    throw new DecodeError(this.messageType, reason);
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** Varint as a JS number when it fits 53 bits; larger values take `uint64()`. */
  private readVarintParts(): [lo: number, hi: number] {
    const buf = this.buf;
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail('truncated varint');
      const byte = buf[this.pos++]!;
      if (i < 4) {
        lo |= (byte & 0x7f) << shift;
      } else if (i === 4) {
        lo |= (byte & 0x0f) << 28;
        hi = (byte & 0x7f) >>> 4;
      } else {
        hi |= (byte & 0x7f) << (3 + (i - 5) * 7);
      }
      shift += 7;
      if (byte < 0x80) return [lo >>> 0, hi >>> 0];
    }
    return this.fail('varint longer than 10 bytes');
  }

  /** uint32 field: the low 32 bits of the varint, as Go truncates. */
  uint32(): number {
    return this.readVarintParts()[0];
  }

  /** int32/enum field: the low 32 bits, signed. */
  int32(): number {
    return this.readVarintParts()[0] | 0;
  }

  uint64(): bigint {
    const [lo, hi] = this.readVarintParts();
    if (hi === 0) return BigInt(lo);
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  int64(): bigint {
    return BigInt.asIntN(64, this.uint64());
  }

  bool(): boolean {
    const [lo, hi] = this.readVarintParts();
    return lo !== 0 || hi !== 0;
  }

  /** A length prefix that must fit in what remains. */
  length(): number {
    const [lo, hi] = this.readVarintParts();
    if (hi !== 0 || lo > this.end - this.pos) this.fail('length exceeds remaining bytes');
    return lo;
  }

  fixed64(): bigint {
    if (this.end - this.pos < 8) this.fail('truncated fixed64');
    const b = this.buf;
    const p = this.pos;
    const lo = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
    const hi = (b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24)) >>> 0;
    this.pos += 8;
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** Length-delimited bytes, copied so the result never aliases the input buffer. */
  bytes(): Uint8Array {
    const len = this.length();
    const out = this.buf.slice(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  string(): string {
    const len = this.length();
    try {
      return textDecoder.decode(this.buf.subarray(this.pos, this.pos + len));
    } catch {
      return this.fail('string is not valid UTF-8');
    } finally {
      this.pos += len;
    }
  }

  /** Reads a tag; returns [fieldNumber, wireType]. */
  tag(): [number, number] {
    const [lo, hi] = this.readVarintParts();
    if (hi !== 0) this.fail('field number out of range');
    const field = lo >>> 3;
    if (field === 0) this.fail('field number 0');
    return [field, lo & 7];
  }

  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        this.readVarintParts();
        return;
      case 1:
        if (this.end - this.pos < 8) this.fail('truncated fixed64');
        this.pos += 8;
        return;
      case 2: {
        // Read the length before touching pos: `pos += length()` would add to the old pos.
        const len = this.length();
        this.pos += len;
        return;
      }
      case 5:
        if (this.end - this.pos < 4) this.fail('truncated fixed32');
        this.pos += 4;
        return;
      default:
        this.fail(`unsupported wire type ${wireType}`);
    }
  }
}
