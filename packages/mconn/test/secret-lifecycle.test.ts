import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { TransportClosedError, secretHandshake } from '../src/index.js';
import { collect, connectedPair, identityA, identityB, patternBytes, tcpPair } from './secret-helpers.js';

const CHUNK = 64 * 1024;
const digest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Writes CHUNKs while write() accepts them and 'drain' keeps coming; returns the chunks accepted. */
async function writeUntilStalled(conn: NodeJS.WritableStream, stallMs: number, limit: number): Promise<Buffer[]> {
  const accepted: Buffer[] = [];
  while (accepted.length < limit) {
    const chunk = patternBytes(CHUNK, accepted.length + 1);
    accepted.push(chunk);
    if (!conn.write(chunk)) {
      const drained = await Promise.race([once(conn as never, 'drain').then(() => true), sleep(stallMs).then(() => false)]);
      if (!drained) break;
    }
  }
  return accepted;
}

describe('backpressure', () => {
  test('in memory: a peer that never reads stops the writer at its buffers; reading later gets everything', async () => {
    const { a, b, pipeA } = connectedPair();
    const accepted = await writeUntilStalled(a, 100, 400);
    expect(accepted.length).toBeLessThan(10);
    // Bounded: our writable buffer (one chunk over its mark) and one sealed batch on the transport.
    expect(a.writableLength).toBeLessThanOrEqual(a.writableHighWaterMark + CHUNK);
    expect(pipeA.writableLength).toBeLessThanOrEqual(70 * 1024);
    expect(b.readableLength).toBeLessThanOrEqual(b.readableHighWaterMark + CHUNK);

    const received = collect(b);
    a.end();
    expect(digest(await received)).toBe(digest(Buffer.concat(accepted)));
  });

  test('over TCP: a peer that never reads makes write() return false and drain stop; memory stays bounded', async () => {
    const { client, server, close } = await tcpPair();
    const [a, b] = await Promise.all([secretHandshake(client, identityA), secretHandshake(server, identityB)]);
    const before = process.memoryUsage().arrayBuffers;
    const accepted = await writeUntilStalled(a, 300, 2_000);
    // Kernel socket buffers absorb some megabytes; what stays in our process is bounded.
    expect(accepted.length).toBeLessThan(2_000);
    expect(a.writableLength).toBeLessThanOrEqual(a.writableHighWaterMark + CHUNK);
    expect(client.writableLength).toBeLessThanOrEqual(256 * 1024);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);

    const received = collect(b);
    a.end();
    expect(digest(await received)).toBe(digest(Buffer.concat(accepted)));
    await close();
  });

  test('a slow reader is never sent more than it asks for', async () => {
    const { a, b } = connectedPair();
    const data = patternBytes(1024 * 1024, 7);
    a.end(data);
    const parts: Buffer[] = [];
    let maxBuffered = 0;
    for await (const chunk of b) {
      parts.push(chunk as Buffer);
      maxBuffered = Math.max(maxBuffered, b.readableLength);
      await sleep(0);
    }
    expect(digest(Buffer.concat(parts))).toBe(digest(data));
    expect(maxBuffered).toBeLessThanOrEqual(b.readableHighWaterMark + CHUNK);
  });
});

describe('close and cleanup', () => {
  test('end() on both sides closes both connections and both sockets cleanly', async () => {
    const { client, server, close } = await tcpPair();
    const [a, b] = await Promise.all([secretHandshake(client, identityA), secretHandshake(server, identityB)]);
    const closed = Promise.all([once(a, 'close'), once(b, 'close'), once(client, 'close'), once(server, 'close')]);
    a.resume();
    b.resume();
    a.end('bye');
    b.end();
    await closed;
    expect(a.errored).toBeNull();
    expect(b.errored).toBeNull();
    await close();
  });

  /** b sends `data` and ends; a takes it off the socket but does not consume it yet. */
  async function endedWithUnreadData(data: Buffer) {
    const { client, server, close } = await tcpPair();
    const [a, b] = await Promise.all([secretHandshake(client, identityA), secretHandshake(server, identityB)]);
    b.resume();
    b.end(data);
    a.resume();
    a.pause(); // start the flow once, then stop consuming: the data waits in a's buffer
    await once(client, 'close');
    return { a, close };
  }

  test('after the peer ends and the socket closes, unread data is still delivered, then a clean close', async () => {
    const data = patternBytes(10_000, 3);
    const { a, close } = await endedWithUnreadData(data);
    expect(a.destroyed).toBe(false);
    const closed = once(a, 'close');
    const parts: Buffer[] = [];
    a.on('data', (chunk: Buffer) => parts.push(chunk));
    a.resume();
    await closed;
    expect(Buffer.concat(parts)).toEqual(data);
    expect(a.errored).toBeNull();
    await close();
  });

  test('a write after the socket closed fails with TransportClosedError', async () => {
    const { a, close } = await endedWithUnreadData(patternBytes(100, 4));
    const errored = once(a, 'error');
    const writeError = await new Promise<Error | null | undefined>((resolve) => a.write('late', resolve));
    expect(writeError).toBeInstanceOf(TransportClosedError);
    expect((await errored)[0]).toBe(writeError);
    await close();
  });

  test('destroy(err) emits the error, destroys the socket and removes our listeners', async () => {
    const { client, server, close } = await tcpPair();
    const events = ['data', 'end', 'close', 'drain'] as const;
    const baseline = events.map((event) => client.listenerCount(event));
    const [a, b] = await Promise.all([secretHandshake(client, identityA), secretHandshake(server, identityB)]);
    expect(events.map((event) => client.listenerCount(event))).not.toEqual(baseline);
    const errored = once(a, 'error');
    a.destroy(new Error('local failure'));
    expect(((await errored)[0] as Error).message).toBe('local failure');
    expect(client.destroyed).toBe(true);
    expect(events.map((event) => client.listenerCount(event))).toEqual(baseline);
    b.resume();
    await once(b, 'close');
    await close();
  });

  test('nothing is left running after close: no timers, handles drained', async () => {
    const count = (kinds: string[]): number => process.getActiveResourcesInfo().filter((r) => kinds.includes(r)).length;
    const timers = (): number => count(['Timeout']);
    const tcp = (): number => count(['TCPSocketWrap', 'TCPServerWrap']);
    await sleep(20);
    const before = timers();
    const tcpBefore = tcp();
    const { client, server, close } = await tcpPair();
    const [a, b] = await Promise.all([secretHandshake(client, identityA, { timeoutMs: 60_000 }), secretHandshake(server, identityB)]);
    a.write('x');
    await once(b, 'data');
    a.destroy();
    b.destroy();
    await close();
    await sleep(20); // handle close callbacks run on a later loop turn
    expect(timers()).toBeLessThanOrEqual(before);
    expect(tcp()).toBeLessThanOrEqual(tcpBefore);
  });
});
