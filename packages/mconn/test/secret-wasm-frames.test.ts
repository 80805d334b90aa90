import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { NodeFrameOpener, NodeFrameSealer, NonceOverflowError, nodeFrameCipher } from '../src/index.js';
import { FRAME_SIZE, SEALED_FRAME_SIZE } from '../src/secret/constants.js';
import { loadKernel } from '../src/secret/wasm/kernel.js';
import {
  WasmFrameOpener,
  WasmFrameSealer,
  defaultFrameCipher,
  selectFrameCipher,
  wasmFrameCipher,
} from '../src/secret/wasm/wasm-frame-cipher.js';

const MAX = (1n << 64n) - 1n;
const key = Buffer.alloc(32, 0x42);

/** Byte equality without vitest's element-by-element diff of large buffers (hex on mismatch). */
function expectBytes(actual: Uint8Array, expected: Uint8Array): void {
  if (!Buffer.from(actual.buffer, actual.byteOffset, actual.length).equals(expected)) {
    expect(Buffer.from(actual).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
  }
}

function sealWith(sealer: NodeFrameSealer | WasmFrameSealer, plain: Uint8Array): Buffer {
  const count = plain.length / FRAME_SIZE;
  const out = Buffer.alloc(count * SEALED_FRAME_SIZE);
  sealer.seal(plain, count, out);
  return out;
}

describe('WebAssembly frames against node:crypto frames', () => {
  const batch = fc.record({
    key: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    start: fc.oneof(
      fc.bigInt({ min: 0n, max: 1n << 40n }),
      fc.bigInt({ min: (1n << 32n) - 80n, max: (1n << 32n) + 5n }),
      fc.bigInt({ min: MAX - (1n << 20n), max: MAX - 200n }),
    ),
    count: fc.integer({ min: 1, max: 140 }),
    seed: fc.integer({ min: 0, max: 255 }),
  });
  const framesOf = (count: number, seed: number): Buffer => {
    const frames = Buffer.allocUnsafe(count * FRAME_SIZE);
    for (let i = 0; i < frames.length; i++) frames[i] = (i * 31 + seed) & 0xff;
    return frames;
  };

  test('seal with WebAssembly = seal with node:crypto; each side opens the other', () => {
    fc.assert(
      fc.property(batch, ({ key, start, count, seed }) => {
        const plain = framesOf(count, seed);
        const wasmSealer = new WasmFrameSealer(key, start);
        const sealed = sealWith(wasmSealer, plain);
        expectBytes(sealed, sealWith(new NodeFrameSealer(key, start), plain));
        expect(wasmSealer.counter).toBe(start + BigInt(count));

        const viaNode = Buffer.alloc(plain.length);
        expect(new NodeFrameOpener(key, start).open(sealed, 0, count, viaNode, 0)).toBe(count);
        expectBytes(viaNode, plain);
        const viaWasm = Buffer.alloc(plain.length);
        const opener = new WasmFrameOpener(key, start);
        expect(opener.open(sealed, 0, count, viaWasm, 0)).toBe(count);
        expectBytes(viaWasm, plain);
        expect(opener.counter).toBe(start + BigInt(count));
      }),
      { numRuns: 60 },
    );
  });

  test('frames built in the sealer\'s staging area seal like frames passed in, also when the nonce runs out mid-batch', () => {
    fc.assert(
      fc.property(
        fc.record({
          start: fc.oneof(fc.bigInt({ min: 0n, max: 1n << 40n }), fc.bigInt({ min: MAX - 70n, max: MAX - 1n })),
          count: fc.integer({ min: 1, max: loadKernel().maxFrames }),
          seed: fc.integer({ min: 0, max: 255 }),
        }),
        ({ start, count, seed }) => {
          const plain = framesOf(count, seed);
          const staged = new WasmFrameSealer(key, start);
          staged.staging.set(plain);
          const fromStaging = Buffer.alloc(count * SEALED_FRAME_SIZE);
          const node = new NodeFrameSealer(key, start);
          const fromNode = Buffer.alloc(count * SEALED_FRAME_SIZE);
          let stagedError: unknown;
          let nodeError: unknown;
          try {
            staged.seal(staged.staging, count, fromStaging);
          } catch (error) {
            stagedError = error;
          }
          try {
            node.seal(plain, count, fromNode);
          } catch (error) {
            nodeError = error;
          }
          expect(stagedError instanceof NonceOverflowError).toBe(nodeError instanceof NonceOverflowError);
          expect(staged.counter).toBe(node.counter);
          const sealedFrames = Number(staged.counter - start);
          expectBytes(fromStaging.subarray(0, sealedFrames * SEALED_FRAME_SIZE), fromNode.subarray(0, sealedFrames * SEALED_FRAME_SIZE));
        },
      ),
      { numRuns: 60 },
    );
  });

  test('the nonce carries on across calls and across the kernel batch limit', () => {
    const wasm = new WasmFrameSealer(key);
    const node = new NodeFrameSealer(key);
    const opener = new WasmFrameOpener(key);
    for (const count of [1, 3, loadKernel().maxFrames, 130, 2]) {
      const plain = randomBytes(count * FRAME_SIZE);
      const sealed = sealWith(wasm, plain);
      expectBytes(sealed, sealWith(node, plain));
      const opened = Buffer.alloc(plain.length);
      expect(opener.open(sealed, 0, count, opened, 0)).toBe(count);
      expectBytes(opened, plain);
    }
    expect(wasm.counter).toBe(node.counter);
    expect(opener.counter).toBe(wasm.counter);
  });

  test('open honours offset and outOffset', () => {
    const plain = randomBytes(5 * FRAME_SIZE);
    const sealed = Buffer.concat([Buffer.alloc(7), sealWith(new NodeFrameSealer(key), plain), Buffer.alloc(3)]);
    const out = Buffer.alloc(11 + plain.length);
    expect(new WasmFrameOpener(key).open(sealed, 7, 5, out, 11)).toBe(5);
    expectBytes(out.subarray(11), plain);
    expectBytes(out.subarray(0, 11), Buffer.alloc(11));
  });
});

describe('tampering', () => {
  test.each([0, 6, 69])('a flipped bit in frame %i stops opening there, without advancing the nonce', (bad) => {
    const count = 70;
    const plain = randomBytes(count * FRAME_SIZE);
    const sealed = sealWith(new NodeFrameSealer(key), plain);
    for (const at of [bad * SEALED_FRAME_SIZE + 100, bad * SEALED_FRAME_SIZE + FRAME_SIZE + 3]) {
      const tampered = Buffer.from(sealed);
      tampered[at]! ^= 0x10;
      const opener = new WasmFrameOpener(key);
      const out = Buffer.alloc(plain.length);
      expect(opener.open(tampered, 0, count, out, 0)).toBe(bad);
      expectBytes(out.subarray(0, bad * FRAME_SIZE), plain.subarray(0, bad * FRAME_SIZE));
      expect(opener.counter).toBe(BigInt(bad));
      // The untampered frame still opens with the nonce the opener kept.
      const one = Buffer.alloc(FRAME_SIZE);
      expect(opener.open(sealed, bad * SEALED_FRAME_SIZE, 1, one, 0)).toBe(1);
      expectBytes(one, plain.subarray(bad * FRAME_SIZE, (bad + 1) * FRAME_SIZE));
    }
  });

  test('a frame sealed under another key, or replayed with an old nonce, does not open', () => {
    const plain = randomBytes(2 * FRAME_SIZE);
    const other = sealWith(new NodeFrameSealer(Buffer.alloc(32, 0x43)), plain);
    expect(new WasmFrameOpener(key).open(other, 0, 2, Buffer.alloc(plain.length), 0)).toBe(0);
    const sealed = sealWith(new NodeFrameSealer(key), plain);
    const opener = new WasmFrameOpener(key);
    expect(opener.open(sealed, 0, 2, Buffer.alloc(plain.length), 0)).toBe(2);
    expect(opener.open(sealed, 0, 1, Buffer.alloc(FRAME_SIZE), 0)).toBe(0);
  });
});

describe('nonce exhaustion', () => {
  test('the sealer seals up to 2^64−2 and then throws NonceOverflowError, like node:crypto', () => {
    const plain = randomBytes(5 * FRAME_SIZE);
    const wasmOut = Buffer.alloc(5 * SEALED_FRAME_SIZE);
    const nodeOut = Buffer.alloc(5 * SEALED_FRAME_SIZE);
    const wasm = new WasmFrameSealer(key, MAX - 3n);
    const node = new NodeFrameSealer(key, MAX - 3n);
    expect(() => wasm.seal(plain, 5, wasmOut)).toThrow(NonceOverflowError);
    expect(() => node.seal(plain, 5, nodeOut)).toThrow(NonceOverflowError);
    expectBytes(wasmOut.subarray(0, 3 * SEALED_FRAME_SIZE), nodeOut.subarray(0, 3 * SEALED_FRAME_SIZE));
    expect(wasm.counter).toBe(MAX);
    expect(() => wasm.seal(plain, 1, wasmOut)).toThrow(/can't increase send nonce/);
    expect(wasm.counter).toBe(MAX);
  });

  test('the opener opens the frame at 2^64−2 and then throws', () => {
    const plain = randomBytes(2 * FRAME_SIZE);
    const sealed = Buffer.alloc(2 * SEALED_FRAME_SIZE);
    expect(() => new NodeFrameSealer(key, MAX - 1n).seal(plain, 2, sealed)).toThrow(NonceOverflowError);
    const opener = new WasmFrameOpener(key, MAX - 1n);
    const out = Buffer.alloc(2 * FRAME_SIZE);
    expect(() => opener.open(sealed, 0, 2, out, 0)).toThrow(/can't increase receive nonce/);
    expectBytes(out.subarray(0, FRAME_SIZE), plain.subarray(0, FRAME_SIZE));
    expect(opener.counter).toBe(MAX);
  });
});

describe('arguments and backend selection', () => {
  test('zero frames is a no-op; short buffers and bad keys are RangeErrors', () => {
    const sealer = new WasmFrameSealer(key);
    sealer.seal(Buffer.alloc(0), 0, Buffer.alloc(0));
    expect(new WasmFrameOpener(key).open(Buffer.alloc(0), 0, 0, Buffer.alloc(0), 0)).toBe(0);
    expect(() => sealer.seal(Buffer.alloc(FRAME_SIZE), 2, Buffer.alloc(2 * SEALED_FRAME_SIZE))).toThrow(RangeError);
    expect(() => sealer.seal(Buffer.alloc(FRAME_SIZE), 1, Buffer.alloc(FRAME_SIZE))).toThrow(RangeError);
    expect(() => new WasmFrameOpener(key).open(Buffer.alloc(SEALED_FRAME_SIZE), 1, 1, Buffer.alloc(FRAME_SIZE), 0)).toThrow(
      RangeError,
    );
    expect(() => sealer.seal(Buffer.alloc(2 * FRAME_SIZE), 1.5, Buffer.alloc(2 * SEALED_FRAME_SIZE))).toThrow(RangeError);
    expect(() => new WasmFrameOpener(key).open(Buffer.alloc(0), 0, -1, Buffer.alloc(0), 0)).toThrow(RangeError);
    expect(sealer.counter).toBe(0n);
    expect(() => new WasmFrameSealer(Buffer.alloc(31))).toThrow(RangeError);
    expect(() => new WasmFrameOpener(Buffer.alloc(33))).toThrow(RangeError);
  });

  test('the default is the WebAssembly backend, with node:crypto as the fallback', () => {
    const keys = { sendKey: key, recvKey: Buffer.alloc(32, 1) };
    const { sealer, opener } = defaultFrameCipher(keys);
    expect(sealer).toBeInstanceOf(WasmFrameSealer);
    expect(opener).toBeInstanceOf(WasmFrameOpener);
    expect(selectFrameCipher()).toBe(wasmFrameCipher);
    const broken = (): never => {
      throw new Error('no WebAssembly here');
    };
    expect(selectFrameCipher(broken)).toBe(nodeFrameCipher);
  });

  test('no key is left in the shared kernel memory after a call, even one that throws', () => {
    const { memory, keyPtr } = loadKernel();
    const secret = Buffer.alloc(32, 0x5a);
    new WasmFrameSealer(secret).seal(Buffer.alloc(FRAME_SIZE), 1, Buffer.alloc(SEALED_FRAME_SIZE));
    expectBytes(memory.subarray(keyPtr, keyPtr + 32), Buffer.alloc(32));
    const sealed = sealWith(new NodeFrameSealer(secret), Buffer.alloc(FRAME_SIZE));
    new WasmFrameOpener(secret).open(sealed, 0, 1, Buffer.alloc(FRAME_SIZE), 0);
    expectBytes(memory.subarray(keyPtr, keyPtr + 32), Buffer.alloc(32));
    const exhausted = new WasmFrameSealer(secret, MAX - 1n);
    expect(() => exhausted.seal(Buffer.alloc(2 * FRAME_SIZE), 2, Buffer.alloc(2 * SEALED_FRAME_SIZE))).toThrow(NonceOverflowError);
    expectBytes(memory.subarray(keyPtr, keyPtr + 32), Buffer.alloc(32));
  });

  test('ciphers sharing the one kernel do not disturb each other', () => {
    const a = new WasmFrameSealer(Buffer.alloc(32, 1));
    const b = new WasmFrameSealer(Buffer.alloc(32, 2));
    const refA = new NodeFrameSealer(Buffer.alloc(32, 1));
    const refB = new NodeFrameSealer(Buffer.alloc(32, 2));
    for (let i = 0; i < 4; i++) {
      const plain = randomBytes(3 * FRAME_SIZE);
      expectBytes(sealWith(a, plain), sealWith(refA, plain));
      expectBytes(sealWith(b, plain), sealWith(refB, plain));
    }
  });
});
