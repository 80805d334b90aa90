/**
 * Two MConnections over real loopback TCP, plain and through a
 * SecretConnection: integrity from 1 byte to 10 MiB on many channels,
 * priority shares under contention, keepalive, graceful stop.
 */
import type { Duplex } from 'node:stream';
import { Ed25519PrivateKey } from '@cometts/types';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConnectionClosedError,
  MConnection,
  PongTimeoutError,
  secretHandshake,
  type ChannelDescriptor,
  type MConnectionConfig,
} from '../src/index.js';
import { FAST, pattern, recorder, startPair, tcpSocketPair, waitFor } from './mconnection-helpers.js';

const identityA = Ed25519PrivateKey.fromSeed(Buffer.alloc(32, 0x5a));
const identityB = Ed25519PrivateKey.fromSeed(Buffer.alloc(32, 0xa5));

interface Link {
  a: Duplex;
  b: Duplex;
  close: () => Promise<void>;
}

async function plainLink(): Promise<Link> {
  const { client, server, close } = await tcpSocketPair();
  return { a: client, b: server, close };
}

async function secretLink(): Promise<Link> {
  const { client, server, close } = await tcpSocketPair();
  const [a, b] = await Promise.all([secretHandshake(client, identityA), secretHandshake(server, identityB)]);
  for (const s of [a, b]) s.on('error', () => {});
  return { a, b, close };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track(link: Link, ...conns: MConnection[]): void {
  cleanups.push(link.close);
  for (const conn of conns) cleanups.push(() => conn.stop());
}

const MANY_CHANNELS: ChannelDescriptor[] = [
  { id: 0x00, priority: 1, sendQueueCapacity: 10 },
  { id: 0x20, priority: 6, sendQueueCapacity: 100 },
  { id: 0x21, priority: 10, sendQueueCapacity: 100 },
  { id: 0x22, priority: 7, sendQueueCapacity: 100 },
  { id: 0x30, priority: 5 },
  { id: 0x40, priority: 5, sendQueueCapacity: 1000 },
  { id: 0x61, priority: 3, sendQueueCapacity: 10 },
  { id: 0xc8, priority: 2, sendQueueCapacity: 4 },
];

describe.each([
  ['plain TCP', plainLink],
  ['SecretConnection over TCP', secretLink],
])('MConnection pair over %s', (_name, makeLink) => {
  it('delivers messages from 1 byte to 10 MiB intact and in order on many channels, both ways', async () => {
    const link = await makeLink();
    const { left, right, leftRec, rightRec } = startPair(link.a, link.b, MANY_CHANNELS);
    track(link, left, right);
    const sizes = [1, 2, 1023, 1024, 1025, 2048, 4097, 65536, 1_048_583, 10 * 1024 * 1024];
    const plan = (side: number): { ch: number; msg: Uint8Array }[] =>
      sizes.flatMap((size, i) => {
        const ch = MANY_CHANNELS[(i + side) % MANY_CHANNELS.length]!.id;
        // big ones once each way; small ones on every channel
        const count = size > 100_000 ? 1 : 3;
        return Array.from({ length: count }, (_, k) => ({ ch, msg: pattern(size, size + k + side * 1000) }));
      });
    const fromLeft = plan(0);
    const fromRight = plan(1);
    const sendAll = async (conn: MConnection, list: { ch: number; msg: Uint8Array }[]): Promise<void> => {
      await Promise.all(
        MANY_CHANNELS.map(async ({ id }) => {
          for (const { ch, msg } of list) if (ch === id) expect(await conn.send(ch, msg, 30_000)).toBe(true);
        }),
      );
    };
    await Promise.all([sendAll(left, fromLeft), sendAll(right, fromRight)]);
    await waitFor(() => rightRec.received.length === fromLeft.length && leftRec.received.length === fromRight.length, 30_000);
    for (const [rec, sent] of [
      [rightRec, fromLeft],
      [leftRec, fromRight],
    ] as const) {
      for (const { id } of MANY_CHANNELS) {
        const got = rec.received.filter((r) => r.channelId === id).map((r) => Buffer.from(r.message));
        const want = sent.filter((s) => s.ch === id).map((s) => Buffer.from(s.msg));
        expect(got.length).toBe(want.length);
        got.forEach((g, i) => expect(g.equals(want[i]!), `channel ${id} message ${i}`).toBe(true));
      }
    }
    expect([...leftRec.errors, ...rightRec.errors]).toEqual([]);
  });

  it('shares bandwidth by priority while every channel is saturated', async () => {
    const link = await makeLink();
    const channels: ChannelDescriptor[] = [
      { id: 1, priority: 1, sendQueueCapacity: 128 },
      { id: 2, priority: 4, sendQueueCapacity: 128 },
      { id: 3, priority: 12, sendQueueCapacity: 128 },
    ];
    // The send rate limit makes the sender the bottleneck, as on a real node
    // (without it the kernel's socket buffer swallows every queue at once).
    // Each 100 ms sample allows 400 KB, less than the 1.5 MB queued, so the
    // scheduler has to choose, and the producers refill between samples.
    const { left, right, rightRec } = startPair(link.a, link.b, channels, { ...FAST, sendRate: 4_000_000 });
    track(link, left, right);
    const message = pattern(4 * 1024, 3);
    let saturating = true;
    const producers = channels.map(async ({ id }) => {
      while (saturating && left.isRunning) await left.send(id, message, 5_000);
    });
    // Skip the start-up, then measure 3 MiB with every queue kept full.
    await waitFor(() => rightRec.received.length >= 64, 20_000);
    rightRec.received.length = 0;
    await waitFor(() => rightRec.received.length * message.length >= 3 * 1024 * 1024, 30_000);
    saturating = false;
    const counts = new Map<number, number>();
    for (const r of rightRec.received) counts.set(r.channelId, (counts.get(r.channelId) ?? 0) + 1);
    const total = rightRec.received.length;
    const share = (id: number): number => (counts.get(id) ?? 0) / total;
    await left.stop();
    await Promise.all(producers);
    // Ideal shares are 1/17, 4/17, 12/17; assert the ordering loosely.
    expect(share(3)).toBeGreaterThan(share(2));
    expect(share(2)).toBeGreaterThan(share(1) * 1.5);
    expect(share(3)).toBeGreaterThan(0.45);
    expect(share(1)).toBeGreaterThan(0);
  });

  it('keeps an idle pair alive with pings and pongs', async () => {
    const link = await makeLink();
    const config: Partial<MConnectionConfig> = { ...FAST, pingIntervalMs: 200, pongTimeoutMs: 190 };
    const { left, right, leftRec, rightRec } = startPair(link.a, link.b, MANY_CHANNELS, config);
    track(link, left, right);
    // Each side sends a ping every 200 ms and answers the other's: 3-byte packets both ways.
    await waitFor(() => left.status().recvMonitor.bytes >= 12 && right.status().recvMonitor.bytes >= 12, 10_000);
    expect(left.status().sendMonitor.bytes).toBeGreaterThanOrEqual(6);
    expect([...leftRec.errors, ...rightRec.errors]).toEqual([]);
    expect(left.isRunning && right.isRunning).toBe(true);
  });

  it('detects a silent peer with a pong timeout', async () => {
    const link = await makeLink();
    const rec = recorder();
    const conn = new MConnection(link.a, MANY_CHANNELS, rec.handlers, { ...FAST, pingIntervalMs: 100, pongTimeoutMs: 80 });
    track(link, conn);
    link.b.resume(); // reads and discards, never answers
    conn.start();
    await waitFor(() => rec.errors.length > 0, 10_000, 'pong timeout');
    expect(rec.errors).toHaveLength(1);
    expect(rec.errors[0]).toBeInstanceOf(PongTimeoutError);
    expect((rec.errors[0] as PongTimeoutError).code).toBe('PONG_TIMEOUT');
    expect(conn.isRunning).toBe(false);
  });

  it('stop({graceful}) writes everything queued; the peer then sees EOF once', async () => {
    const link = await makeLink();
    const { left, right, rightRec, leftRec } = startPair(link.a, link.b, MANY_CHANNELS, { ...FAST, flushThrottleMs: 100 });
    track(link, left, right);
    const sent: Uint8Array[] = [];
    for (let i = 0; i < 100; i++) {
      const msg = pattern(3000 + i, i);
      if (left.trySend(0x40, msg)) sent.push(msg);
    }
    expect(sent).toHaveLength(100);
    await left.stop({ graceful: true, timeoutMs: 10_000 });
    expect(left.isRunning).toBe(false);
    await waitFor(() => rightRec.errors.length > 0, 10_000, 'EOF at the peer');
    expect(rightRec.received.map((r) => Buffer.from(r.message))).toEqual(sent.map((m) => Buffer.from(m)));
    expect(rightRec.errors).toHaveLength(1);
    expect(rightRec.errors[0]).toBeInstanceOf(ConnectionClosedError);
    expect(leftRec.errors).toEqual([]);
    expect(left.trySend(0x40, sent[0]!)).toBe(false);
  });
});
