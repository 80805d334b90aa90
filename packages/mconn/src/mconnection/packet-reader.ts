/**
 * Streaming parser of delimited Packets over an arbitrary-chunked byte stream.
 * Complete packets are handed out in place (a view into the incoming chunk);
 * only a packet split across chunks is copied, into one carry buffer sized for
 * the largest allowed packet. A length prefix above the limit is rejected as
 * soon as its first bytes prove it too large, before anything is buffered.
 */
import { PacketTooLargeError } from './errors.js';

/** Called with the Packet body buf[start, end) (length prefix removed). */
export type PacketSink = (buf: Uint8Array, start: number, end: number) => void;

const MAX_PREFIX_BYTES = 5;
/** 2^(7i) for i = 0…MAX_PREFIX_BYTES: a table, since `2 ** n` with a variable n is a Math.pow call per byte. */
const POW7 = [1, 2 ** 7, 2 ** 14, 2 ** 21, 2 ** 28, 2 ** 35];

export class PacketReader {
  private readonly carry: Uint8Array;
  private carryLength = 0;
  /** Total size (prefix + body) of the packet in `carry`, or 0 while its prefix is incomplete. */
  private carryTotal = 0;
  private prefixSize = 0;
  private prefixValue = 0;

  constructor(readonly maxPacketSize: number) {
    this.carry = new Uint8Array(maxPacketSize + MAX_PREFIX_BYTES);
  }

  /** Bytes held for a packet that is not complete yet. */
  get buffered(): number {
    return this.carryLength;
  }

  /**
   * Parses the delimited prefix at buf[pos, end). Returns the prefix size, or
   * 0 if the prefix continues past `end`; the value goes to prefixValue.
   * Throws PacketTooLargeError as soon as the value is known to exceed the limit.
   */
  private readPrefix(buf: Uint8Array, pos: number, end: number): number {
    let value = 0;
    for (let i = 0; i < MAX_PREFIX_BYTES; i++) {
      if (pos + i >= end) return 0;
      const byte = buf[pos + i]!;
      value += (byte & 0x7f) * POW7[i]!;
      // With a continuation bit the final value is at least 2^(7(i+1)).
      const lowerBound = byte < 0x80 ? value : value + POW7[i + 1]!;
      if (lowerBound > this.maxPacketSize) throw new PacketTooLargeError(lowerBound, this.maxPacketSize);
      if (byte < 0x80) {
        this.prefixValue = value;
        return i + 1;
      }
    }
    throw new PacketTooLargeError(POW7[MAX_PREFIX_BYTES]!, this.maxPacketSize);
  }

  /**
   * Feeds one chunk; calls `sink` for every complete packet in order. Stops
   * at the first packet boundary at or past `budget` bytes of the chunk and
   * returns how many bytes it consumed (the caller keeps the rest for later);
   * a partial packet at the end is consumed into the carry buffer. Throws on
   * a bad prefix.
   */
  push(chunk: Uint8Array, sink: PacketSink, budget = Infinity): number {
    let pos = 0;
    const end = chunk.length;
    if (this.carryLength > 0) {
      pos = this.continueCarry(chunk, sink);
      if (this.carryLength > 0 || pos >= budget) return pos;
    }
    while (pos < end) {
      const prefix = this.readPrefix(chunk, pos, end);
      const total = prefix + this.prefixValue;
      if (prefix === 0 || pos + total > end) {
        this.startCarry(chunk, pos, end, prefix === 0 ? 0 : total, prefix);
        return end;
      }
      sink(chunk, pos + prefix, pos + total);
      pos += total;
      if (pos >= budget) return pos;
    }
    return end;
  }

  private startCarry(chunk: Uint8Array, pos: number, end: number, total: number, prefix: number): void {
    this.carry.set(chunk.subarray(pos, end), 0);
    this.carryLength = end - pos;
    this.carryTotal = total;
    this.prefixSize = prefix;
  }

  /** Completes the carried packet from `chunk`; returns how much of chunk was used. */
  private continueCarry(chunk: Uint8Array, sink: PacketSink): number {
    let used = 0;
    const carry = this.carry;
    while (this.carryTotal === 0) {
      // The prefix itself was split: take one byte at a time (≤ 5 bytes in all).
      if (used >= chunk.length) return used;
      carry[this.carryLength++] = chunk[used++]!;
      const prefix = this.readPrefix(carry, 0, this.carryLength);
      if (prefix !== 0) {
        this.prefixSize = prefix;
        this.carryTotal = prefix + this.prefixValue;
      }
    }
    const take = Math.min(this.carryTotal - this.carryLength, chunk.length - used);
    if (take > 0) {
      carry.set(chunk.subarray(used, used + take), this.carryLength);
      this.carryLength += take;
      used += take;
    }
    const total = this.carryTotal;
    if (this.carryLength === total) {
      this.carryLength = 0;
      this.carryTotal = 0;
      sink(carry, this.prefixSize, total);
    }
    return used;
  }
}
