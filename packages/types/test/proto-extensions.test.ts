import { describe, expect, test } from 'vitest';
import {
  AuthSigMessage,
  BitArrayProto,
  ChunkResponse,
  DecodeError,
  EvidenceParams,
  Packet,
  ProtoWriter,
  ValidatorProto,
  message,
  f,
} from '../src/index.js';
import { hex, unhex } from '../../../testing/vectors.js';

const Dur = message('Dur', { d: f.duration(1) });
const Opt = message('Opt', { b: f.optionalBytes(1), n: f.uint32(2) });

describe('duration field (gogoproto stdduration, non-nullable)', () => {
  test('48 h encodes as Duration{seconds: 172800} and round-trips', () => {
    const params = { maxAgeNumBlocks: 100000n, maxAgeDuration: 172800n * 10n ** 9n, maxBytes: 1048576n };
    const bytes = EvidenceParams.encode(params);
    expect(hex(bytes)).toBe('08a08d06' + '12040880c60a' + '18808040');
    expect(EvidenceParams.decode(bytes)).toEqual(params);
  });

  test('a zero duration is still written, as an empty sub-message', () => {
    expect(hex(Dur.encode({ d: 0n }))).toBe('0a00');
    expect(Dur.decode(unhex('0a00'))).toEqual({ d: 0n });
    expect(Dur.decode(new Uint8Array(0))).toEqual({ d: 0n });
  });

  test('negative durations truncate toward zero in both parts', () => {
    const bytes = Dur.encode({ d: -1_500_000_000n });
    // seconds -1 and nanos -500000000, both as 10-byte varints.
    expect(hex(bytes)).toBe('0a16' + '08ffffffffffffffffff01' + '1080b6ca91feffffffff01');
    expect(Dur.decode(bytes)).toEqual({ d: -1_500_000_000n });
  });

  test('the largest and smallest int64 nanoseconds round-trip', () => {
    for (const d of [2n ** 63n - 1n, -(2n ** 63n), 1n, -1n, 999_999_999n]) {
      expect(Dur.decode(Dur.encode({ d }))).toEqual({ d });
    }
  });

  test('Go-invalid durations are DecodeErrors', () => {
    const body = (seconds: bigint, nanos: number) => {
      const w = new ProtoWriter();
      const start = w.tag(1, 2).fork();
      if (seconds !== 0n) w.tag(1, 0).uint64(seconds);
      if (nanos !== 0) w.tag(2, 0).int32(nanos);
      w.join(start);
      return w.finish();
    };
    expect(() => Dur.decode(body(1n, -1))).toThrow('different signs');
    expect(() => Dur.decode(body(0n, 1_000_000_000))).toThrow('nanos out of range');
    expect(() => Dur.decode(body(315_576_000_001n, 0))).toThrow('seconds out of range');
    expect(() => Dur.decode(body(9_223_372_037n, 0))).toThrow('does not fit');
    expect(() => Dur.decode(unhex('0a020a00'))).toThrow(DecodeError);
  });
});

describe('optionalBytes field (presence kept)', () => {
  test('absent, empty and non-empty are three different values', () => {
    expect(hex(Opt.encode({ n: 1 }))).toBe('1001');
    expect(hex(Opt.encode({ b: new Uint8Array(0), n: 1 }))).toBe('0a001001');
    expect(hex(Opt.encode({ b: unhex('ab'), n: 0 }))).toBe('0a01ab');
    expect(Opt.decode(unhex('1001')).b).toBeUndefined();
    expect(Opt.decode(unhex('0a001001')).b).toEqual(new Uint8Array(0));
  });

  test('an empty but present chunk is accepted; an absent one is not', () => {
    const present = ChunkResponse.encode({ height: 1n, format: 0, index: 0, chunk: new Uint8Array(0), missing: false });
    expect(hex(present)).toBe('08012200');
    expect(ChunkResponse.decode(present).chunk).toEqual(new Uint8Array(0));
    expect(() => ChunkResponse.decode(unhex('0801'))).toThrow('a chunk that is not missing must be present');
  });
});

describe('decoding fixes', () => {
  test('packed repeated uint64 is read (BitArray elems)', () => {
    expect(BitArrayProto.decode(unhex('0841120301ff01'))).toEqual({ bits: 65n, elems: [1n, 255n] });
  });

  test('unpacked repeated uint64 is accepted too', () => {
    expect(BitArrayProto.decode(unhex('084110011002'))).toEqual({ bits: 65n, elems: [1n, 2n] });
  });

  test('unknown length-delimited fields are skipped', () => {
    const withUnknown = unhex('1a0408011001' + '7a03616263');
    expect(Packet.decode(withUnknown)).toEqual({ case: 'msg', value: { channelId: 1, eof: true, data: new Uint8Array(0) } });
    expect(() => Packet.decode(unhex('1a020801' + '7a05616263'))).toThrow(DecodeError);
  });

  test('a message with a non-nullable oneof field decodes (Validator.pub_key)', () => {
    const v = { address: new Uint8Array(20).fill(1), pubKey: { case: 'ed25519' as const, value: new Uint8Array(32).fill(2) }, votingPower: 10n, proposerPriority: -3n };
    expect(ValidatorProto.decode(ValidatorProto.encode(v))).toEqual(v);
    const auth = { pubKey: v.pubKey, sig: new Uint8Array(64).fill(3) };
    expect(AuthSigMessage.decode(AuthSigMessage.encode(auth))).toEqual(auth);
  });

  test('a missing non-nullable oneof field is a DecodeError, not a crash', () => {
    expect(() => ValidatorProto.decode(unhex('0a14' + '01'.repeat(20)))).toThrow(DecodeError);
  });
});
