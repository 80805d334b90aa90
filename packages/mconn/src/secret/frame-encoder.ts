/**
 * Write side framing: payload bytes (possibly spread over several queued
 * chunks) are packed into 1028-byte frames — LE32 length ‖ data ‖ zero
 * padding — and sealed in batches into one output buffer per socket write.
 * Frame boundaries follow the byte stream, not the caller's write() calls.
 */
import { DATA_LEN_SIZE, DATA_MAX_SIZE, FRAME_SIZE, SEALED_FRAME_SIZE } from './constants.js';
import type { FrameSealer } from './frame-cipher.js';

/** Frames sealed per output buffer: about 64 KiB per socket write. */
export const FRAMES_PER_BATCH = 64;
/** Bytes of a full sealed batch. */
export const SEALED_BATCH_SIZE = FRAMES_PER_BATCH * SEALED_FRAME_SIZE;

/** A read position over a list of chunks queued by one write/writev call. */
export class ChunkCursor {
  private index = 0;
  private offset = 0;
  remaining: number;

  constructor(private readonly chunks: readonly Uint8Array[]) {
    let total = 0;
    for (const chunk of chunks) total += chunk.length;
    this.remaining = total;
  }

  /** Copies the next `length` bytes into `target` at `at`. */
  copyTo(target: Uint8Array, at: number, length: number): void {
    let left = length;
    while (left > 0) {
      const chunk = this.chunks[this.index]!;
      const take = Math.min(left, chunk.length - this.offset);
      target.set(chunk.subarray(this.offset, this.offset + take), at);
      at += take;
      left -= take;
      this.offset += take;
      if (this.offset === chunk.length) {
        this.index++;
        this.offset = 0;
      }
    }
    this.remaining -= length;
  }
}

export class FrameEncoder {
  // Plaintext staging for one batch when the sealer has none of its own; reused, never handed out.
  private readonly plain = new Uint8Array(FRAMES_PER_BATCH * FRAME_SIZE);

  constructor(private readonly sealer: FrameSealer) {}

  /**
   * Seals up to FRAMES_PER_BATCH frames from `cursor` into `into` (at least
   * SEALED_BATCH_SIZE bytes) or else a fresh buffer, and returns the sealed
   * bytes. Returns an empty buffer when the cursor is exhausted: zero bytes
   * send no frame.
   */
  sealBatch(cursor: ChunkCursor, into?: Buffer): Buffer {
    const count = Math.min(FRAMES_PER_BATCH, Math.ceil(cursor.remaining / DATA_MAX_SIZE));
    const out = into === undefined ? Buffer.allocUnsafe(count * SEALED_FRAME_SIZE) : into.subarray(0, count * SEALED_FRAME_SIZE);
    const staging = this.sealer.staging;
    const plain = staging !== undefined && staging.length >= count * FRAME_SIZE ? staging : this.plain;
    for (let i = 0; i < count; i++) {
      const at = i * FRAME_SIZE;
      const length = Math.min(DATA_MAX_SIZE, cursor.remaining);
      plain[at] = length & 0xff;
      plain[at + 1] = length >>> 8;
      plain[at + 2] = 0;
      plain[at + 3] = 0;
      cursor.copyTo(plain, at + DATA_LEN_SIZE, length);
      // Padding is zeroed so no stale bytes are ever sealed.
      if (length < DATA_MAX_SIZE) plain.fill(0, at + DATA_LEN_SIZE + length, at + FRAME_SIZE);
    }
    this.sealer.seal(plain, count, out);
    return out;
  }

  /** Seals all of `payload` (for small writes such as the AuthSigMessage). */
  sealAll(payload: Uint8Array): Buffer {
    const cursor = new ChunkCursor([payload]);
    const parts: Buffer[] = [];
    while (cursor.remaining > 0) parts.push(this.sealBatch(cursor));
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }
}
