import { once } from 'node:events';
import { describe, expect, test } from 'vitest';
import {
  FrameLengthError,
  NodeFrameOpener,
  NodeFrameSealer,
  NonceOverflowError,
  SecretConnection,
  TruncatedFrameError,
} from '../src/index.js';
import { FRAME_SIZE, SEALED_FRAME_SIZE } from '../src/secret/constants.js';
import { FrameNonce } from '../src/secret/nonce.js';
import { closedWith, collect, connectedPair, duplexPair, identityA, identityB, patternBytes } from './secret-helpers.js';

const MAX = (1n << 64n) - 1n;
const key = Buffer.alloc(32, 0x11);

/** A SecretConnection reading what a test writes raw into `feed`. */
function receiverFor(opener: NodeFrameOpener): { conn: SecretConnection; feed: ReturnType<typeof duplexPair>[1] } {
  const [socket, feed] = duplexPair();
  const conn = new SecretConnection({
    socket,
    sealer: new NodeFrameSealer(Buffer.alloc(32, 0x22)),
    opener,
    localPubKey: identityA.publicKey,
    remotePubKey: identityB.publicKey,
  });
  return { conn, feed };
}

function openAll(bytes: Buffer, opener: NodeFrameOpener): Buffer[] {
  const frames: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += SEALED_FRAME_SIZE) {
    const out = Buffer.alloc(FRAME_SIZE);
    expect(opener.open(bytes, at, 1, out, 0)).toBe(1);
    frames.push(out);
  }
  return frames;
}

describe('frame layout on the wire', () => {
  test('a zero-length write sends no frame; small writes are zero-padded 1044-byte frames', async () => {
    const { a, pipeA, keyAB } = connectedPair();
    await new Promise<void>((resolve) => a.write(Buffer.alloc(0), () => resolve()));
    expect(pipeA.writtenBytes().length).toBe(0);
    await new Promise<void>((resolve) => a.write(Buffer.from('abc'), () => resolve()));
    const wire = pipeA.writtenBytes();
    expect(wire.length).toBe(SEALED_FRAME_SIZE);
    const [frame] = openAll(wire, new NodeFrameOpener(keyAB));
    expect(frame!.readUInt32LE(0)).toBe(3);
    expect(frame!.subarray(4, 7).toString()).toBe('abc');
    expect(frame!.subarray(7).every((b) => b === 0)).toBe(true);
    a.destroy();
  });

  test('1024, 1025 and 2048 bytes use 1, 2 and 2 frames', async () => {
    for (const [size, frames] of [
      [1024, 1],
      [1025, 2],
      [2048, 2],
    ] as const) {
      const { a, pipeA } = connectedPair();
      await new Promise<void>((resolve) => a.write(patternBytes(size), () => resolve()));
      expect(pipeA.writtenBytes().length).toBe(frames * SEALED_FRAME_SIZE);
      a.destroy();
    }
  });

  test('writes queued together are packed into full frames (one frame for ten corked 100-byte writes)', async () => {
    const { a, b, pipeA } = connectedPair();
    const received = collect(b);
    a.cork();
    for (let i = 0; i < 10; i++) a.write(patternBytes(100, i + 1));
    a.uncork();
    a.end();
    const data = await received;
    expect(pipeA.writtenBytes().length).toBe(SEALED_FRAME_SIZE);
    expect(data).toEqual(Buffer.concat(Array.from({ length: 10 }, (_, i) => patternBytes(100, i + 1))));
  });

  test('a frame arriving one byte at a time is reassembled', async () => {
    const sealer = new NodeFrameSealer(key);
    const plain = Buffer.alloc(FRAME_SIZE);
    plain.writeUInt32LE(5, 0);
    plain.write('hello', 4);
    const sealed = Buffer.alloc(SEALED_FRAME_SIZE * 2);
    sealer.seal(Buffer.concat([plain, plain]), 2, sealed);
    const { conn, feed } = receiverFor(new NodeFrameOpener(key));
    const received = collect(conn);
    for (const byte of sealed) feed.write(Buffer.of(byte));
    feed.end();
    expect((await received).toString()).toBe('hellohello');
  });
});

describe('frame errors', () => {
  test('a declared length over 1024 → FrameLengthError, connection closed', async () => {
    const plain = Buffer.alloc(FRAME_SIZE);
    plain.writeUInt32LE(1025, 0);
    const sealed = Buffer.alloc(SEALED_FRAME_SIZE);
    new NodeFrameSealer(key).seal(plain, 1, sealed);
    const { conn, feed } = receiverFor(new NodeFrameOpener(key));
    conn.resume();
    feed.write(sealed);
    const error = await closedWith(conn);
    expect(error).toBeInstanceOf(FrameLengthError);
    expect((error as FrameLengthError).length).toBe(1025);
  });

  test('EOF inside a frame → TruncatedFrameError', async () => {
    const { conn, feed } = receiverFor(new NodeFrameOpener(key));
    conn.resume();
    feed.end(Buffer.alloc(100));
    const error = await closedWith(conn);
    expect(error).toBeInstanceOf(TruncatedFrameError);
    expect((error as TruncatedFrameError).received).toBe(100);
  });

  test('send nonce exhaustion → NonceOverflowError, connection closed, the last nonce never used', async () => {
    const { a, b, pipeA } = connectedPair({ startCounter: MAX - 2n });
    b.resume();
    await new Promise<void>((resolve, reject) => a.write(patternBytes(2048), (err) => (err ? reject(err) : resolve())));
    expect(pipeA.writtenBytes().length).toBe(2 * SEALED_FRAME_SIZE);
    a.write(Buffer.from('one more'), () => {});
    const error = await closedWith(a);
    expect(error).toBeInstanceOf(NonceOverflowError);
    expect(pipeA.writtenBytes().length).toBe(2 * SEALED_FRAME_SIZE);
    expect(b.destroyed || (await once(b, 'close'))).toBeTruthy();
  });

  test('receive nonce exhaustion → NonceOverflowError', async () => {
    const { conn, feed } = receiverFor(new NodeFrameOpener(key, MAX));
    conn.resume();
    const sealed = Buffer.alloc(SEALED_FRAME_SIZE);
    new NodeFrameSealer(key, MAX - 1n).seal(Buffer.alloc(FRAME_SIZE), 1, sealed);
    feed.write(sealed);
    expect(await closedWith(conn)).toBeInstanceOf(NonceOverflowError);
  });

  test('FrameNonce: little-endian counter after four zero bytes, carries into the high word', () => {
    const nonce = new FrameNonce('send', 0xffffffffn);
    expect(nonce.bytes.toString('hex')).toBe('00000000ffffffff00000000');
    nonce.advance();
    expect(nonce.bytes.toString('hex')).toBe('000000000000000001000000');
    expect(nonce.counter).toBe(0x100000000n);
    expect(() => new FrameNonce('send', MAX).check()).toThrow(NonceOverflowError);
    expect(() => new FrameNonce('send', MAX + 1n)).toThrow(RangeError);
  });
});
