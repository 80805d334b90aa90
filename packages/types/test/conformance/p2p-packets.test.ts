import { describe, expect, test } from 'vitest';
import { Packet, PexMessage, ProtoReader, type MessageType } from '../../src/index.js';
import { hasVectors, hex, readVectorJson, unhex } from '../../../../testing/vectors.js';
import { fromVectorJson } from '../helpers/vector-json.js';

interface Vector {
  name: string;
  input: unknown;
  expected_hex: string;
}

// conn.ts names the Packet cases after the message (ping/pong/msg), the JSON after the proto field.
const packetAliases = { packetPing: 'ping', packetPong: 'pong', packetMsg: 'msg' };

/** Splits uvarint(len) ‖ body, requiring the prefix to cover exactly the rest. */
function undelimit(wire: Uint8Array): Uint8Array {
  const r = new ProtoReader(wire, 'delimited');
  const len = r.length();
  expect(r.pos + len).toBe(wire.length);
  return wire.subarray(r.pos);
}

describe.skipIf(!hasVectors)('conformance: p2p-packets.json', () => {
  const file = hasVectors ? readVectorJson('p2p-packets.json') : { packet_vectors: [], pex_vectors: [], derived: [] };

  describe.each([
    ['packet_vectors', Packet as MessageType<unknown>, packetAliases],
    ['pex_vectors', PexMessage as MessageType<unknown>, {}],
  ] as const)('%s', (group, type, aliases) => {
    test.each((file[group] as Vector[]).map((v) => [v.name, v] as const))('%s', (_name, v) => {
      const bytes = unhex(v.expected_hex);
      const decoded = type.decode(bytes);
      expect(hex(type.encode(decoded))).toBe(v.expected_hex);
      const built = fromVectorJson(type.schema, v.input, aliases);
      expect(type.isValid(built)).toBe(true);
      expect(hex(type.encode(built))).toBe(v.expected_hex);
      expect(decoded).toEqual(built);
    });
  });

  test('derived wire ping and pong are delimited Packets', () => {
    for (const [name, kind] of [
      ['wire ping (delimited Packet)', 'ping'],
      ['wire pong (delimited Packet)', 'pong'],
    ] as const) {
      const entry = file.derived.find((d: { name: string }) => d.name === name);
      const wire = unhex(entry.wire_hex);
      const packet = Packet.decode(undelimit(wire));
      expect(packet.case).toBe(kind);
      expect(hex(Packet.encodeDelimited(packet))).toBe(entry.wire_hex);
    }
  });

  test('derived PexRequest on channel 0 as one PacketMsg', () => {
    const entry = file.derived.find((d: { packet_msg?: unknown }) => d.packet_msg !== undefined);
    const packet = Packet.decode(undelimit(unhex(entry.wire_hex)));
    const expected = fromVectorJson(Packet.schema, { packet_msg: entry.packet_msg }, packetAliases);
    expect(packet).toEqual(expected);
    expect(hex(Packet.encodeDelimited(packet))).toBe(entry.wire_hex);
    if (packet.case !== 'msg') throw new Error('expected a PacketMsg');
    expect(PexMessage.decode(packet.value.data)).toEqual({ case: 'pexRequest', value: {} });
  });

  test('derived 1280-byte message split into two PacketMsgs on channel 0x30', () => {
    const entry = file.derived.find((d: { message_hex?: string }) => d.message_hex !== undefined);
    const packets = [entry.wire_packet_1_hex, entry.wire_packet_2_hex].map((w: string) => {
      const packet = Packet.decode(undelimit(unhex(w)));
      expect(hex(Packet.encodeDelimited(packet))).toBe(w);
      if (packet.case !== 'msg') throw new Error('expected a PacketMsg');
      return packet.value;
    });
    expect(packets.map((p) => [p.channelId, p.eof, p.data.length])).toEqual([
      [0x30, false, 1024],
      [0x30, true, 256],
    ]);
    expect(hex(Buffer.concat(packets.map((p) => p.data)))).toBe(entry.message_hex);
  });

  test('maxPacketMsgSize is the size of a full PacketMsg', () => {
    const entry = file.derived.find((d: { name: string }) => d.name === 'maxPacketMsgSize');
    const full = Packet.encode({ case: 'msg', value: { channelId: 1, eof: true, data: new Uint8Array(1024) } });
    expect(full.length).toBe(entry.value);
    expect(entry.value).toBe(1034);
  });
});
