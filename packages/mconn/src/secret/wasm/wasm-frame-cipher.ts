/**
 * ChaCha20-Poly1305 frame sealing on the WebAssembly kernel: a batch of frames
 * is copied into the kernel once, sealed or opened in one call that loops
 * inside WebAssembly, and copied out once. This avoids node:crypto's cost of
 * one cipher object per 1 KiB frame (see bench/secret-wasm.ts for figures).
 */
import { FRAME_SIZE, SEALED_FRAME_SIZE } from '../constants.js';
import type { FrameCipherFactory, FrameOpener, FrameSealer } from '../frame-cipher.js';
import { nodeFrameCipher } from '../node-frame-cipher.js';
import { BatchNonce } from './batch-nonce.js';
import { loadKernel, type ChaChaPolyKernel } from './kernel.js';

const KEY_SIZE = 32;

function copyKey(key: Uint8Array): Uint8Array {
  if (key.length !== KEY_SIZE) throw new RangeError(`chacha20-poly1305 key must be ${KEY_SIZE} bytes, got ${key.length}`);
  return Uint8Array.from(key);
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`frame count must be a non-negative integer, got ${count}`);
}

function checkSpan(what: string, bytes: Uint8Array, start: number, length: number): void {
  if (!Number.isInteger(start) || start < 0 || start + length > bytes.length) {
    throw new RangeError(`${what}: ${length} bytes at ${start} exceed its ${bytes.length} bytes`);
  }
}

export class WasmFrameSealer implements FrameSealer {
  /** The kernel's input frames: plaintext built here is sealed without a copy. */
  readonly staging: Uint8Array;
  private readonly key: Uint8Array;
  private readonly nonce: BatchNonce;

  /** `startCounter` is for tests that need a nonce near exhaustion. */
  constructor(
    key: Uint8Array,
    startCounter = 0n,
    private readonly kernel: ChaChaPolyKernel = loadKernel(),
  ) {
    this.key = copyKey(key);
    this.nonce = new BatchNonce('send', startCounter);
    this.staging = kernel.memory.subarray(kernel.inPtr, kernel.inPtr + kernel.maxFrames * FRAME_SIZE);
  }

  get counter(): bigint {
    return this.nonce.counter;
  }

  seal(frames: Uint8Array, count: number, out: Uint8Array): void {
    checkCount(count);
    checkSpan('frames', frames, 0, count * FRAME_SIZE);
    checkSpan('out', out, 0, count * SEALED_FRAME_SIZE);
    const { exports, memory, keyPtr, inPtr, outPtr, maxFrames } = this.kernel;
    try {
      for (let done = 0; done < count; ) {
        const n = this.nonce.available(Math.min(count - done, maxFrames));
        memory.set(this.key, keyPtr);
        // Frames built in `staging` are already in place.
        if (done > 0 || frames.buffer !== memory.buffer || frames.byteOffset !== inPtr) {
          memory.set(frames.subarray(done * FRAME_SIZE, (done + n) * FRAME_SIZE), inPtr);
        }
        exports.seal_frames(n, this.nonce.low, this.nonce.high);
        out.set(memory.subarray(outPtr, outPtr + n * SEALED_FRAME_SIZE), done * SEALED_FRAME_SIZE);
        this.nonce.advance(n);
        done += n;
      }
    } finally {
      memory.fill(0, keyPtr, keyPtr + KEY_SIZE); // the shared kernel keeps no key between calls
    }
  }
}

export class WasmFrameOpener implements FrameOpener {
  private readonly key: Uint8Array;
  private readonly nonce: BatchNonce;

  constructor(
    key: Uint8Array,
    startCounter = 0n,
    private readonly kernel: ChaChaPolyKernel = loadKernel(),
  ) {
    this.key = copyKey(key);
    this.nonce = new BatchNonce('receive', startCounter);
  }

  get counter(): bigint {
    return this.nonce.counter;
  }

  open(sealed: Uint8Array, offset: number, count: number, out: Uint8Array, outOffset: number): number {
    checkCount(count);
    checkSpan('sealed', sealed, offset, count * SEALED_FRAME_SIZE);
    checkSpan('out', out, outOffset, count * FRAME_SIZE);
    const { exports, memory, keyPtr, inPtr, outPtr, maxFrames } = this.kernel;
    try {
      for (let done = 0; done < count; ) {
        const n = this.nonce.available(Math.min(count - done, maxFrames));
        const at = offset + done * SEALED_FRAME_SIZE;
        memory.set(this.key, keyPtr);
        memory.set(sealed.subarray(at, at + n * SEALED_FRAME_SIZE), inPtr);
        const opened = exports.open_frames(n, this.nonce.low, this.nonce.high);
        out.set(memory.subarray(outPtr, outPtr + opened * FRAME_SIZE), outOffset + done * FRAME_SIZE);
        this.nonce.advance(opened);
        done += opened;
        if (opened < n) return done;
      }
      return count;
    } finally {
      memory.fill(0, keyPtr, keyPtr + KEY_SIZE);
    }
  }
}

/** The WebAssembly backend for both directions; throws if WebAssembly is unavailable. */
export const wasmFrameCipher: FrameCipherFactory = ({ sendKey, recvKey }) => {
  const kernel = loadKernel();
  return { sealer: new WasmFrameSealer(sendKey, 0n, kernel), opener: new WasmFrameOpener(recvKey, 0n, kernel) };
};

/** The WebAssembly backend if `load` succeeds, else node:crypto. */
export function selectFrameCipher(load: () => ChaChaPolyKernel = loadKernel): FrameCipherFactory {
  try {
    load();
    return wasmFrameCipher;
  } catch {
    return nodeFrameCipher;
  }
}

let chosen: FrameCipherFactory | undefined;

/**
 * SecretConnection's default backend: WebAssembly, which measures faster than
 * node:crypto per 1028-byte frame, falling back to node:crypto when the
 * kernel cannot be instantiated. Chosen on first use, not at import.
 */
export const defaultFrameCipher: FrameCipherFactory = (keys) => (chosen ??= selectFrameCipher())(keys);
