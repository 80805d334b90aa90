/** Drives the raw WebAssembly kernel for the primitive tests, and a BigInt Poly1305 reference. */
import { loadKernel } from '../src/secret/wasm/kernel.js';

const kernel = loadKernel();
const { exports, memory, keyPtr, inPtr, outPtr } = kernel;
/** Scratch spots past the frame areas. */
const AAD_PTR = 140_000;
const POLY_KEY_PTR = 150_000;
/** Largest message the helpers accept (the size of the frame areas). */
export const MAX_MESSAGE = outPtr - inPtr - 16;

function nonceWords(nonce: Uint8Array): [number, number, number] {
  const view = Buffer.from(nonce);
  return [view.readUInt32LE(0), view.readUInt32LE(4), view.readUInt32LE(8)];
}

export function wasmChacha20(key: Uint8Array, counter: number, nonce: Uint8Array, data: Uint8Array): Buffer {
  memory.set(key, keyPtr);
  memory.set(data, inPtr);
  exports.chacha20_xor(inPtr, outPtr, data.length, counter, ...nonceWords(nonce));
  return Buffer.from(memory.subarray(outPtr, outPtr + data.length));
}

export function wasmPoly1305(key: Uint8Array, message: Uint8Array): Buffer {
  memory.set(key, POLY_KEY_PTR);
  memory.set(message, inPtr);
  exports.poly1305(inPtr, message.length, POLY_KEY_PTR, outPtr);
  return Buffer.from(memory.subarray(outPtr, outPtr + 16));
}

/** Ciphertext ‖ tag. */
export function wasmAeadSeal(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plain: Uint8Array): Buffer {
  memory.set(key, keyPtr);
  memory.set(aad, AAD_PTR);
  memory.set(plain, inPtr);
  exports.aead_seal(inPtr, outPtr, plain.length, AAD_PTR, aad.length, ...nonceWords(nonce));
  return Buffer.from(memory.subarray(outPtr, outPtr + plain.length + 16));
}

/** The plaintext, or undefined if the tag does not verify. */
export function wasmAeadOpen(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Buffer | undefined {
  memory.set(key, keyPtr);
  memory.set(aad, AAD_PTR);
  memory.set(sealed, inPtr);
  const length = sealed.length - 16;
  const ok = exports.aead_open(inPtr, outPtr, length, AAD_PTR, aad.length, ...nonceWords(nonce));
  return ok === 1 ? Buffer.from(memory.subarray(outPtr, outPtr + length)) : undefined;
}

function le(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
  return value;
}

/** Poly1305 straight from RFC 8439 §2.5.1 with BigInt arithmetic. */
export function referencePoly1305(key: Uint8Array, message: Uint8Array): Buffer {
  const p = (1n << 130n) - 5n;
  const r = le(key.subarray(0, 16)) & 0x0ffffffc0ffffffc0ffffffc0fffffffn;
  const s = le(key.subarray(16, 32));
  let acc = 0n;
  for (let at = 0; at < message.length; at += 16) {
    const block = message.subarray(at, at + 16);
    acc = ((acc + le(block) + (1n << BigInt(8 * block.length))) * r) % p;
  }
  let tag = (acc + s) & ((1n << 128n) - 1n);
  const out = Buffer.alloc(16);
  for (let i = 0; i < 16; i++, tag >>= 8n) out[i] = Number(tag & 0xffn);
  return out;
}
