/** Fixtures for the MConnection tests: in-memory and TCP transports, recorders, waiting helpers. */
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { MConnection, type ChannelDescriptor, type MConnectionConfig } from '../src/index.js';

/** A Duplex whose written bytes are recorded and whose readable side the test feeds. */
export class ScriptedStream extends Duplex {
  readonly written: Buffer[] = [];
  /** When true, writes are never acknowledged (a peer that stops reading). */
  stalled = false;
  private readonly stalledCallbacks: (() => void)[] = [];

  constructor(options: { writableHighWaterMark?: number } = {}) {
    super({ allowHalfOpen: true, writableHighWaterMark: options.writableHighWaterMark ?? 16 * 1024 });
  }

  writtenBytes(): Buffer {
    return Buffer.concat(this.written);
  }

  /** Bytes handed to write() so far (including those still buffered by the stream). */
  acceptedBytes = 0;

  override write(chunk: Uint8Array, ...rest: never[]): boolean {
    this.acceptedBytes += chunk.length;
    return (super.write as (chunk: Uint8Array, ...rest: never[]) => boolean)(chunk, ...rest);
  }

  /** Bytes written but held back by `stalled`. */
  get heldBytes(): number {
    return this.writableLength;
  }

  feed(bytes: Uint8Array): void {
    this.push(Buffer.from(bytes));
  }

  unstall(): void {
    this.stalled = false;
    for (const cb of this.stalledCallbacks.splice(0)) cb();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.written.push(Buffer.from(chunk));
    if (this.stalled) this.stalledCallbacks.push(() => callback());
    else callback();
  }

  override _read(): void {}

  override _final(callback: (error?: Error | null) => void): void {
    callback();
  }
}

export interface Received {
  channelId: number;
  message: Uint8Array;
}

/** Handlers that record what arrives and the (single) error. */
export function recorder(): {
  received: Received[];
  errors: Error[];
  handlers: { onReceive: (channelId: number, message: Uint8Array) => void; onError: (error: Error) => void };
} {
  const received: Received[] = [];
  const errors: Error[] = [];
  return {
    received,
    errors,
    handlers: {
      onReceive: (channelId, message) => void received.push({ channelId, message }),
      onError: (error) => void errors.push(error),
    },
  };
}

/** Polls `condition` every few ms until true; fails after timeoutMs. */
export async function waitFor(condition: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A connected TCP socket pair on 127.0.0.1 (port 0). */
export async function tcpSocketPair(): Promise<{ client: Socket; server: Socket; close: () => Promise<void> }> {
  const listener: Server = createServer();
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const { port } = listener.address() as { port: number };
  const accepted = once(listener, 'connection') as Promise<[Socket]>;
  const client = connect(port, '127.0.0.1');
  await once(client, 'connect');
  const [server] = await accepted;
  for (const s of [client, server]) s.on('error', () => {});
  return {
    client,
    server,
    close: async () => {
      client.destroy();
      server.destroy();
      listener.close();
      await once(listener, 'close');
    },
  };
}

/** Fast settings for tests: no rate limit, no flush delay, long keepalive unless overridden. */
export const FAST: Partial<MConnectionConfig> = { sendRate: 0, recvRate: 0, flushThrottleMs: 0 };

export function startPair(
  a: Duplex,
  b: Duplex,
  channels: ChannelDescriptor[],
  config: Partial<MConnectionConfig> = FAST,
): { left: MConnection; right: MConnection; leftRec: ReturnType<typeof recorder>; rightRec: ReturnType<typeof recorder> } {
  const leftRec = recorder();
  const rightRec = recorder();
  const left = new MConnection(a, channels, leftRec.handlers, config);
  const right = new MConnection(b, channels, rightRec.handlers, config);
  left.start();
  right.start();
  return { left, right, leftRec, rightRec };
}

/** Deterministic pseudo-random bytes (xorshift32). */
export function pattern(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
