/**
 * Builds outgoing batches in place and writes each as one chunk to the stream.
 *
 * Batches are carved one after another out of a slab (256 KiB), so there is
 * no allocation per packet. A stream may keep a chunk after its write
 * callback (an in-memory Duplex passes it straight to its reader), so a slab
 * is only reused when the stream promises not to (a socket, a
 * SecretConnection: see buffer-reuse.ts), and then only once every batch
 * carved from it has been released; otherwise a used-up slab is left to the
 * GC and a fresh one allocated.
 */
import type { Writable } from 'node:stream';
import { BufferPool, releasesWrittenChunks, writeThenRelease } from '../buffer-reuse.js';

/** Largest batch written at once: upstream's 64 KiB bufio.Writer. */
export const BATCH_SIZE = 64 * 1024;
const SLAB_SIZE = 4 * BATCH_SIZE;

class Slab {
  /** Written batches the stream has not released yet. */
  unreleased = 0;
  /** No more batches will be carved from it. */
  retired = false;
  constructor(readonly bytes: Buffer) {}
}

export class BatchWriter {
  private readonly pool: BufferPool | undefined;
  private slab: Slab;
  private start = 0;
  private end = 0;

  constructor(private readonly stream: Writable) {
    this.pool = releasesWrittenChunks(stream) ? new BufferPool(SLAB_SIZE, 1) : undefined;
    this.slab = new Slab(this.pool?.take() ?? Buffer.allocUnsafeSlow(SLAB_SIZE));
  }

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
    if (this.end + size > SLAB_SIZE) {
      // Move the partial batch to the start of another slab (at most one batch
      // is copied per slab). If nothing written from this slab is still held,
      // that is this slab again, still in cache (Buffer#copy allows overlap).
      const old = this.slab;
      old.retired = true;
      if (old.unreleased === 0) this.pool?.give(old.bytes);
      const next = new Slab(this.pool?.take() ?? Buffer.allocUnsafeSlow(SLAB_SIZE));
      old.bytes.copy(next.bytes, 0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
      this.slab = next;
    }
    return this.slab.bytes;
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
    const slab = this.slab;
    const chunk = slab.bytes.subarray(this.start, this.end);
    this.start = this.end;
    const pool = this.pool;
    if (pool === undefined) return this.stream.write(chunk);
    slab.unreleased++;
    return writeThenRelease(this.stream, chunk, () => {
      if (--slab.unreleased === 0 && slab.retired) pool.give(slab.bytes);
    });
  }
}
