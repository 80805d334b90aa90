import { describe, expect, test } from 'vitest';
import { DecodeError, Packet, ProtoWriter, ValidationError, Vote, goZeroTime } from '../src/index.js';
import { hex, unhex } from '../../../testing/vectors.js';

describe('proto runtime', () => {
  test('oneof members are written even when empty', () => {
    expect(hex(Packet.encode({ case: 'ping', value: {} }))).toBe('0a00');
    expect(hex(Packet.encode({ case: 'pong', value: {} }))).toBe('1200');
  });

  test('empty oneof is a DecodeError naming the type', () => {
    const err = (() => {
      try {
        Packet.decode(new Uint8Array(0));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).messageType).toBe('Packet');
  });

  test('validation failure names the rule', () => {
    try {
      Packet.decode(unhex('1a0308ff03'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).rule).toBe('channel_id must be 0..255');
    }
  });

  test('non-nullable sub-messages and Go zero time are always written', () => {
    const vote = Vote.create();
    expect(vote.timestamp).toEqual(goZeroTime());
    // block_id (nn) "22 02 12 00" then Go zero time.
    expect(hex(Vote.encode(vote))).toBe('2202120' + '0' + '2a0b08' + '8092b8c398feffffff01');
  });

  test('unknown fields are skipped', () => {
    const withUnknown = unhex('1a2208011a1e64617461207472616e736d6974746564206f766572207468652077697265' + 'f8ff0301');
    expect(Packet.decode(withUnknown).case).toBe('msg');
  });

  test('join shifts bodies whose length needs more than one byte', () => {
    const data = new Uint8Array(300).fill(7);
    const bytes = Packet.encode({ case: 'msg', value: { channelId: 2, eof: true, data } });
    const back = Packet.decode(bytes);
    expect(back.case === 'msg' && back.value.data).toEqual(data);
  });

  test('negative int32 is a 10-byte varint', () => {
    const w = new ProtoWriter();
    w.int32(-1);
    expect(hex(w.finish())).toBe('ffffffffffffffffff01');
  });
});
