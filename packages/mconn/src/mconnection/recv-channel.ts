/**
 * Receive side of one channel: reassembles PacketMsg chunks into a message,
 * enforcing recvMessageCapacity before any allocation or copy.
 */
import type { ResolvedChannelDescriptor } from './config.js';
import { MessageTooLargeError } from './errors.js';

export class RecvChannel {
  readonly id: number;
  private readonly capacity: number;
  private readonly initialSize: number;
  private buffer: Uint8Array | null = null;
  private length = 0;

  constructor(desc: ResolvedChannelDescriptor) {
    this.id = desc.id;
    this.capacity = desc.recvMessageCapacity;
    this.initialSize = Math.min(desc.recvBufferCapacity, desc.recvMessageCapacity);
  }

  /** Bytes of the message being reassembled. */
  get pendingBytes(): number {
    return this.length;
  }

  /**
   * Appends src[start, end). On eof returns the complete message (owned by
   * the caller: the reassembly buffer is handed off, as upstream does, and a
   * new one is allocated for the next message); otherwise null.
   */
  append(src: Uint8Array, start: number, end: number, eof: boolean): Uint8Array | null {
    const total = this.length + (end - start);
    if (total > this.capacity) throw new MessageTooLargeError(this.id, total, this.capacity);
    if (eof && this.length === 0) return src.slice(start, end);
    let buffer = this.buffer;
    if (buffer === null || buffer.length < total) buffer = this.grow(total);
    buffer.set(src.subarray(start, end), this.length);
    this.length = total;
    if (!eof) return null;
    this.buffer = null;
    this.length = 0;
    return buffer.length === total ? buffer : buffer.subarray(0, total);
  }

  /** Doubles (at least to `needed`, at most to capacity): a message of n bytes costs O(n) copying in all. */
  private grow(needed: number): Uint8Array {
    const old = this.buffer;
    const size = Math.min(this.capacity, Math.max(needed, this.initialSize, old === null ? 0 : old.length * 2));
    const grown = new Uint8Array(size);
    if (old !== null && this.length > 0) grown.set(old.subarray(0, this.length));
    this.buffer = grown;
    return grown;
  }

  /** Drops a partly received message. */
  reset(): void {
    this.buffer = null;
    this.length = 0;
  }
}
