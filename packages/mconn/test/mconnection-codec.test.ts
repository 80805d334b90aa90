/**
 * The hand-written Packet codec and streaming reader against the generic
 * Packet codec of @cometts/types, in both directions, with fast-check.
 */
import { Packet, ProtoWriter } from '@cometts/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MalformedPacketError, PacketTooLargeError } from '../src/index.js';
import {
  decodePacket,
  newDecodedPacket,
  packetMsgWireSize,
  PING_WIRE,
  PONG_WIRE,
  writePacketMsg,
  type DecodedPacket,
} from '../src/mconnection/packet-codec.js';
import { PacketReader } from '../src/mconnection/packet-reader.js';

type Generic = ReturnType<typeof Packet.decodeUnvalidated>;

/** The hot-path decoder's result in the generic codec's shape. */
function asGeneric(buf: Uint8Array, out: DecodedPacket): Generic {
  if (out.kind === 1) return { case: 'ping', value: {} };
  if (out.kind === 2) return { case: 'pong', value: {} };
  return {
    case: 'msg',
    value: { channelId: out.channelId, eof: out.eof, data: new Uint8Array(buf.subarray(out.dataStart, out.dataEnd)) },
  };
}

function fastDecode(bytes: Uint8Array): Generic {
  const out = newDecodedPacket();
  decodePacket(bytes, 0, bytes.length, out);
  return asGeneric(bytes, out);
}

function outcome(decode: () => Generic): { ok: true; value: Generic } | { ok: false } {
  try {
    return { ok: true, value: decode() };
  } catch {
    return { ok: false };
  }
}

const packetMsg = fc.record({
  channelId: fc.integer({ min: 0, max: 255 }),
  eof: fc.boolean(),
  data: fc.uint8Array({ maxLength: 1100 }),
});
const anyPacket: fc.Arbitrary<Generic> = fc.oneof(
  fc.constant<Generic>({ case: 'ping', value: {} }),
  fc.constant<Generic>({ case: 'pong', value: {} }),
  packetMsg.map((value): Generic => ({ case: 'msg', value })),
);

/** Protobuf-shaped noise: fields with random numbers and wire types, some nested, to reach deep decoder paths. */
const protoish: fc.Arbitrary<Uint8Array> = fc.letrec((tie) => ({
  field: fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 6 }), fc.constantFrom(0, 1, 2, 3, 5, 7), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })).map(
      ([no, wt, v]) => {
        const w = new ProtoWriter();
        w.uvarint(no * 8 + wt);
        if (wt === 0) w.uint64(v);
        else if (wt === 1) w.fixed64(v);
        else if (wt === 5) w.raw(new Uint8Array(4));
        return w.finish();
      },
    ),
    fc.tuple(fc.integer({ min: 1, max: 4 }), tie('message') as fc.Arbitrary<Uint8Array>).map(([no, body]) => {
      const w = new ProtoWriter();
      w.uvarint(no * 8 + 2).bytes(body);
      return w.finish();
    }),
  ),
  message: fc
    .array(tie('field') as fc.Arbitrary<Uint8Array>, { maxLength: 4 })
    .map((parts) => new Uint8Array(Buffer.concat(parts))),
})).message as fc.Arbitrary<Uint8Array>;

describe('hand-written Packet encoder', () => {
  it('writes exactly what Packet.encodeDelimited writes (random PacketMsgs)', () => {
    fc.assert(
      fc.property(packetMsg, ({ channelId, eof, data }) => {
        const out = new Uint8Array(packetMsgWireSize(channelId, data.length, eof) + 8);
        const end = writePacketMsg(out, 3, channelId, eof, data, 0, data.length);
        expect(end - 3).toBe(packetMsgWireSize(channelId, data.length, eof));
        expect(Buffer.from(out.subarray(3, end))).toEqual(
          Buffer.from(Packet.encodeDelimited({ case: 'msg', value: { channelId, eof, data } })),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('writes a sub-range of a message without copying it first', () => {
    const data = Uint8Array.from({ length: 3000 }, (_, i) => i & 0xff);
    const out = new Uint8Array(2000);
    const end = writePacketMsg(out, 0, 0x40, false, data, 1024, 2048);
    const expected = Packet.encodeDelimited({ case: 'msg', value: { channelId: 0x40, eof: false, data: data.slice(1024, 2048) } });
    expect(Buffer.from(out.subarray(0, end))).toEqual(Buffer.from(expected));
  });

  it('ping and pong constants match the generic codec', () => {
    expect(Buffer.from(PING_WIRE)).toEqual(Buffer.from(Packet.encodeDelimited({ case: 'ping', value: {} })));
    expect(Buffer.from(PONG_WIRE)).toEqual(Buffer.from(Packet.encodeDelimited({ case: 'pong', value: {} })));
  });
});

describe('hand-written Packet decoder', () => {
  it('decodes whatever the generic codec encodes', () => {
    fc.assert(
      fc.property(anyPacket, (packet) => {
        expect(fastDecode(Packet.encode(packet))).toEqual(packet);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts and rejects exactly what the generic decoder does (random bytes and protobuf-shaped noise)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), protoish), (bytes) => {
        const generic = outcome(() => Packet.decodeUnvalidated(bytes));
        const fast = outcome(() => fastDecode(bytes));
        expect(fast).toEqual(generic);
      }),
      { numRuns: 2000 },
    );
  });

  it('throws MalformedPacketError for an empty oneof, truncation and bad wire types', () => {
    for (const bad of ['', '2200', '1a', '1a05', '0800', '1a020801ff', '1a021801']) {
      const bytes = Buffer.from(bad, 'hex');
      expect(() => fastDecode(bytes), bad).toThrow(MalformedPacketError);
    }
  });
});

describe('PacketReader (streaming delimited framing)', () => {
  const fitting: fc.Arbitrary<Generic> = fc.oneof(
    fc.constant<Generic>({ case: 'ping', value: {} }),
    packetMsg.filter((m) => m.data.length <= 1024).map((value): Generic => ({ case: 'msg', value })),
  );
  const packets = fc.array(fitting, { minLength: 1, maxLength: 12 });

  it('yields the same packets however the stream is chunked', () => {
    fc.assert(
      fc.property(packets, fc.array(fc.integer({ min: 1, max: 1200 }), { minLength: 1, maxLength: 30 }), (list, cuts) => {
        const wire = Buffer.concat(list.map((p) => Packet.encodeDelimited(p)));
        const reader = new PacketReader(1034);
        const seen: Generic[] = [];
        const sink = (buf: Uint8Array, start: number, end: number): void => {
          seen.push(fastDecode(new Uint8Array(buf.subarray(start, end))));
        };
        let pos = 0;
        for (let i = 0; pos < wire.length; i++) {
          const size = cuts[i % cuts.length]!;
          reader.push(wire.subarray(pos, pos + size), sink);
          pos += size;
        }
        expect(seen).toEqual(list);
        expect(reader.buffered).toBe(0);
      }),
      { numRuns: 200, examples: [[[{ case: 'ping', value: {} }], [1]]] },
    );
  });

  it('rejects a length prefix above the limit before buffering anything', () => {
    const reader = new PacketReader(1034);
    const noop = (): void => {};
    // 1035 = 0x8b 0x08: rejected on its second byte, even with no body following.
    expect(() => reader.push(Uint8Array.of(0x8b, 0x08), noop)).toThrow(PacketTooLargeError);
    // A 3-byte prefix is over the limit as soon as its second byte continues.
    const fresh = new PacketReader(1034);
    expect(() => fresh.push(Uint8Array.of(0x80, 0x80), noop)).toThrow(PacketTooLargeError);
    expect(fresh.buffered).toBe(0);
    // Split across chunks: the first byte is held, the second rejects.
    const split = new PacketReader(1034);
    split.push(Uint8Array.of(0xff), noop);
    expect(() => split.push(Uint8Array.of(0x7f), noop)).toThrow(PacketTooLargeError);
    // Exactly the limit is fine.
    const ok = new PacketReader(1034);
    ok.push(Uint8Array.of(0x8a, 0x08), noop);
    expect(ok.buffered).toBe(2);
  });

  it('keeps at most one packet buffered whatever a peer sends', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (bytes) => {
        const reader = new PacketReader(1034);
        try {
          reader.push(bytes, () => {});
        } catch (error) {
          expect(error).toBeInstanceOf(PacketTooLargeError);
        }
        expect(reader.buffered).toBeLessThanOrEqual(1034 + 5);
      }),
      { numRuns: 300 },
    );
  });
});
