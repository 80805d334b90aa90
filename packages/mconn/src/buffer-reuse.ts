/**
 * Reusing a buffer after writing it is only safe if the stream no longer
 * refers to it once the write's callback has run. A net.Socket qualifies
 * (libuv has handed the bytes to the kernel), and so does a SecretConnection
 * (it has sealed them); a generic Duplex need not (an in-memory pair hands
 * the very chunk to its reader). Such writers recycle their buffers through
 * a BufferPool instead of allocating fresh memory for every write, which is
 * what fresh memory costs most: page faults and GC pressure, not the copy.
 */
import { Socket } from 'node:net';
import type { Writable } from 'node:stream';

/** A stream that sets this property to true promises to keep no reference to a chunk after calling back its write. */
export const RELEASES_WRITTEN_CHUNKS: unique symbol = Symbol.for('@cometts/mconn.releasesWrittenChunks');

export function releasesWrittenChunks(stream: Writable): boolean {
  return stream instanceof Socket || (stream as { [RELEASES_WRITTEN_CHUNKS]?: unknown })[RELEASES_WRITTEN_CHUNKS] === true;
}

/** Free buffers of one size, handed out again once their write has called back. */
export class BufferPool {
  private readonly free: Buffer[] = [];

  constructor(
    readonly size: number,
    /** Most free buffers kept; beyond that a returned buffer is left to the GC. */
    private readonly keep: number,
  ) {}

  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafeSlow(this.size);
  }

  give(buffer: Buffer): void {
    if (this.free.length < this.keep) this.free.push(buffer);
  }
}

/**
 * Writes `chunk` and calls `release` once the stream is done with it: at once
 * if the write completed synchronously (the stream's buffered length did not
 * grow, so its _write already called back; only the user callback waits for
 * the next tick), else from the write's callback. For streams that pass
 * releasesWrittenChunks. Returns write()'s result.
 */
export function writeThenRelease(stream: Writable, chunk: Uint8Array, release: () => void): boolean {
  const before = stream.writableLength;
  let released = false;
  const ok = stream.write(chunk, () => {
    if (released) return;
    released = true;
    release();
  });
  if (!released && stream.writableLength === before) {
    released = true;
    release();
  }
  return ok;
}
