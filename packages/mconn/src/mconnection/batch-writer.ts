/**
 * Builds outgoing batches in place and writes each as one chunk to the stream.
 *
 * Batches are carved one after another out of a pre-allocated slab (256 KiB),
 * so there is no allocation per packet and about one per four full batches.
 * A written batch is never reused: a stream may keep a chunk after its write
 * callback (an in-memory Duplex passes it straight to its reader), so
 * recycling would be unsafe. A slab is garbage once all its batches are.
 */
import type { Writable } from 'node:stream';

/** Largest batch written at once: upstream's 64 KiB bufio.Writer. */
export const BATCH_SIZE = 64 * 1024;
const SLAB_SIZE = 4 * BATCH_SIZE;

export class BatchWriter {
  private slab: Buffer = Buffer.allocUnsafeSlow(SLAB_SIZE);
  private start = 0;
  private end = 0;

  constructor(private readonly stream: Writable) {}

  /** Bytes in the batch being built. */
  get pendingBytes(): number {
    return this.end - this.start;
  }

  /** True if the stream asked us to wait for 'drain'. */
  get congested(): boolean {
    return this.stream.writableNeedDrain;
  }

  /** Room in the current batch before it must be written out. */
  get room(): number {
    return BATCH_SIZE - (this.end - this.start);
  }

  /**
   * Makes room for `size` bytes (≤ BATCH_SIZE) at the end of the batch and
   * returns the buffer to write into at `position`; call commit() afterwards.
   * The batch must have `room` for it (flush first otherwise).
   */
  reserve(size: number): Buffer {
    if (this.end + size > this.slab.length) {
      // Move the partial batch to a fresh slab (at most one batch is copied per slab).
      const next = Buffer.allocUnsafeSlow(SLAB_SIZE);
      this.slab.copy(next, 0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
      this.slab = next;
    }
    return this.slab;
  }

  get position(): number {
    return this.end;
  }

  commit(newEnd: number): void {
    this.end = newEnd;
  }

  append(bytes: Uint8Array): void {
    const slab = this.reserve(bytes.length);
    slab.set(bytes, this.end);
    this.end += bytes.length;
  }

  /** Writes the batch to the stream (one write call). Returns false if the stream wants us to wait. */
  flush(): boolean {
    if (this.end === this.start) return !this.stream.writableNeedDrain;
    const chunk = this.slab.subarray(this.start, this.end);
    this.start = this.end;
    return this.stream.write(chunk);
  }
}
