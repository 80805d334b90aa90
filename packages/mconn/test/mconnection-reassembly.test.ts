/**
 * Reassembly: interleaved channels, random chunking, buffers reused between
 * messages; every delivered message must stay intact after later ones arrive.
 */
import { Packet } from '@cometts/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MConnection } from '../src/index.js';
import { FAST, pattern, recorder, ScriptedStream, waitFor } from './mconnection-helpers.js';

const CHANNELS = [
  { id: 0x21, priority: 10, recvBufferCapacity: 1024 },
  { id: 0x40, priority: 5 },
];

/** Wire bytes for messages on their channels, chunks of different channels interleaved by `order`. */
function wireFor(messages: { ch: number; msg: Uint8Array }[], order: number[]): Buffer {
  const cursors = messages.map(() => 0);
  const parts: Uint8Array[] = [];
  const pendingByChannel = new Map<number, number[]>();
  messages.forEach((m, i) => pendingByChannel.set(m.ch, [...(pendingByChannel.get(m.ch) ?? []), i]));
  const channels = [...pendingByChannel.keys()];
  let k = 0;
  while ([...pendingByChannel.values()].some((l) => l.length > 0)) {
    const live = channels.filter((c) => pendingByChannel.get(c)!.length > 0);
    const ch = live[order[k++ % order.length]! % live.length]!;
    const index = pendingByChannel.get(ch)![0]!;
    const { msg } = messages[index]!;
    const start = cursors[index]!;
    const end = Math.min(msg.length, start + 1024);
    const eof = end === msg.length;
    parts.push(Packet.encodeDelimited({ case: 'msg', value: { channelId: ch, eof, data: msg.subarray(start, end) } }));
    cursors[index] = end;
    if (eof) pendingByChannel.get(ch)!.shift();
  }
  return Buffer.concat(parts);
}

describe('MConnection reassembly', () => {
  it('delivers every message intact, in order per channel, however chunked and interleaved', async () => {
    const size = fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 3000, max: 300_000 }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(0x21, 0x40), size), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(7), { minLength: 1, maxLength: 16 }),
        fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 16 }),
        async (specs, order, cuts) => {
          const messages = specs.map(([ch, n], i) => ({ ch, msg: pattern(n, i + 1) }));
          const wire = wireFor(messages, order);
          const stream = new ScriptedStream();
          const rec = recorder();
          const conn = new MConnection(stream, CHANNELS, rec.handlers, FAST);
          conn.start();
          for (let pos = 0, i = 0; pos < wire.length; i++) {
            const n = cuts[i % cuts.length]!;
            stream.feed(wire.subarray(pos, pos + n));
            pos += n;
          }
          await waitFor(() => rec.received.length === messages.length || rec.errors.length > 0, 10_000);
          expect(rec.errors).toEqual([]);
          for (const ch of [0x21, 0x40]) {
            const got = rec.received.filter((r) => r.channelId === ch).map((r) => r.message);
            const want = messages.filter((m) => m.ch === ch).map((m) => m.msg);
            expect(got.length).toBe(want.length);
            got.forEach((g, i) => expect(Buffer.compare(g, want[i]!), `channel ${ch} message ${i}`).toBe(0));
          }
          await conn.stop();
        },
      ),
      { numRuns: 30 },
    );
  });
});
