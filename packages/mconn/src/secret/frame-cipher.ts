/**
 * The AEAD seam of the SecretConnection. Framing (length header, padding,
 * batching, stream plumbing) lives elsewhere; a backend only seals and opens
 * runs of fixed-size frames with its own nonce counter, so a faster
 * implementation (WebAssembly, native addon) can replace the node:crypto one.
 */

/** Seals plaintext frames for one direction. */
export interface FrameSealer {
  /**
   * Seals `count` consecutive 1028-byte frames from `frames` into `out`
   * (`count` × 1044 bytes, ciphertext ‖ tag each), using and advancing the
   * send nonce once per frame. Throws NonceOverflowError before reusing a nonce.
   */
  seal(frames: Uint8Array, count: number, out: Uint8Array): void;
  /**
   * Optional: where the framer may build the plaintext frames of a batch
   * (room for at least 64 frames) right before calling seal() with it, so
   * seal() need not copy them in. Nothing else may run in between.
   */
  readonly staging?: Uint8Array;
}

/** Opens sealed frames for one direction. */
export interface FrameOpener {
  /**
   * Opens up to `count` consecutive 1044-byte frames from `sealed` starting at
   * `offset` into `out` (1028 bytes per frame, from `outOffset`), advancing
   * the receive nonce once per authenticated frame. Returns how many frames
   * authenticated; a smaller number than `count` means the next frame's tag
   * did not verify (its output bytes are unspecified and must be discarded).
   * Throws NonceOverflowError before reusing a nonce.
   */
  open(sealed: Uint8Array, offset: number, count: number, out: Uint8Array, outOffset: number): number;
}

/** Creates the two directions' ciphers from the derived 32-byte keys. */
export type FrameCipherFactory = (keys: { sendKey: Uint8Array; recvKey: Uint8Array }) => {
  sealer: FrameSealer;
  opener: FrameOpener;
};
