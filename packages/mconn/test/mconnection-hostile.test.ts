/**
 * Hostile peers: whatever arrives ends in a typed error (reported once, the
 * connection closed) or in backpressure, never in a crash, a hang or
 * unbounded memory.
 */
import { CometError, Packet } from '@cometts/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ConnectionClosedError,
  MalformedPacketError,
  MConnection,
  MessageTooLargeError,
  PacketTooLargeError,
  UnknownChannelError,
  type ChannelDescriptor,
} from '../src/index.js';
import { FAST, recorder, ScriptedStream, tcpSocketPair, tick, waitFor } from './mconnection-helpers.js';

const CHANNELS: ChannelDescriptor[] = [
  { id: 0x00, priority: 1, sendQueueCapacity: 2, recvMessageCapacity: 2000 },
  { id: 0x20, priority: 5, sendQueueCapacity: 2 },
];

const TYPED = ['UNKNOWN_CHANNEL', 'PACKET_TOO_LARGE', 'MESSAGE_TOO_LARGE', 'MALFORMED_PACKET'];

function open(config = FAST): { conn: MConnection; stream: ScriptedStream; rec: ReturnType<typeof recorder> } {
  const stream = new ScriptedStream();
  const rec = recorder();
  const conn = new MConnection(stream, CHANNELS, rec.handlers, config);
  conn.start();
  return { conn, stream, rec };
}

const msgPacket = (channelId: number, data: Uint8Array, eof = true): Uint8Array =>
  Packet.encodeDelimited({ case: 'msg', value: { channelId, eof, data } });

async function expectClosedWith(
  feed: Uint8Array[],
  errorClass: new (...args: never[]) => Error,
): Promise<{ rec: ReturnType<typeof recorder>; stream: ScriptedStream; conn: MConnection }> {
  const { conn, stream, rec } = open();
  for (const chunk of feed) stream.feed(chunk);
  await waitFor(() => rec.errors.length > 0, 5_000, errorClass.name);
  await tick(5);
  expect(rec.errors).toHaveLength(1);
  expect(rec.errors[0]).toBeInstanceOf(errorClass);
  expect(conn.isRunning).toBe(false);
  expect(stream.destroyed).toBe(true);
  return { rec, stream, conn };
}

describe('MConnection against hostile input', () => {
  it('random bytes in random chunks: a typed error or nothing, never more than one report', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), async (chunks) => {
        const { conn, stream, rec } = open();
        for (const chunk of chunks) stream.feed(chunk);
        await tick();
        await tick();
        expect(rec.errors.length).toBeLessThanOrEqual(1);
        for (const error of rec.errors) {
          expect(error).toBeInstanceOf(CometError);
          expect(TYPED).toContain((error as CometError).code);
          expect(conn.isRunning).toBe(false);
        }
        await conn.stop();
      }),
      { numRuns: 150 },
    );
  });

  it('a truncated packet waits for the rest; EOF then closes with ConnectionClosedError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1033 }), async (cut) => {
        const { conn, stream, rec } = open();
        const wire = msgPacket(0x20, new Uint8Array(1024).fill(7));
        stream.feed(wire.subarray(0, Math.min(cut, wire.length - 1)));
        await tick();
        expect(rec.errors).toEqual([]);
        expect(rec.received).toEqual([]);
        stream.push(null);
        await waitFor(() => rec.errors.length === 1, 5_000);
        expect(rec.errors[0]).toBeInstanceOf(ConnectionClosedError);
        expect(conn.isRunning).toBe(false);
      }),
      { numRuns: 25 },
    );
  });

  it('an oversize length prefix is rejected from its first bytes', async () => {
    const { rec } = await expectClosedWith([Uint8Array.of(0x8b, 0x08)], PacketTooLargeError);
    expect((rec.errors[0] as PacketTooLargeError).maxSize).toBe(1034);
    await expectClosedWith([Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x0f)], PacketTooLargeError);
  });

  it('a PacketMsg on an unregistered or out-of-range channel → UnknownChannelError', async () => {
    for (const channelId of [0x01, 0x21, 255, 300, -1]) {
      const wire =
        channelId >= 0 && channelId <= 255
          ? msgPacket(channelId, Uint8Array.of(1))
          : Packet.encodeDelimited({ case: 'msg', value: { channelId, eof: true, data: Uint8Array.of(1) } });
      const { rec } = await expectClosedWith([wire], UnknownChannelError);
      expect((rec.errors[0] as UnknownChannelError).channelId).toBe(channelId);
    }
  });

  it('a message over recvMessageCapacity → MessageTooLargeError before it is buffered', async () => {
    const chunk = new Uint8Array(1024);
    const { rec } = await expectClosedWith([msgPacket(0x00, chunk, false), msgPacket(0x00, chunk, false)], MessageTooLargeError);
    const error = rec.errors[0] as MessageTooLargeError;
    expect([error.channelId, error.size, error.capacity]).toEqual([0, 2048, 2000]);
    expect(rec.received).toEqual([]);
  });

  it('an empty packet or an empty/unknown oneof → MalformedPacketError', async () => {
    await expectClosedWith([Uint8Array.of(0x00)], MalformedPacketError);
    await expectClosedWith([Uint8Array.of(0x02, 0x22, 0x00)], MalformedPacketError);
    await expectClosedWith([Uint8Array.of(0x03, 0x1a, 0x01, 0x08)], MalformedPacketError);
  });

  it('messages before a bad packet are delivered; nothing after; one report', async () => {
    const { rec, stream } = await expectClosedWith(
      [Buffer.concat([msgPacket(0x20, Uint8Array.of(1)), msgPacket(0x07, Uint8Array.of(2)), msgPacket(0x20, Uint8Array.of(3))])],
      UnknownChannelError,
    );
    stream.emit('data', msgPacket(0x20, Uint8Array.of(4)));
    await tick(5);
    expect(rec.received.map((r) => [...r.message])).toEqual([[1]]);
    expect(rec.errors).toHaveLength(1);
  });

  it('a ping flood against a peer that does not read: at most one pong pending, bounded buffering', async () => {
    const { conn, stream, rec } = open();
    stream.stalled = true;
    const pings = new Uint8Array(3 * 20);
    for (let i = 0; i < pings.length; i += 3) pings.set([0x02, 0x0a, 0x00], i);
    // 200 000 pings in 10 000 reads: each read gets (at most) one pong, and
    // those stop at the stream's high-water mark; then one pong stays pending.
    for (let round = 0; round < 10_000; round++) {
      stream.feed(pings);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(stream.acceptedBytes).toBeGreaterThanOrEqual(16 * 1024); // backpressure was reached
    expect(stream.acceptedBytes).toBeLessThanOrEqual(16 * 1024 + 3);
    expect(rec.errors).toEqual([]);
    expect(conn.isRunning).toBe(true);
    const before = stream.acceptedBytes;
    stream.unstall();
    await waitFor(() => stream.acceptedBytes > before, 5_000, 'the pending pong');
    await tick(10);
    // exactly the one pending pong follows once the stream drains
    expect(stream.acceptedBytes - before).toBe(3);
    await conn.stop();
  });

  it('a peer that never reads: send() times out with false and memory stays bounded', async () => {
    const { conn, stream, rec } = open();
    stream.stalled = true;
    const big = new Uint8Array(1024 * 1024);
    const results: boolean[] = [];
    for (let i = 0; i < 6; i++) results.push(await conn.send(0x20, big, 50));
    // One message is being written, two wait in the queue, then send() gives up.
    expect(results.filter(Boolean).length).toBeLessThanOrEqual(4);
    expect(results.at(-1)).toBe(false);
    expect(conn.trySend(0x20, big)).toBe(false);
    expect(conn.canSend(0x20)).toBe(false);
    // Written but unacknowledged: below high-water mark + one batch.
    expect(stream.heldBytes).toBeLessThanOrEqual(16 * 1024 + 64 * 1024 + 64);
    expect(conn.status().channels.find((c) => c.id === 0x20)!.sendQueueSize).toBeLessThanOrEqual(3);
    expect(rec.errors).toEqual([]);
    await conn.stop();
  });

  it('over TCP, a peer that never reads makes send() return false, with our buffering bounded', async () => {
    const { client, server, close } = await tcpSocketPair();
    server.pause(); // never reads: the kernel buffers fill, then TCP pushes back
    const rec = recorder();
    const conn = new MConnection(client, CHANNELS, rec.handlers, FAST);
    conn.start();
    const chunk = new Uint8Array(256 * 1024);
    let accepted = 0;
    for (let i = 0; i < 400 && (await conn.send(0x20, chunk, 300)); i++) accepted++;
    expect(accepted).toBeLessThan(400);
    expect(client.writableLength).toBeLessThanOrEqual(16 * 1024 + 64 * 1024 + 64);
    expect(rec.errors).toEqual([]);
    await conn.stop();
    await close();
  });
});
