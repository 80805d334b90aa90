/** Shared fixtures for the SecretConnection tests: transports, keys and stream helpers. */
import { once } from 'node:events';
import { createServer, connect, type Socket, type Server } from 'node:net';
import { Duplex } from 'node:stream';
import { Ed25519PrivateKey } from '@cometts/types';
import { NodeFrameOpener, NodeFrameSealer, SecretConnection } from '../src/index.js';

/** One end of an in-memory byte pipe that records everything written into it. */
export class PipeEnd extends Duplex {
  peer!: PipeEnd;
  readonly written: Buffer[] = [];
  private blockedWrite: (() => void) | undefined;

  constructor(highWaterMark = 16 * 1024) {
    super({ highWaterMark, allowHalfOpen: true });
  }

  /** Everything written into this end so far, as one buffer. */
  writtenBytes(): Buffer {
    return Buffer.concat(this.written);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.written.push(Buffer.from(chunk));
    if (this.peer.destroyed) {
      callback(new Error('peer destroyed'));
      return;
    }
    // Like a socket whose receive window is full: hold the callback until the peer reads.
    if (this.peer.push(chunk)) callback();
    else this.peer.blockedWrite = () => callback();
  }

  override _read(): void {
    const release = this.blockedWrite;
    this.blockedWrite = undefined;
    release?.();
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (!this.peer.destroyed) this.peer.push(null);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const peer = this.peer;
    if (!peer.destroyed) process.nextTick(() => peer.destroy());
    callback(error);
  }
}

export function duplexPair(highWaterMark?: number): [PipeEnd, PipeEnd] {
  const a = new PipeEnd(highWaterMark);
  const b = new PipeEnd(highWaterMark);
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/** A connected TCP socket pair over 127.0.0.1; `close()` ends everything. */
export async function tcpPair(): Promise<{ client: Socket; server: Socket; close: () => Promise<void> }> {
  const listener: Server = createServer();
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const { port } = listener.address() as { port: number };
  const accepted = once(listener, 'connection') as Promise<[Socket]>;
  const client = connect(port, '127.0.0.1');
  await once(client, 'connect');
  const [server] = await accepted;
  const close = async (): Promise<void> => {
    client.destroy();
    server.destroy();
    listener.close();
    await once(listener, 'close');
  };
  return { client, server, close };
}

/** A TCP listener whose accepted sockets go to `onSocket`. */
export async function tcpListener(onSocket: (socket: Socket) => void): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const listener = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onSocket(socket);
  });
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const { port } = listener.address() as { port: number };
  return {
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      listener.close();
      await once(listener, 'close');
    },
  };
}

export async function dial(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  return socket;
}

export const identityA = Ed25519PrivateKey.fromSeed(Buffer.alloc(32, 0xa1));
export const identityB = Ed25519PrivateKey.fromSeed(Buffer.alloc(32, 0xb2));

/** Two SecretConnections over an in-memory pipe with fixed keys, without a handshake. */
export function connectedPair(options: { startCounter?: bigint; highWaterMark?: number } = {}): {
  a: SecretConnection;
  b: SecretConnection;
  pipeA: PipeEnd;
  pipeB: PipeEnd;
  keyAB: Uint8Array;
} {
  const [pipeA, pipeB] = duplexPair(options.highWaterMark);
  const keyAB = Buffer.alloc(32, 0x11);
  const keyBA = Buffer.alloc(32, 0x22);
  const start = options.startCounter ?? 0n;
  const a = new SecretConnection({
    socket: pipeA,
    sealer: new NodeFrameSealer(keyAB, start),
    opener: new NodeFrameOpener(keyBA, start),
    localPubKey: identityA.publicKey,
    remotePubKey: identityB.publicKey,
  });
  const b = new SecretConnection({
    socket: pipeB,
    sealer: new NodeFrameSealer(keyBA, start),
    opener: new NodeFrameOpener(keyAB, start),
    localPubKey: identityB.publicKey,
    remotePubKey: identityA.publicKey,
  });
  return { a, b, pipeA, pipeB, keyAB };
}

/** Reads `stream` until it ends; resolves with the bytes or rejects with its error. */
export function collect(stream: Duplex): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => parts.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(parts)));
    stream.once('error', reject);
    stream.once('close', () => {
      if (!stream.readableEnded) reject(new Error('closed before end'));
    });
  });
}

/** Resolves with the error the stream was destroyed with (undefined for a plain close). */
export function closedWith(stream: Duplex): Promise<Error | undefined> {
  return new Promise((resolve) => {
    let error: Error | undefined;
    stream.on('error', (err) => (error = err));
    if (stream.closed) resolve(stream.errored ?? undefined);
    else stream.once('close', () => resolve(error));
  });
}

/** Deterministic pseudo-random bytes (xorshift) so failures are reproducible. */
export function patternBytes(length: number, seed = 1): Buffer {
  const out = Buffer.allocUnsafe(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
