import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ConsensusMessage, DecodeError, ValidationError, type MessageType } from '../src/index.js';
import { registry, runsFor } from './arbitraries/registry.js';
import { consensusMessage } from './arbitraries/reactors.js';
import './helpers/bytes-equality.js';

/** Decoding hostile bytes gives a value or a typed error, nothing else. */
function decodesOrTypedError(type: MessageType<unknown>, bytes: Uint8Array): void {
  try {
    const value = type.decode(bytes);
    // Whatever decodes and validates also re-encodes and decodes to the same value.
    expect(type.decode(type.encode(value))).toEqual(value);
  } catch (e) {
    if (e instanceof DecodeError || e instanceof ValidationError) return;
    throw e;
  }
}

describe('property: hostile bytes never crash a decoder', () => {
  test.each(registry.map((entry) => [entry[0], entry] as const))('%s', (name, [, type, arbitrary]) => {
    const runs = runsFor(name, 200);
    // Random bytes.
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => decodesOrTypedError(type, bytes)),
      { numRuns: runs },
    );
    // Truncations and single-byte corruptions of valid encodings.
    fc.assert(
      fc.property(arbitrary, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), (value, cut, at, xor) => {
        const bytes = type.encode(value);
        decodesOrTypedError(type, bytes.subarray(0, cut % (bytes.length + 1)));
        if (bytes.length > 0) {
          const corrupted = bytes.slice();
          corrupted[at % bytes.length]! ^= xor;
          decodesOrTypedError(type, corrupted);
        }
      }),
      { numRuns: runs },
    );
  });

  test('a length prefix past the end is a DecodeError before any allocation', () => {
    // consensus Message → block_part (field 5) claiming 2^31 bytes.
    expect(() => ConsensusMessage.decode(Uint8Array.from([0x2a, 0x80, 0x80, 0x80, 0x80, 0x08]))).toThrow(DecodeError);
  });

  test('non-Uint8Array input is a DecodeError', () => {
    expect(() => ConsensusMessage.decode('0a00' as unknown as Uint8Array)).toThrow(DecodeError);
  });

  test('a valid consensus message with trailing garbage fields still decodes or fails typed', () => {
    fc.assert(
      fc.property(consensusMessage(), fc.uint8Array({ maxLength: 20 }), (msg, tail) => {
        const bytes = ConsensusMessage.encode(msg as ConsensusMessage);
        const joined = new Uint8Array(bytes.length + tail.length);
        joined.set(bytes);
        joined.set(tail, bytes.length);
        decodesOrTypedError(ConsensusMessage as MessageType<unknown>, joined);
      }),
      { numRuns: 200 },
    );
  });
});
