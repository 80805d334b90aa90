/**
 * Loads the WebAssembly ChaCha20-Poly1305 kernel (src/secret/wasm/*.wat) once per
 * thread. It is a few KiB, so it is compiled synchronously on first use; its
 * memory never grows, so one Uint8Array view stays valid for its lifetime.
 * Every call is synchronous, so all ciphers of a thread can share the one
 * instance: each writes its key into the kernel before each call.
 */
import { CHACHA_POLY_WASM_BASE64 } from './chacha-poly.wasm.js';

/** The kernel's raw exports (pointers are byte offsets into `memory`). */
export interface ChaChaPolyExports {
  /** dst = src ^ ChaCha20 keystream from block `counter`, nonce words n0 n1 n2, key at keyPtr. */
  chacha20_xor(src: number, dst: number, len: number, counter: number, n0: number, n1: number, n2: number): void;
  /** Poly1305 tag of len bytes at m, one-time key (32 bytes) at key, 16 bytes written at out. */
  poly1305(m: number, len: number, key: number, out: number): void;
  /** AEAD: ciphertext ‖ tag at dst. */
  aead_seal(src: number, dst: number, len: number, aad: number, aadLen: number, n0: number, n1: number, n2: number): void;
  /** AEAD: verifies the tag at src + len, then decrypts into dst; 1 if authentic, else 0. */
  aead_open(src: number, dst: number, len: number, aad: number, aadLen: number, n0: number, n1: number, n2: number): number;
  /** Seals `count` frames from inPtr (1028-byte stride) to outPtr (1044-byte stride), nonces hi:lo + i. */
  seal_frames(count: number, lo: number, hi: number): void;
  /** Opens `count` frames from inPtr to outPtr; returns how many authenticated. */
  open_frames(count: number, lo: number, hi: number): number;
}

export interface ChaChaPolyKernel {
  readonly exports: ChaChaPolyExports;
  /** The whole kernel memory. */
  readonly memory: Uint8Array;
  /** Where the 32-byte ChaCha20 key goes. */
  readonly keyPtr: number;
  /** Input frames of seal_frames/open_frames. */
  readonly inPtr: number;
  /** Output frames of seal_frames/open_frames. */
  readonly outPtr: number;
  /** Most frames one seal_frames/open_frames call takes. */
  readonly maxFrames: number;
}

// The ES2023 lib has no WebAssembly declarations; these are the few parts used here.
interface WasmInstance {
  exports: Record<string, unknown>;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => WasmInstance;
}

let cached: ChaChaPolyKernel | undefined;

function pointer(instance: WasmInstance, name: string): number {
  const value = (instance.exports[name] as { value?: unknown } | undefined)?.value;
  if (typeof value !== 'number') throw new TypeError(`chacha-poly kernel lacks the ${name} export`);
  return value;
}

/** The thread's kernel instance; throws if WebAssembly (with SIMD) is unavailable. */
export function loadKernel(): ChaChaPolyKernel {
  if (cached) return cached;
  const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm) throw new TypeError('WebAssembly is not available');
  const instance = new wasm.Instance(new wasm.Module(Buffer.from(CHACHA_POLY_WASM_BASE64, 'base64')));
  const memory = instance.exports.memory as { buffer: ArrayBuffer };
  cached = {
    exports: instance.exports as unknown as ChaChaPolyExports,
    memory: new Uint8Array(memory.buffer),
    keyPtr: pointer(instance, 'key_ptr'),
    inPtr: pointer(instance, 'in_ptr'),
    outPtr: pointer(instance, 'out_ptr'),
    maxFrames: pointer(instance, 'max_frames'),
  };
  return cached;
}
