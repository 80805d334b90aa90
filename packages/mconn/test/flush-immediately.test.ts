import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { MConnection } from '../src/index.js';

/** Bytes written to the stream while the flush throttle is long. */
function harness(flushImmediately: boolean) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const conn = new MConnection(
    out,
    [
      { id: 0x20, priority: 6, sendQueueCapacity: 10, flushImmediately },
      { id: 0x30, priority: 5, sendQueueCapacity: 10 },
    ],
    { onReceive: () => undefined, onError: () => undefined },
    { flushThrottleMs: 10_000 },
  );
  conn.start();
  return { conn, written: () => chunks.reduce((n, c) => n + c.length, 0) };
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('MConnection flushImmediately channels', () => {
  test('a message on a flushImmediately channel is written at once, despite a long flush throttle', async () => {
    const { conn, written } = harness(true);
    expect(conn.trySend(0x20, new Uint8Array([1, 2, 3]))).toBe(true);
    await tick();
    expect(written()).toBeGreaterThan(0);
    await conn.stop();
  });

  test('other channels still wait for the flush throttle', async () => {
    const { conn, written } = harness(true);
    expect(conn.trySend(0x30, new Uint8Array([1, 2, 3]))).toBe(true);
    await tick();
    expect(written()).toBe(0);
    // An urgent message takes the waiting packet out with it.
    conn.trySend(0x20, new Uint8Array([4]));
    await tick();
    expect(written()).toBeGreaterThan(8);
    await conn.stop();
  });

  test('without the flag the channel waits too', async () => {
    const { conn, written } = harness(false);
    conn.trySend(0x20, new Uint8Array([1, 2, 3]));
    await tick();
    expect(written()).toBe(0);
    await conn.stop();
  });
});
