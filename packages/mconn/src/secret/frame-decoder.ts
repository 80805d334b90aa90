/**
 * Read side framing: incoming ciphertext arrives in arbitrary chunks. Whole
 * 1044-byte frames are opened in batches straight from the chunk (only a
 * frame split across chunks is copied), and the payloads of a batch are
 * compacted in place into one buffer so the consumer gets one chunk per batch.
 */
import { DATA_LEN_SIZE, DATA_MAX_SIZE, FRAME_SIZE, SEALED_FRAME_SIZE } from './constants.js';
import { FrameAuthError, FrameLengthError } from './errors.js';
import type { FrameOpener } from './frame-cipher.js';

/** Frames opened per output buffer. */
const FRAMES_PER_BATCH = 64;

export class FrameDecoder {
  private readonly partial = Buffer.allocUnsafe(SEALED_FRAME_SIZE);
  private partialLength = 0;

  constructor(private readonly opener: FrameOpener) {}

  /** Bytes of an incomplete frame waiting for the rest. */
  get pendingBytes(): number {
    return this.partialLength;
  }

  /**
   * Opens every whole frame in `chunk` (after any pending partial frame) and
   * hands the payload bytes to `deliver` (never an empty buffer). Payload of
   * frames before a bad one is delivered first; then FrameAuthError or
   * FrameLengthError is thrown and the decoder must not be used again.
   */
  decode(chunk: Uint8Array, deliver: (payload: Buffer) => void): void {
    let pos = 0;
    // A frame completed from the previous chunk leads the first batch (one delivery, not two).
    let lead = 0;
    if (this.partialLength > 0) {
      const take = Math.min(SEALED_FRAME_SIZE - this.partialLength, chunk.length);
      this.partial.set(chunk.subarray(0, take), this.partialLength);
      this.partialLength += take;
      pos = take;
      if (this.partialLength < SEALED_FRAME_SIZE) return;
      this.partialLength = 0;
      lead = 1;
    }
    for (;;) {
      const count = Math.min(FRAMES_PER_BATCH - lead, Math.floor((chunk.length - pos) / SEALED_FRAME_SIZE));
      if (count + lead === 0) break;
      this.openBatch(chunk, pos, count, lead === 1, deliver);
      pos += count * SEALED_FRAME_SIZE;
      lead = 0;
    }
    if (pos < chunk.length) {
      this.partial.set(chunk.subarray(pos), 0);
      this.partialLength = chunk.length - pos;
    }
  }

  /** Opens the completed partial frame (if `lead`) then `count` frames of `sealed` at `offset`, and delivers their payload as one buffer. */
  private openBatch(sealed: Uint8Array, offset: number, count: number, lead: boolean, deliver: (payload: Buffer) => void): void {
    const frames = count + (lead ? 1 : 0);
    const out = Buffer.allocUnsafe(frames * FRAME_SIZE);
    let opened = lead ? this.opener.open(this.partial, 0, 1, out, 0) : 0;
    if (count > 0 && opened === frames - count) opened += this.opener.open(sealed, offset, count, out, opened * FRAME_SIZE);
    let written = 0;
    let failure: Error | undefined = opened < frames ? new FrameAuthError() : undefined;
    for (let i = 0; i < opened; i++) {
      const at = i * FRAME_SIZE;
      const length = out.readUInt32LE(at);
      if (length > DATA_MAX_SIZE) {
        failure = new FrameLengthError(length);
        break;
      }
      out.copyWithin(written, at + DATA_LEN_SIZE, at + DATA_LEN_SIZE + length);
      written += length;
    }
    if (written > 0) {
      // Do not let a mostly-empty batch pin a large buffer in the consumer's queue.
      deliver(written * 2 < out.length ? Buffer.from(out.subarray(0, written)) : out.subarray(0, written));
    }
    if (failure) throw failure;
  }
}
