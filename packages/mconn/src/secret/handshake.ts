/**
 * secretHandshake: CometBFT's Station-to-Station handshake (see
 * shared/protocol/secret-connection.md §3). Both sides write each message and
 * read the peer's at the same time; any failure destroys the transport.
 */
import type { Duplex } from 'node:stream';
import type { Ed25519PrivateKey } from '@cometts/types';
import {
  CHALLENGE_LABEL,
  CHALLENGE_SIZE,
  DEFAULT_HANDSHAKE_TIMEOUT_MS,
  DH_SECRET_LABEL,
  LOWER_EPHEMERAL_LABEL,
  MAX_HANDSHAKE_MESSAGE_SIZE,
  SEALED_FRAME_SIZE,
  TRANSCRIPT_LABEL,
  UPPER_EPHEMERAL_LABEL,
} from './constants.js';
import { parseDelimited } from './delimited.js';
import { HandshakeAbortedError, HandshakeTimeoutError } from './errors.js';
import type { FrameCipherFactory } from './frame-cipher.js';
import { FrameDecoder } from './frame-decoder.js';
import { FrameEncoder } from './frame-encoder.js';
import {
  decodeEphemeralMessage,
  encodeAuthMessage,
  encodeEphemeralMessage,
  verifyAuthMessage,
} from './handshake-messages.js';
import { HandshakeReader } from './handshake-reader.js';
import { deriveSecrets, ephemeralKeyPair, sharedSecret, sortEphemeralKeys } from './keys.js';
import { MerlinTranscript } from './merlin.js';
import { SecretConnection } from './secret-connection.js';
import { defaultFrameCipher } from './wasm/wasm-frame-cipher.js';

export interface SecretHandshakeOptions {
  /** Aborts the handshake (HandshakeAbortedError); the transport is destroyed. */
  signal?: AbortSignal;
  /** Deadline for the whole handshake; default 20 000 ms (CometBFT handshake_timeout); Infinity for none. */
  timeoutMs?: number;
  /** Tests only: fixed ephemeral X25519 private key (32 bytes). */
  ephemeralPrivateKey?: Uint8Array;
  /**
   * AEAD backend for the frames; default WebAssembly ChaCha20-Poly1305 (faster per
   * frame), or node:crypto if WebAssembly is unavailable. Pass nodeFrameCipher to force node:crypto.
   */
  frameCipher?: FrameCipherFactory;
}

const MAX_TIMER_MS = 0x7fffffff;

/** Runs the STS handshake over `socket` and resolves with an encrypted duplex. */
export async function secretHandshake(
  socket: Duplex,
  identity: Ed25519PrivateKey,
  options: SecretHandshakeOptions = {},
): Promise<SecretConnection> {
  const { signal } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${timeoutMs}`);
  const reader = new HandshakeReader(socket);
  const cancel = (err: Error): void => {
    reader.fail(err);
    socket.destroy();
  };
  // setTimeout cannot wait longer than 2^31−1 ms (it would fire at once); beyond that there is no deadline.
  const timer =
    timeoutMs <= MAX_TIMER_MS ? setTimeout(() => cancel(new HandshakeTimeoutError(timeoutMs)), timeoutMs) : undefined;
  const onAbort = (): void => cancel(new HandshakeAbortedError(signal?.reason));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (signal?.aborted) throw new HandshakeAbortedError(signal.reason);
    return await runHandshake(socket, identity, reader, options);
  } catch (err) {
    reader.release();
    socket.on('error', () => {}); // the transport is being discarded; late errors are moot
    socket.destroy();
    throw err;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

async function runHandshake(
  socket: Duplex,
  identity: Ed25519PrivateKey,
  reader: HandshakeReader,
  options: SecretHandshakeOptions,
): Promise<SecretConnection> {
  // Steps 1–2: ephemeral keys, cleartext, written and read concurrently.
  const ephemeral = ephemeralKeyPair(options.ephemeralPrivateKey);
  socket.write(encodeEphemeralMessage(ephemeral.publicKey));
  const remoteEphemeral = decodeEphemeralMessage(await readDelimited(() => reader.next(), reader.unread.bind(reader)));

  // Steps 3–8: transcript, DH, keys, challenge.
  const { lo, hi, localIsLeast } = sortEphemeralKeys(ephemeral.publicKey, remoteEphemeral);
  const transcript = new MerlinTranscript(TRANSCRIPT_LABEL);
  transcript.appendMessage(LOWER_EPHEMERAL_LABEL, lo);
  transcript.appendMessage(UPPER_EPHEMERAL_LABEL, hi);
  const dhSecret = sharedSecret(ephemeral, remoteEphemeral);
  transcript.appendMessage(DH_SECRET_LABEL, dhSecret);
  const keys = deriveSecrets(dhSecret, localIsLeast);
  const challenge = transcript.challengeBytes(CHALLENGE_LABEL, CHALLENGE_SIZE);

  // Steps 9–11: from here on everything is framed and sealed.
  const { sealer, opener } = (options.frameCipher ?? defaultFrameCipher)(keys);
  socket.write(new FrameEncoder(sealer).sealAll(encodeAuthMessage(identity, challenge)));
  const decoder = new FrameDecoder(opener);
  let plaintextRest: Uint8Array = new Uint8Array(0);
  const authBody = await readDelimited(
    async () => {
      // One frame at a time so no partial frame is left inside this decoder.
      const parts: Buffer[] = [];
      decoder.decode(await reader.readExactly(SEALED_FRAME_SIZE), (payload) => parts.push(payload));
      return Buffer.concat(parts);
    },
    (rest) => (plaintextRest = rest),
  );
  const ciphertextRest = reader.detach();

  // Step 12: the peer proves it holds the key it claims.
  const remotePubKey = verifyAuthMessage(authBody, challenge);
  return new SecretConnection({
    socket,
    sealer,
    opener,
    localPubKey: identity.publicKey,
    remotePubKey,
    bufferedPlaintext: plaintextRest,
    bufferedCiphertext: ciphertextRest,
  });
}

/**
 * Reads one delimited message (≤ 1 MiB) from `next`; hands back any surplus
 * via `giveBack`. Chunks are joined only once enough bytes are there, so a
 * large message costs one copy, not one per chunk.
 */
async function readDelimited(next: () => Promise<Buffer>, giveBack: (rest: Buffer) => void): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  let needed = 1;
  for (;;) {
    if (total >= needed) {
      const acc = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
      chunks.length = 0;
      chunks.push(acc);
      const parsed = parseDelimited(acc, MAX_HANDSHAKE_MESSAGE_SIZE);
      if (parsed.complete) {
        giveBack(acc.subarray(parsed.consumed));
        return parsed.body;
      }
      needed = parsed.needed;
    }
    const chunk = await next();
    chunks.push(chunk);
    total += chunk.length;
  }
}
