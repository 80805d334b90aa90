/** The send scheduler: upstream's packet choice and recentlySent decay, checked against a reference model. */
import { Packet } from '@cometts/types';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MConnection } from '../src/index.js';
import { packetMsgWireSize } from '../src/mconnection/packet-codec.js';
import { FAST, recorder, ScriptedStream, waitFor } from './mconnection-helpers.js';

/** Channel of every PacketMsg in recorded wire bytes. */
function channelOrder(wire: Uint8Array): number[] {
  const order: number[] = [];
  for (let pos = 0; pos < wire.length; ) {
    let len = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = wire[pos++]!;
      len |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    const packet = Packet.decode(wire.subarray(pos, pos + len));
    if (packet.case === 'msg') order.push(packet.value.channelId);
    pos += len;
  }
  return order;
}

/** Reference: each packet goes to the pending channel with the strictly smallest recentlySent/priority. */
function modelOrder(channels: { id: number; priority: number }[], sizes: Map<number, number[]>): number[] {
  const state = channels.map((c) => ({ ...c, sent: 0, queue: [...(sizes.get(c.id) ?? [])], offset: 0 }));
  const order: number[] = [];
  for (;;) {
    let best: (typeof state)[number] | undefined;
    for (const ch of state) {
      if (ch.queue.length === 0) continue;
      if (best === undefined || ch.sent / ch.priority < best.sent / best.priority) best = ch;
    }
    if (best === undefined) return order;
    const remaining = best.queue[0]! - best.offset;
    const chunk = Math.min(1024, remaining);
    best.sent += packetMsgWireSize(best.id, chunk, chunk === remaining);
    order.push(best.id);
    if (chunk === remaining) {
      best.queue.shift();
      best.offset = 0;
    } else best.offset += chunk;
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('send scheduler', () => {
  it('picks packets exactly as the reference model (ties go to the earlier channel)', async () => {
    vi.spyOn(performance, 'now').mockReturnValue(5_000); // no decay in between, however slow the machine
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.record({ id: fc.integer({ min: 0, max: 127 }), priority: fc.integer({ min: 1, max: 12 }) }), {
          selector: (c) => c.id,
          minLength: 1,
          maxLength: 4,
        }),
        fc.array(fc.tuple(fc.nat(3), fc.integer({ min: 0, max: 5000 })), { minLength: 1, maxLength: 12 }),
        async (channels, plan) => {
          const stream = new ScriptedStream();
          const conn = new MConnection(
            stream,
            channels.map((c) => ({ ...c, sendQueueCapacity: 20 })),
            recorder().handlers,
            FAST,
          );
          const sizes = new Map<number, number[]>();
          for (const [which, size] of plan) {
            const ch = channels[which % channels.length]!.id;
            sizes.set(ch, [...(sizes.get(ch) ?? []), size]);
          }
          const expected = modelOrder(channels, sizes);
          conn.start();
          // everything is queued before the send routine first runs
          for (const [ch, list] of sizes) for (const size of list) expect(conn.trySend(ch, new Uint8Array(size))).toBe(true);
          await waitFor(() => channelOrder(stream.writtenBytes()).length === expected.length, 5_000);
          expect(channelOrder(stream.writtenBytes())).toEqual(expected);
          await conn.stop();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('recentlySent decays ×0.8 (truncated) every 2 s', async () => {
    let now = 1_000_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const stream = new ScriptedStream();
    const conn = new MConnection(stream, [{ id: 1, priority: 1 }], recorder().handlers, FAST);
    conn.start();
    conn.trySend(1, new Uint8Array(3000));
    await waitFor(() => stream.writtenBytes().length > 0, 5_000);
    const sent = conn.status().channels[0]!.recentlySent;
    expect(sent).toBe(stream.writtenBytes().length);
    now += 1999;
    expect(conn.status().channels[0]!.recentlySent).toBe(sent);
    now += 1;
    expect(conn.status().channels[0]!.recentlySent).toBe(Math.trunc(sent * 0.8));
    now += 4000;
    expect(conn.status().channels[0]!.recentlySent).toBe(Math.trunc(Math.trunc(Math.trunc(sent * 0.8) * 0.8) * 0.8));
    await conn.stop();
  });
});
