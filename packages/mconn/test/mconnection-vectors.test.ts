/** Conformance: the p2p-packets.json vectors through the full MConnection send and receive paths. */
import { Packet } from '@cometts/types';
import { describe, expect, it } from 'vitest';
import { hasVectors, hex, readVectorJson, unhex } from '../../../testing/vectors.js';
import { MConnection, maxPacketMsgSize } from '../src/index.js';
import { decodePacket, newDecodedPacket, PACKET_MSG } from '../src/mconnection/packet-codec.js';
import { FAST, recorder, ScriptedStream, waitFor } from './mconnection-helpers.js';

interface Vectors {
  packet_vectors: { name: string; input: Record<string, Record<string, unknown>>; expected_hex: string }[];
  pex_vectors: { name: string; expected_hex: string }[];
  derived: Record<string, unknown>[];
}

const vectors = hasVectors ? readVectorJson<Vectors>('p2p-packets.json') : undefined;
const derived = (name: string): Record<string, string> =>
  vectors!.derived.find((d) => (d.name as string).startsWith(name)) as Record<string, string>;

const CHANNELS = [
  { id: 0x00, priority: 1, sendQueueCapacity: 10, recvMessageCapacity: 64000 },
  { id: 0x01, priority: 1 },
  { id: 0x30, priority: 5, recvMessageCapacity: 1048584 },
];

function open(config = FAST): { conn: MConnection; stream: ScriptedStream; rec: ReturnType<typeof recorder> } {
  const stream = new ScriptedStream();
  const rec = recorder();
  const conn = new MConnection(stream, CHANNELS, rec.handlers, config);
  conn.start();
  return { conn, stream, rec };
}

describe.skipIf(!hasVectors)('p2p-packets.json through MConnection', () => {
  it('upstream packet vectors decode with the hot-path decoder', () => {
    for (const v of vectors!.packet_vectors) {
      const bytes = unhex(v.expected_hex);
      const out = newDecodedPacket();
      decodePacket(bytes, 0, bytes.length, out);
      const kind = Object.keys(v.input)[0]!;
      expect(out.kind).toBe({ packet_ping: 1, packet_pong: 2, packet_msg: 3 }[kind]);
      if (out.kind === PACKET_MSG) {
        const msg = v.input.packet_msg!;
        expect(out.channelId).toBe(msg.channel_id);
        expect(out.eof).toBe(msg.eof);
        expect(Buffer.from(bytes.subarray(out.dataStart, out.dataEnd)).toString('utf8')).toBe(msg.data_utf8);
      }
      // and the generic codec agrees byte for byte
      expect(hex(Packet.encode(Packet.decode(bytes)))).toBe(v.expected_hex);
    }
  });

  it('maxPacketMsgSize is 1034 for the default payload', () => {
    expect(maxPacketMsgSize(1024)).toBe(Number(derived('maxPacketMsgSize').value));
  });

  it('a PexRequest sent on channel 0 is exactly the derived wire bytes', async () => {
    const { conn, stream } = open();
    const pexRequest = unhex(vectors!.pex_vectors.find((v) => v.name === 'PexRequest')!.expected_hex);
    expect(conn.trySend(0x00, pexRequest)).toBe(true);
    await waitFor(() => stream.writtenBytes().length > 0);
    expect(hex(stream.writtenBytes())).toBe(derived('PexRequest sent on channel 0x00').wire_hex);
    await conn.stop();
  });

  it('the 1280-byte message on 0x30 is split into the two derived packets', async () => {
    const { conn, stream } = open();
    const v = derived('1280-byte message');
    expect(await conn.send(0x30, unhex(v.message_hex!))).toBe(true);
    await waitFor(() => stream.writtenBytes().length >= 1280);
    expect(hex(stream.writtenBytes())).toBe(v.wire_packet_1_hex! + v.wire_packet_2_hex!);
    await conn.stop();
  });

  it('receiving the derived packets delivers the messages, in one chunk or byte by byte', async () => {
    const v = derived('1280-byte message');
    const wire = unhex(derived('PexRequest sent on channel 0x00').wire_hex! + v.wire_packet_1_hex! + v.wire_packet_2_hex!);
    for (const chunking of ['whole', 'bytes']) {
      const { conn, stream, rec } = open();
      if (chunking === 'whole') stream.feed(wire);
      else for (const byte of wire) stream.feed(Uint8Array.of(byte));
      await waitFor(() => rec.received.length === 2);
      expect(rec.received.map((r) => r.channelId)).toEqual([0x00, 0x30]);
      expect(hex(rec.received[0]!.message)).toBe('0a00');
      expect(hex(rec.received[1]!.message)).toBe(v.message_hex);
      expect(rec.errors).toEqual([]);
      await conn.stop();
    }
  });

  it('answers the wire ping with the wire pong, and a pong is accepted silently', async () => {
    const { conn, stream, rec } = open();
    stream.feed(unhex(derived('wire ping').wire_hex!));
    await waitFor(() => stream.writtenBytes().length > 0);
    expect(hex(stream.writtenBytes())).toBe(derived('wire pong').wire_hex);
    stream.feed(unhex(derived('wire pong').wire_hex!));
    await new Promise((r) => setTimeout(r, 10));
    expect(rec.errors).toEqual([]);
    expect(conn.isRunning).toBe(true);
    await conn.stop();
  });

  it('the upstream PacketMsg vector (channel 1, no eof) followed by an eof packet reassembles', async () => {
    const { conn, stream, rec } = open();
    const first = unhex(vectors!.packet_vectors.find((p) => p.name === 'PacketMsg')!.expected_hex);
    stream.feed(Uint8Array.of(first.length));
    stream.feed(first);
    stream.feed(Packet.encodeDelimited({ case: 'msg', value: { channelId: 1, eof: true, data: Buffer.from('!') } }));
    await waitFor(() => rec.received.length === 1);
    expect(Buffer.from(rec.received[0]!.message).toString()).toBe('data transmitted over the wire!');
    await conn.stop();
  });
});
