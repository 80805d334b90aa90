export { secretHandshake, type SecretHandshakeOptions } from './handshake.js';
export { SecretConnection, type SecretConnectionInit } from './secret-connection.js';
export type { FrameSealer, FrameOpener, FrameCipherFactory } from './frame-cipher.js';
export { NodeFrameSealer, NodeFrameOpener, nodeFrameCipher } from './node-frame-cipher.js';
export {
  WasmFrameSealer,
  WasmFrameOpener,
  wasmFrameCipher,
  defaultFrameCipher,
  selectFrameCipher,
} from './wasm/wasm-frame-cipher.js';
export { MerlinTranscript, type Label } from './merlin.js';
export {
  DATA_MAX_SIZE,
  FRAME_SIZE,
  SEALED_FRAME_SIZE,
  MAX_HANDSHAKE_MESSAGE_SIZE,
  DEFAULT_HANDSHAKE_TIMEOUT_MS,
} from './constants.js';
export * from './errors.js';
