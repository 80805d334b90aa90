/** Delivery to onReceive: failing, slow and stuck receivers, EOF and stream errors. */
import { Packet } from '@cometts/types';
import { describe, expect, it } from 'vitest';
import { ConnectionClosedError, MConnection, ReceiverError, StreamError, type ChannelDescriptor } from '../src/index.js';
import { FAST, recorder, ScriptedStream, tick, waitFor } from './mconnection-helpers.js';

const CHANNELS: ChannelDescriptor[] = [
  { id: 0x20, priority: 6, sendQueueCapacity: 2 },
  { id: 0x40, priority: 5, sendQueueCapacity: 4 },
];

function open(): { conn: MConnection; stream: ScriptedStream; rec: ReturnType<typeof recorder> } {
  const stream = new ScriptedStream();
  const rec = recorder();
  const conn = new MConnection(stream, CHANNELS, rec.handlers, FAST);
  conn.start();
  return { conn, stream, rec };
}

const msgPacket = (channelId: number, data: Uint8Array, eof = true): Uint8Array =>
  Packet.encodeDelimited({ case: 'msg', value: { channelId, eof, data } });

describe('MConnection delivery', () => {
  it('a throwing receiver closes the connection with ReceiverError, reported once', async () => {
    const stream = new ScriptedStream();
    const errors: Error[] = [];
    const conn = new MConnection(
      stream,
      CHANNELS,
      {
        onReceive: (ch) => {
          if (ch === 0x40) throw new Error('reactor bug');
        },
        onError: (e) => errors.push(e),
      },
      FAST,
    );
    conn.start();
    stream.feed(Buffer.concat([msgPacket(0x40, Uint8Array.of(1)), msgPacket(0x40, Uint8Array.of(2))]));
    await waitFor(() => errors.length > 0);
    await tick(5);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ReceiverError);
    expect((errors[0] as ReceiverError).channelId).toBe(0x40);
    expect(((errors[0] as ReceiverError).cause as Error).message).toBe('reactor bug');
    expect(conn.isRunning).toBe(false);
    expect(stream.destroyed).toBe(true);
  });

  it('a slow receiver holds back only its own channel; pings are still answered', async () => {
    const stream = new ScriptedStream();
    const got: [number, number][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const conn = new MConnection(
      stream,
      CHANNELS,
      {
        onReceive: (ch, msg) => {
          got.push([ch, msg[0]!]);
          return ch === 0x20 ? gate : undefined;
        },
        onError: () => {},
      },
      FAST,
    );
    conn.start();
    stream.feed(Buffer.concat([msgPacket(0x20, Uint8Array.of(1)), msgPacket(0x20, Uint8Array.of(2)), msgPacket(0x40, Uint8Array.of(3))]));
    stream.feed(Uint8Array.of(0x02, 0x0a, 0x00));
    await waitFor(() => stream.writtenBytes().length > 0);
    expect(stream.writtenBytes().toString('hex')).toBe('021200');
    expect(got).toEqual([
      [0x20, 1],
      [0x40, 3],
    ]);
    release();
    await waitFor(() => got.length === 3);
    expect(got[2]).toEqual([0x20, 2]);
    await conn.stop();
  });

  it('a stuck receiver pauses reading instead of buffering without bound', async () => {
    const stream = new ScriptedStream();
    const conn = new MConnection(stream, CHANNELS, { onReceive: () => new Promise(() => {}), onError: () => {} }, FAST);
    conn.start();
    const wire = msgPacket(0x40, new Uint8Array(1000));
    const batch = Buffer.concat(Array.from({ length: 1000 }, () => wire)); // ~1 MB
    for (let i = 0; i < 20; i++) stream.feed(batch);
    await waitFor(() => stream.isPaused(), 5_000, 'reading paused');
    await tick(20);
    const queued = conn.status().channels.find((c) => c.id === 0x40)!.deliveryQueuedBytes;
    expect(queued).toBeLessThanOrEqual(4 * 1024 * 1024 + batch.length * 1.2);
    expect(stream.readableLength).toBeGreaterThan(0); // the rest waits in the stream
    await conn.stop();
  });

  it('the pong deadline waits while our own reader is paused for a stuck receiver', async () => {
    const stream = new ScriptedStream();
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    const errors: Error[] = [];
    const conn = new MConnection(
      stream,
      CHANNELS,
      { onReceive: () => stuck, onError: (e) => errors.push(e) },
      { ...FAST, pingIntervalMs: 40, pongTimeoutMs: 30 },
    );
    conn.start();
    const wire = msgPacket(0x40, new Uint8Array(1000));
    const batch = Buffer.concat(Array.from({ length: 1000 }, () => wire));
    for (let i = 0; i < 6; i++) stream.feed(batch);
    await waitFor(() => stream.isPaused(), 5_000, 'reading paused');
    await tick(200); // several ping intervals: the silent peer is not blamed while we do not read
    expect(errors).toEqual([]);
    release();
    // reading resumes and the receiver keeps up; the peer still never answers our pings
    await waitFor(() => errors.length > 0, 5_000, 'pong timeout');
    expect(errors[0]!.name).toBe('PongTimeoutError');
  });

  it('EOF after messages: everything is delivered, then ConnectionClosedError once', async () => {
    const { conn, stream, rec } = open();
    stream.feed(msgPacket(0x20, Uint8Array.of(9)));
    stream.push(null);
    await waitFor(() => rec.errors.length > 0);
    expect(rec.received.map((r) => r.message[0])).toEqual([9]);
    expect(rec.errors[0]).toBeInstanceOf(ConnectionClosedError);
    expect(conn.isRunning).toBe(false);
  });

  it('a stream error becomes StreamError', async () => {
    const { conn, stream, rec } = open();
    stream.destroy(new Error('ECONNRESET'));
    await waitFor(() => rec.errors.length > 0);
    expect(rec.errors[0]).toBeInstanceOf(StreamError);
    expect(conn.isRunning).toBe(false);
  });
});
