/**
 * ChaCha20-Poly1305 (RFC 8439) frame sealing on node:crypto (OpenSSL). Each
 * frame needs its own cipher object because the nonce changes; the key and
 * nonce buffers are reused and ciphertext lands in the caller's batch buffer.
 */
import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject } from 'node:crypto';
import { FRAME_SIZE, SEALED_FRAME_SIZE, TAG_SIZE } from './constants.js';
import type { FrameCipherFactory, FrameOpener, FrameSealer } from './frame-cipher.js';
import { FrameNonce } from './nonce.js';

const ALGORITHM = 'chacha20-poly1305';
const OPTIONS = { authTagLength: TAG_SIZE } as const;

function secretKey(key: Uint8Array): KeyObject {
  if (key.length !== 32) throw new RangeError(`chacha20-poly1305 key must be 32 bytes, got ${key.length}`);
  return createSecretKey(Buffer.from(key));
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class NodeFrameSealer implements FrameSealer {
  private readonly key: KeyObject;
  private readonly nonce: FrameNonce;

  /** `startCounter` is for tests that need a nonce near exhaustion. */
  constructor(key: Uint8Array, startCounter = 0n) {
    this.key = secretKey(key);
    this.nonce = new FrameNonce('send', startCounter);
  }

  get counter(): bigint {
    return this.nonce.counter;
  }

  seal(frames: Uint8Array, count: number, out: Uint8Array): void {
    const input = asBuffer(frames);
    for (let i = 0; i < count; i++) {
      this.nonce.check();
      const cipher = createCipheriv(ALGORITHM, this.key, this.nonce.bytes, OPTIONS);
      const at = i * SEALED_FRAME_SIZE;
      out.set(cipher.update(input.subarray(i * FRAME_SIZE, (i + 1) * FRAME_SIZE)), at);
      cipher.final();
      out.set(cipher.getAuthTag(), at + FRAME_SIZE);
      this.nonce.advance();
    }
  }
}

export class NodeFrameOpener implements FrameOpener {
  private readonly key: KeyObject;
  private readonly nonce: FrameNonce;

  constructor(key: Uint8Array, startCounter = 0n) {
    this.key = secretKey(key);
    this.nonce = new FrameNonce('receive', startCounter);
  }

  get counter(): bigint {
    return this.nonce.counter;
  }

  open(sealed: Uint8Array, offset: number, count: number, out: Uint8Array, outOffset: number): number {
    const input = asBuffer(sealed);
    for (let i = 0; i < count; i++) {
      this.nonce.check();
      const at = offset + i * SEALED_FRAME_SIZE;
      const decipher = createDecipheriv(ALGORITHM, this.key, this.nonce.bytes, OPTIONS);
      decipher.setAuthTag(input.subarray(at + FRAME_SIZE, at + SEALED_FRAME_SIZE));
      const plain = decipher.update(input.subarray(at, at + FRAME_SIZE));
      try {
        decipher.final();
      } catch {
        return i;
      }
      out.set(plain, outOffset + i * FRAME_SIZE);
      this.nonce.advance();
    }
    return count;
  }
}

/** The default backend: node:crypto for both directions. */
export const nodeFrameCipher: FrameCipherFactory = ({ sendKey, recvKey }) => ({
  sealer: new NodeFrameSealer(sendKey),
  opener: new NodeFrameOpener(recvKey),
});
