/** Lifecycle, send API, status, flush throttle and resource release. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { InvalidInputError, Packet } from '@cometts/types';
import { describe, expect, it } from 'vitest';
import { ConnectionClosedError, MConnection, type ChannelDescriptor } from '../src/index.js';
import { FAST, pattern, recorder, ScriptedStream, tick, waitFor } from './mconnection-helpers.js';

const CHANNELS: ChannelDescriptor[] = [
  { id: 0x20, priority: 6, sendQueueCapacity: 2 },
  { id: 0x40, priority: 5, sendQueueCapacity: 4 },
  { id: 0xc8, priority: 1 },
];

function open(config = FAST, channels = CHANNELS): { conn: MConnection; stream: ScriptedStream; rec: ReturnType<typeof recorder> } {
  const stream = new ScriptedStream();
  const rec = recorder();
  const conn = new MConnection(stream, channels, rec.handlers, config);
  conn.start();
  return { conn, stream, rec };
}

const msgPacket = (channelId: number, data: Uint8Array, eof = true): Uint8Array =>
  Packet.encodeDelimited({ case: 'msg', value: { channelId, eof, data } });

/** Splits recorded wire bytes into delimited Packets. */
function packetsOf(wire: Uint8Array): ReturnType<typeof Packet.decode>[] {
  const out: ReturnType<typeof Packet.decode>[] = [];
  let pos = 0;
  while (pos < wire.length) {
    let len = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = wire[pos++]!;
      len |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    expect(len).toBeLessThanOrEqual(1034);
    out.push(Packet.decode(wire.subarray(pos, pos + len)));
    pos += len;
  }
  return out;
}

describe('MConnection configuration', () => {
  it('rejects bad descriptors and settings with InvalidInputError', () => {
    const stream = new ScriptedStream();
    const { handlers } = recorder();
    const bad: [ChannelDescriptor[], object][] = [
      [[{ id: 1, priority: 0 }], {}],
      [[{ id: 256, priority: 1 }], {}],
      [[{ id: 1, priority: 1 }, { id: 1, priority: 2 }], {}],
      [[{ id: 1, priority: 1, sendQueueCapacity: -1 }], {}],
      [[{ id: 1, priority: 1 }], { pingIntervalMs: 100, pongTimeoutMs: 100 }],
      [[{ id: 1, priority: 1 }], { sendRate: -5 }],
    ];
    for (const [channels, config] of bad) {
      expect(() => new MConnection(stream, channels, handlers, config)).toThrow(InvalidInputError);
    }
  });

  it('fills descriptor defaults as upstream (0 means default)', () => {
    const { conn } = open(FAST, [{ id: 7, priority: 3, sendQueueCapacity: 0 }]);
    expect(conn.status().channels).toEqual([
      { id: 7, priority: 3, sendQueueCapacity: 1, sendQueueSize: 0, recentlySent: 0, deliveryQueuedBytes: 0 },
    ]);
    void conn.stop();
  });
});

describe('MConnection send API', () => {
  it('send/trySend return false before start, on unknown channels and after stop', async () => {
    const stream = new ScriptedStream();
    const conn = new MConnection(stream, CHANNELS, recorder().handlers, FAST);
    expect(conn.trySend(0x20, Uint8Array.of(1))).toBe(false);
    expect(await conn.send(0x20, Uint8Array.of(1))).toBe(false);
    conn.start();
    conn.start(); // idempotent while running
    expect(conn.trySend(0x99, Uint8Array.of(1))).toBe(false);
    expect(await conn.send(0x99, Uint8Array.of(1))).toBe(false);
    expect(conn.canSend(0x99)).toBe(false);
    expect(conn.trySend(0x20, Uint8Array.of(1))).toBe(true);
    await conn.stop();
    expect(conn.trySend(0x20, Uint8Array.of(1))).toBe(false);
    expect(conn.canSend(0x20)).toBe(false);
    expect(() => conn.start()).toThrow(ConnectionClosedError);
  });

  it('bounded queue: trySend fails when full, send waits for room, stop resolves waiters with false', async () => {
    const { conn, stream } = open();
    stream.stalled = true;
    const big = new Uint8Array(512 * 1024);
    // The first message is taken as the one being written; two more fill the queue.
    expect(conn.trySend(0x20, big)).toBe(true);
    await tick();
    expect(conn.trySend(0x20, big)).toBe(true);
    expect(conn.trySend(0x20, big)).toBe(true);
    expect(conn.canSend(0x20)).toBe(false);
    expect(conn.trySend(0x20, big)).toBe(false);
    expect(conn.status().channels[0]!.sendQueueSize).toBe(3);
    // other channels are independent
    expect(conn.canSend(0x40)).toBe(true);
    const waiting = conn.send(0x20, big, 60_000);
    stream.unstall();
    expect(await waiting).toBe(true);
    stream.stalled = true;
    await waitFor(() => !conn.canSend(0x20) || conn.trySend(0x20, big), 5_000);
    while (conn.trySend(0x20, big));
    const pending = conn.send(0x20, big, 60_000);
    await conn.stop();
    expect(await pending).toBe(false);
  });

  it('send() gives up after its timeout', async () => {
    const { conn, stream } = open();
    stream.stalled = true;
    const big = new Uint8Array(256 * 1024);
    while (conn.trySend(0x40, big)) await tick();
    const started = Date.now();
    expect(await conn.send(0x40, big, 100)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    await conn.stop();
  });

  it('channels ≥ 128 use 1023-byte chunks so every packet fits maxPacketMsgSize', async () => {
    const { conn, stream } = open();
    const message = pattern(4000, 5);
    expect(conn.trySend(0xc8, message)).toBe(true);
    await waitFor(() => stream.writtenBytes().length > 4000);
    const packets = packetsOf(stream.writtenBytes());
    const chunks = packets.map((p) => (p.case === 'msg' ? p.value.data.length : -1));
    expect(chunks).toEqual([1023, 1023, 1023, 931]);
    expect(Buffer.concat(packets.map((p) => (p.case === 'msg' ? p.value.data : new Uint8Array())))).toEqual(Buffer.from(message));
    await conn.stop();
  });

  it('an empty message is one PacketMsg with eof and no data', async () => {
    const { conn, stream } = open();
    expect(conn.trySend(0x20, new Uint8Array(0))).toBe(true);
    await waitFor(() => stream.writtenBytes().length > 0);
    expect(stream.writtenBytes().toString('hex')).toBe('061a0408201001');
    await conn.stop();
  });
});

describe('MConnection flush throttle and status', () => {
  it('holds a small batch for up to flushThrottleMs; a full batch goes out at once', async () => {
    const { conn, stream } = open({ ...FAST, flushThrottleMs: 150 });
    conn.trySend(0x20, Uint8Array.of(1, 2, 3));
    await tick(20);
    expect(stream.writtenBytes().length).toBe(0);
    await waitFor(() => stream.writtenBytes().length > 0, 5_000);
    // 4 × 64 KiB: full batches are written without waiting for the timer
    for (let i = 0; i < 4; i++) conn.trySend(0x40, new Uint8Array(64 * 1024));
    await tick(20);
    expect(stream.writtenBytes().length).toBeGreaterThan(3 * 64 * 1024);
    await conn.stop();
  });

  it('status() reports queues, recentlySent, rates and duration', async () => {
    const { conn, stream } = open();
    conn.trySend(0x40, new Uint8Array(10_000));
    stream.feed(msgPacket(0x20, new Uint8Array(500)));
    await waitFor(() => stream.writtenBytes().length >= 10_000);
    await tick(5);
    const status = conn.status();
    expect(status.durationMs).toBeGreaterThan(0);
    expect(status.sendMonitor.bytes).toBe(stream.writtenBytes().length);
    expect(status.recvMonitor.bytes).toBe(msgPacket(0x20, new Uint8Array(500)).length);
    const ch = status.channels.find((c) => c.id === 0x40)!;
    expect(ch.recentlySent).toBe(stream.writtenBytes().length);
    expect(ch.sendQueueSize).toBe(0);
    expect(ch.priority).toBe(5);
    await conn.stop();
  });
});

describe('MConnection stop and resource release', () => {
  it('leaves no timers behind after stop (forced and graceful)', async () => {
    // Track every timer created while the connections live: each must have fired or been cleared.
    const live = new Set<unknown>();
    const real = { setTimeout, clearTimeout, setInterval, clearInterval };
    globalThis.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      const handle = real.setTimeout(() => {
        live.delete(handle);
        fn(...args);
      }, ms);
      live.add(handle);
      return handle;
    }) as typeof setTimeout;
    globalThis.setInterval = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      const handle = real.setInterval(fn, ms, ...args);
      live.add(handle);
      return handle;
    }) as typeof setInterval;
    globalThis.clearTimeout = ((h: Parameters<typeof clearTimeout>[0]) => {
      live.delete(h);
      real.clearTimeout(h);
    }) as typeof clearTimeout;
    globalThis.clearInterval = ((h: Parameters<typeof clearInterval>[0]) => {
      live.delete(h);
      real.clearInterval(h);
    }) as typeof clearInterval;
    try {
      const { conn, stream } = open({ ...FAST, flushThrottleMs: 100, sendRate: 1000, recvRate: 1000, pingIntervalMs: 50, pongTimeoutMs: 40 });
      stream.stalled = true;
      conn.trySend(0x40, new Uint8Array(5000));
      while (conn.trySend(0x20, new Uint8Array(5000)));
      await Promise.resolve(); // the send routine takes one message as current
      while (conn.trySend(0x20, new Uint8Array(5000)));
      const waiting = conn.send(0x20, new Uint8Array(5000), 60_000);
      stream.feed(Buffer.concat([msgPacket(0x40, new Uint8Array(1000), false), msgPacket(0x40, new Uint8Array(1000))]));
      await new Promise((resolve) => real.setTimeout(resolve, 60));
      expect(conn.isRunning).toBe(true);
      // ping interval, pong deadline, send and receive rate limits, the waiting send()'s timeout
      expect(live.size).toBeGreaterThanOrEqual(4);
      await conn.stop();
      expect(await waiting).toBe(false);
      expect(live.size).toBe(0);

      const second = open({ ...FAST, flushThrottleMs: 100 });
      second.conn.trySend(0x40, new Uint8Array(100));
      await second.conn.stop({ graceful: true, timeoutMs: 200 });
      expect(second.stream.writtenBytes().length).toBeGreaterThan(100);
      expect(live.size).toBe(0);
    } finally {
      Object.assign(globalThis, real);
    }
  });

  it('a graceful stop against a peer that never reads gives up after timeoutMs', async () => {
    const { conn, stream } = open();
    stream.stalled = true;
    conn.trySend(0x40, new Uint8Array(512 * 1024));
    const started = Date.now();
    await conn.stop({ graceful: true, timeoutMs: 150 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(stream.destroyed).toBe(true);
  });

  it('a process using MConnections over TCP exits by itself after stopping them', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=@cometts/source', '--import', 'tsx', fileURLToPath(new URL('./mconnection-exit-child.ts', import.meta.url))],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const timeout = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 15_000).unref());
    const result = await Promise.race([exited, timeout]);
    if (result === 'hung') child.kill('SIGKILL');
    expect(result, err).toBe(0);
    const report = JSON.parse(out.trim()) as { received: number; errors: string[]; waited: boolean };
    // 5 on 0x40 and the one queued on 0x20; the send() still waiting at stop resolved false
    expect(report.received).toBe(6);
    expect(report.waited).toBe(false);
    expect(report.errors).toEqual(['ConnectionClosedError']);
  }, 20_000);
});
