/**
 * The authenticated, encrypted byte stream over a transport (usually a TCP
 * socket) after the handshake: a node:stream Duplex of plaintext. Writes are
 * packed into sealed frames and written in ~64 KiB batches; incoming
 * ciphertext is opened in batches of whole frames. Backpressure is honoured
 * both ways (socket 'drain' before completing a write; socket paused while
 * our readable buffer is full) and closing or failing either side closes the
 * other.
 */
import { Duplex, type DuplexOptions } from 'node:stream';
import { addressFromPubKey } from '@cometts/types';
import { TransportClosedError, TruncatedFrameError } from './errors.js';
import type { FrameOpener, FrameSealer } from './frame-cipher.js';
import { FrameDecoder } from './frame-decoder.js';
import { ChunkCursor, FrameEncoder, SEALED_BATCH_SIZE } from './frame-encoder.js';
import { BufferPool, RELEASES_WRITTEN_CHUNKS, releasesWrittenChunks, writeThenRelease } from '../buffer-reuse.js';

export interface SecretConnectionInit {
  /** The transport; owned by the connection from now on. */
  socket: Duplex;
  sealer: FrameSealer;
  opener: FrameOpener;
  localPubKey: Uint8Array;
  remotePubKey: Uint8Array;
  /** Plaintext already decrypted during the handshake (delivered first). */
  bufferedPlaintext?: Uint8Array;
  /** Ciphertext already read from the transport but not yet decrypted. */
  bufferedCiphertext?: Uint8Array;
  /** Passed to Duplex: readableHighWaterMark / writableHighWaterMark. */
  streamOptions?: Pick<DuplexOptions, 'readableHighWaterMark' | 'writableHighWaterMark'>;
}

const ignoreLateError = (): void => {};

/** Batches sealed in one go before yielding to the event loop (~1 MiB), so one huge write cannot starve other connections. */
const BATCHES_PER_TURN = 16;

export class SecretConnection extends Duplex {
  /** Plaintext chunks are sealed (copied) before their write calls back, so writers may reuse them. */
  readonly [RELEASES_WRITTEN_CHUNKS] = true;
  /** The peer's authenticated 32-byte Ed25519 public key. */
  readonly remotePubKey: Uint8Array;
  /** Our 32-byte Ed25519 public key. */
  readonly localPubKey: Uint8Array;
  private readonly socket: Duplex;
  private readonly encoder: FrameEncoder;
  private readonly decoder: FrameDecoder;
  /** Sealed-batch buffers reused across socket writes, if the socket lets go of them (see buffer-reuse.ts). */
  private readonly sealedPool: BufferPool | undefined;
  /** A write waiting for the socket's 'drain'. */
  private resumeWrite: (() => void) | undefined;
  /** A long write paused to let the event loop run. */
  private yielded: NodeJS.Immediate | undefined;
  private readEnded = false;
  private socketClosed = false;

  /**
   * Wraps a transport whose handshake is done. Normally called by
   * `secretHandshake`; exposed for custom frame ciphers and tests.
   */
  constructor(init: SecretConnectionInit) {
    super({ allowHalfOpen: false, ...init.streamOptions });
    this.socket = init.socket;
    this.localPubKey = init.localPubKey;
    this.remotePubKey = init.remotePubKey;
    this.encoder = new FrameEncoder(init.sealer);
    this.decoder = new FrameDecoder(init.opener);
    this.sealedPool = releasesWrittenChunks(init.socket) ? new BufferPool(SEALED_BATCH_SIZE, 4) : undefined;

    const socket = this.socket;
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
    socket.on('drain', this.onDrain);

    if (init.bufferedPlaintext && init.bufferedPlaintext.length > 0) this.push(Buffer.from(init.bufferedPlaintext));
    if (init.bufferedCiphertext && init.bufferedCiphertext.length > 0) this.onData(Buffer.from(init.bufferedCiphertext));
    if (socket.destroyed) process.nextTick(() => this.onClose());
    else if (socket.readableEnded) this.onEnd();
  }

  /** The peer's node ID: lowercase hex of the first 20 bytes of sha256(remotePubKey). */
  get remoteNodeId(): string {
    return Buffer.from(addressFromPubKey(this.remotePubKey)).toString('hex');
  }

  override _read(): void {
    if (!this.socket.destroyed) this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.writeChunks([chunk], callback);
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this.writeChunks(
      chunks.map((c) => c.chunk),
      callback,
    );
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.socketClosed || this.socket.destroyed || this.socket.writableEnded) {
      callback();
      return;
    }
    this.socket.end(() => callback());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.resumeWrite = undefined;
    if (this.yielded) clearImmediate(this.yielded);
    this.yielded = undefined;
    const socket = this.socket;
    socket.off('data', this.onData);
    socket.off('end', this.onEnd);
    socket.off('error', this.onError);
    socket.off('close', this.onClose);
    socket.off('drain', this.onDrain);
    // The socket may still have an error queued for the next tick.
    socket.on('error', ignoreLateError);
    socket.destroy();
    callback(error);
  }

  /** Seals and writes `chunks` batch by batch, waiting for 'drain' when the socket is full. */
  private writeChunks(chunks: readonly Buffer[], callback: (error?: Error | null) => void): void {
    const cursor = new ChunkCursor(chunks);
    const pump = (): void => {
      this.yielded = undefined;
      let batches = 0;
      while (cursor.remaining > 0) {
        if (batches++ === BATCHES_PER_TURN) {
          this.yielded = setImmediate(pump);
          return;
        }
        if (this.socketClosed || this.socket.destroyed) {
          callback(new TransportClosedError());
          return;
        }
        const pool = this.sealedPool;
        const into = pool?.take();
        let sealed: Buffer;
        try {
          sealed = this.encoder.sealBatch(cursor, into);
        } catch (err) {
          callback(err as Error);
          return;
        }
        const written =
          into === undefined ? this.socket.write(sealed) : writeThenRelease(this.socket, sealed, () => pool!.give(into));
        if (!written) {
          this.resumeWrite = pump;
          return;
        }
      }
      callback();
    };
    pump();
  }

  private readonly onData = (chunk: Buffer | string): void => {
    if (this.destroyed) return;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let full = false;
    try {
      this.decoder.decode(bytes, (payload) => {
        if (!this.push(payload)) full = true;
      });
    } catch (err) {
      this.destroy(err as Error);
      return;
    }
    if (full) this.socket.pause();
  };

  private readonly onEnd = (): void => {
    if (this.readEnded || this.destroyed) return;
    if (this.decoder.pendingBytes > 0) {
      this.destroy(new TruncatedFrameError(this.decoder.pendingBytes));
      return;
    }
    this.readEnded = true;
    this.push(null);
  };

  private readonly onError = (err: Error): void => {
    this.destroy(err);
  };

  private readonly onClose = (): void => {
    this.socketClosed = true;
    if (this.destroyed) return;
    // After a clean end, plaintext still queued for the reader is kept; only
    // a write waiting for 'drain' is failed. Otherwise the transport died under us.
    if (!this.readEnded) {
      this.destroy();
      return;
    }
    const pending = this.resumeWrite;
    this.resumeWrite = undefined;
    pending?.();
  };

  private readonly onDrain = (): void => {
    const pending = this.resumeWrite;
    this.resumeWrite = undefined;
    pending?.();
  };
}
