/**
 * Buffers are reused across writes only when the stream has let go of them:
 * never for a generic Duplex, and for a releasing stream not before the
 * write's callback. A sink that holds its callbacks proves held chunks are
 * never overwritten while later writes go on.
 */
import { Duplex, PassThrough, Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { BufferPool, RELEASES_WRITTEN_CHUNKS, releasesWrittenChunks, writeThenRelease } from '../src/buffer-reuse.js';
import { BatchWriter } from '../src/mconnection/batch-writer.js';
import { NodeFrameOpener, NodeFrameSealer, SecretConnection } from '../src/index.js';
import { FrameDecoder } from '../src/secret/frame-decoder.js';
import { identityA, identityB, patternBytes, tcpPair } from './secret-helpers.js';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A releasing transport that records a copy of each chunk as it reaches
 * _write and calls back only when told to (or at once if `sync`). Chunks
 * behind a held one wait in the Writable's own buffer, still unreleased, so
 * a writer that reused them early would show up as wrong recorded bytes.
 */
class HoldingSink extends Duplex {
  readonly [RELEASES_WRITTEN_CHUNKS] = true;
  /** The chunks as they reached _write (the very buffers). */
  readonly chunks: Buffer[] = [];
  /** Copies taken when each chunk reached _write. */
  readonly received: Buffer[] = [];
  private held: (() => void)[] = [];

  constructor(private readonly sync = false) {
    super({ highWaterMark: 1 << 30 });
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    this.received.push(Buffer.from(chunk));
    if (this.sync) callback();
    else this.held.push(() => callback());
  }

  releaseAll(): void {
    const held = this.held;
    this.held = [];
    for (const callback of held) callback();
  }

  /** Releases held writes turn by turn until nothing is waiting. */
  async drain(): Promise<void> {
    while (this.held.length > 0 || this.writableLength > 0) {
      await turn();
      this.releaseAll();
    }
  }
}

describe('releasesWrittenChunks', () => {
  test('sockets and SecretConnections release their chunks; a generic Duplex does not', async () => {
    const { client, close } = await tcpPair();
    expect(releasesWrittenChunks(client)).toBe(true);
    const conn = new SecretConnection({
      socket: new PassThrough(),
      sealer: new NodeFrameSealer(Buffer.alloc(32, 1)),
      opener: new NodeFrameOpener(Buffer.alloc(32, 2)),
      localPubKey: identityA.publicKey,
      remotePubKey: identityB.publicKey,
    });
    expect(releasesWrittenChunks(conn)).toBe(true);
    expect(releasesWrittenChunks(new PassThrough())).toBe(false);
    conn.destroy();
    await close();
  });
});

describe('writeThenRelease', () => {
  test('a write completed synchronously is released at once, exactly once', async () => {
    const sink = new HoldingSink(true);
    let released = 0;
    writeThenRelease(sink, Buffer.from('abc'), () => released++);
    expect(released).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(released).toBe(1);
  });

  test('a held write is released only from its callback, exactly once', async () => {
    const sink = new HoldingSink();
    let released = 0;
    writeThenRelease(sink, Buffer.from('abc'), () => released++);
    await new Promise((resolve) => setImmediate(resolve));
    expect(released).toBe(0);
    sink.releaseAll();
    await new Promise((resolve) => setImmediate(resolve));
    expect(released).toBe(1);
  });

  test('the pool hands a buffer out again only after it was given back, and keeps a bounded number', () => {
    const pool = new BufferPool(16, 2);
    const a = pool.take();
    const b = pool.take();
    expect(a).not.toBe(b);
    pool.give(a);
    pool.give(b);
    pool.give(Buffer.alloc(16));
    expect([pool.take(), pool.take()].sort()).toEqual([a, b].sort());
    expect(pool.take()).not.toBe(a);
  });
});

describe('BatchWriter reuse', () => {
  test('batches waiting on a releasing stream are never overwritten; released slabs are reused', async () => {
    const sink = new HoldingSink();
    const writer = new BatchWriter(sink);
    const expected: Buffer[] = [];
    for (let round = 0; round < 3; round++) {
      // Twelve 50 kB batches (more than two slabs) written while the stream holds them all.
      for (let i = 0; i < 12; i++) {
        const batch = patternBytes(50_000, round * 100 + i + 1);
        expected.push(batch);
        writer.append(batch);
        writer.flush();
      }
      await sink.drain();
    }
    expect(sink.received).toHaveLength(expected.length);
    sink.received.forEach((chunk, i) => expect(chunk.equals(expected[i]!)).toBe(true));
    // Slabs come back once released: far fewer distinct buffers than batches.
    expect(new Set(sink.chunks.map((c) => c.buffer)).size).toBeLessThan(12);
  });

  test('a batch spilling past the end of a released slab moves to its start intact', () => {
    const sink = new HoldingSink(true);
    const writer = new BatchWriter(sink);
    const appended: Buffer[] = [];
    let seed = 1;
    for (let round = 0; round < 40; round++) {
      // Uneven batches so the slab's end falls inside a batch, which then moves to the front of the same slab.
      for (let i = 0; i < 7; i++) {
        const part = patternBytes(1000 + ((round * 7919 + i * 104_729) % 8000), seed++);
        appended.push(part);
        writer.append(part);
      }
      writer.flush();
    }
    expect(Buffer.concat(sink.received).equals(Buffer.concat(appended))).toBe(true);
    expect(new Set(sink.chunks.map((c) => c.buffer)).size).toBe(1);
  });

  test('a generic stream gets fresh memory for every slab', () => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _e, callback) {
        chunks.push(chunk);
        callback();
      },
    });
    const writer = new BatchWriter(sink);
    for (let i = 0; i < 12; i++) {
      writer.append(patternBytes(50_000, i + 1));
      writer.flush();
    }
    chunks.forEach((chunk, i) => expect(chunk.equals(patternBytes(50_000, i + 1))).toBe(true));
  });
});

describe('SecretConnection sealed-batch reuse', () => {
  function sender(socket: Duplex): SecretConnection {
    return new SecretConnection({
      socket,
      sealer: new NodeFrameSealer(Buffer.alloc(32, 3)),
      opener: new NodeFrameOpener(Buffer.alloc(32, 4)),
      localPubKey: identityA.publicKey,
      remotePubKey: identityB.publicKey,
    });
  }

  /** Plaintext of the recorded chunks, under the sender's key. */
  function opened(chunks: Buffer[]): Buffer {
    const decoder = new FrameDecoder(new NodeFrameOpener(Buffer.alloc(32, 3)));
    const plain: Buffer[] = [];
    for (const chunk of chunks) decoder.decode(chunk, (payload) => plain.push(Buffer.from(payload)));
    return Buffer.concat(plain);
  }

  test('sealed batches waiting on the transport stay intact while later ones are sealed', async () => {
    const sink = new HoldingSink();
    const conn = sender(sink);
    const messages = [patternBytes(400_000, 9), patternBytes(70_000, 10), patternBytes(300_000, 11)];
    const written = Promise.all(messages.map((m) => new Promise<void>((resolve) => conn.write(m, () => resolve()))));
    await sink.drain();
    await written;
    expect(opened(sink.received).equals(Buffer.concat(messages))).toBe(true);
    conn.destroy();
  });

  test('released sealed batches are reused', async () => {
    const sink = new HoldingSink(true);
    const conn = sender(sink);
    for (let i = 0; i < 8; i++) await new Promise<void>((resolve) => conn.write(patternBytes(200_000, i + 1), () => resolve()));
    expect(new Set(sink.chunks.map((c) => c.buffer)).size).toBeLessThan(sink.chunks.length / 4);
    expect(opened(sink.received).equals(Buffer.concat(Array.from({ length: 8 }, (_, i) => patternBytes(200_000, i + 1))))).toBe(true);
    conn.destroy();
  });
});
