/**
 * Receive side of one channel: reassembles PacketMsg chunks into a message,
 * enforcing recvMessageCapacity before any allocation or copy.
 *
 * Every delivered message is its own memory (packet bytes may sit in a reused
 * carry buffer or a stream's reused chunk). A message is built where it will
 * be handed over when its size can be guessed: after a multi-packet message
 * of over 16 KiB the next one is expected to be as large (bulk transfers and
 * block parts repeat sizes), so it costs one copy and one allocation. Other
 * messages up to 256 KiB are assembled in a buffer kept for reuse and copied
 * out at their exact size; larger ones grow by doubling. A buffer that turned
 * out more than twice too large is copied out, so no message pins much more
 * memory than its own size.
 */
import type { ResolvedChannelDescriptor } from './config.js';
import { MessageTooLargeError } from './errors.js';

const KEEP_LIMIT = 256 * 1024;
/** After a multi-packet message larger than this, the next one is built in a buffer of its size. */
const PREDICT_FROM = 16 * 1024;

/** A copy of src[start, end) (uninitialised allocation: every byte is overwritten). */
function copyOf(src: Uint8Array, start: number, end: number): Uint8Array {
  const out = Buffer.allocUnsafe(end - start);
  out.set(src.subarray(start, end));
  return out;
}

export class RecvChannel {
  readonly id: number;
  private readonly capacity: number;
  private readonly initialSize: number;
  private readonly keepLimit: number;
  /** Reused buffer for messages up to keepLimit. */
  private small: Uint8Array | null = null;
  /** Buffer of the large message being assembled (handed over at eof). */
  private large: Uint8Array | null = null;
  /** Size of the last multi-packet message: the guess for the next one. */
  private lastSize = 0;
  private length = 0;

  constructor(desc: ResolvedChannelDescriptor) {
    this.id = desc.id;
    this.capacity = desc.recvMessageCapacity;
    this.initialSize = Math.min(desc.recvBufferCapacity, desc.recvMessageCapacity);
    this.keepLimit = Math.min(desc.recvMessageCapacity, Math.max(KEEP_LIMIT, this.initialSize));
  }

  /** Bytes of the message being reassembled. */
  get pendingBytes(): number {
    return this.length;
  }

  /** Appends src[start, end). On eof returns the complete message (owned by the caller); otherwise null. */
  append(src: Uint8Array, start: number, end: number, eof: boolean): Uint8Array | null {
    const total = this.length + (end - start);
    if (total > this.capacity) throw new MessageTooLargeError(this.id, total, this.capacity);
    if (this.length === 0) {
      if (eof) return copyOf(src, start, end);
      if (this.lastSize > PREDICT_FROM) this.large = Buffer.allocUnsafeSlow(Math.min(this.capacity, Math.max(total, this.lastSize)));
    }
    const buffer = this.room(total);
    buffer.set(src.subarray(start, end), this.length);
    this.length = total;
    if (!eof) return null;
    this.length = 0;
    this.lastSize = total;
    const large = this.large;
    if (large === null) return copyOf(buffer, 0, total);
    this.large = null;
    if (large.length === total) return large;
    return total * 2 < large.length ? copyOf(large, 0, total) : large.subarray(0, total);
  }

  /** A buffer holding the message so far with room for `total` bytes; grows by doubling (O(n) copying per message). */
  private room(total: number): Uint8Array {
    const large = this.large;
    if (large !== null) {
      if (large.length >= total) return large;
      return (this.large = this.regrow(large, Math.max(total, large.length * 2)));
    }
    const small = this.small;
    if (small !== null && small.length >= total) return small;
    if (total <= this.keepLimit) {
      const size = Math.min(this.keepLimit, Math.max(total, this.initialSize, small === null ? 0 : small.length * 2));
      return (this.small = this.regrow(small, size));
    }
    return (this.large = this.regrow(small, Math.max(total, 2 * this.keepLimit)));
  }

  private regrow(old: Uint8Array | null, size: number): Uint8Array {
    const grown = Buffer.allocUnsafeSlow(Math.min(this.capacity, size));
    if (old !== null && this.length > 0) grown.set(old.subarray(0, this.length));
    return grown;
  }

  /** Drops a partly received message and the buffers. */
  reset(): void {
    this.small = null;
    this.large = null;
    this.length = 0;
  }
}
