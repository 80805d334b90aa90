import { createHash } from 'node:crypto';
import { keccakP } from '@noble/hashes/sha3.js';
import { describe, expect, test } from 'vitest';
import { MerlinTranscript } from '../src/index.js';
import { Strobe128 } from '../src/secret/strobe.js';
import { hasVectors, hex, readVectorJson, unhex } from '../../../testing/vectors.js';

interface MerlinOp {
  op: 'append_message' | 'challenge_bytes';
  label: string;
  message_hex?: string;
  length?: number;
  expected_hex?: string;
}
interface MerlinVector {
  name: string;
  transcript_label: string;
  ops?: MerlinOp[];
  procedure?: string;
  expected_final_challenge_hex?: string;
  derived_first_iteration_challenge_hex?: string;
}

/** Runs a vector's ops; returns how many challenges were checked. */
function runOps(vector: MerlinVector): number {
  const transcript = new MerlinTranscript(vector.transcript_label);
  let checked = 0;
  for (const op of vector.ops ?? []) {
    if (op.op === 'append_message') {
      transcript.appendMessage(op.label, unhex(op.message_hex!));
    } else {
      expect(hex(transcript.challengeBytes(op.label, op.length!))).toBe(op.expected_hex);
      checked++;
    }
  }
  return checked;
}

describe.skipIf(!hasVectors)('Merlin transcript vectors (merlin.json)', () => {
  // describe bodies run even when skipped: only read the file when it exists.
  const file = hasVectors
    ? readVectorJson<{ vectors: MerlinVector[]; derived_vectors: MerlinVector[] }>('merlin.json')
    : { vectors: [], derived_vectors: [] };

  test.each(file.vectors.filter((v) => v.ops).map((v) => [v.name, v] as const))('upstream %s', (_name, vector) => {
    expect(runOps(vector)).toBeGreaterThan(0);
  });

  test('upstream complex: the looped procedure', () => {
    const vector = file.vectors.find((v) => v.name === 'complex')!;
    const transcript = new MerlinTranscript(vector.transcript_label);
    transcript.appendMessage('step1', new TextEncoder().encode('some data'));
    const bigData = new Uint8Array(1024).fill(0x63);
    let challenge: Uint8Array = new Uint8Array(0);
    for (let i = 0; i < 32; i++) {
      challenge = transcript.challengeBytes('challenge', 32);
      if (i === 0) expect(hex(challenge)).toBe(vector.derived_first_iteration_challenge_hex);
      transcript.appendMessage('bigdata', bigData);
      transcript.appendMessage('challengedata', challenge);
    }
    expect(hex(challenge)).toBe(vector.expected_final_challenge_hex);
  });

  test.each(file.derived_vectors.map((v) => [v.name, v] as const))('derived CometBFT-label transcript %s', (_name, vector) => {
    expect(runOps(vector)).toBe(1);
  });

  test('every vector in the file was exercised', () => {
    expect(file.vectors.length).toBe(2);
    expect(file.derived_vectors.length).toBeGreaterThanOrEqual(2);
  });
});

describe('STROBE-128 building blocks', () => {
  test('keccakP with our byte view of the state computes SHA3-256 (lane layout check)', () => {
    const rate = 136;
    for (const length of [0, 1, 135, 136, 137, 1000]) {
      const input = Buffer.alloc(length, 0x5a);
      const st32 = new Uint32Array(50);
      const st = new Uint8Array(st32.buffer);
      let pos = 0;
      for (const byte of input) {
        st[pos]! ^= byte;
        if (++pos === rate) {
          keccakP(st32);
          pos = 0;
        }
      }
      st[pos]! ^= 0x06;
      st[rate - 1]! ^= 0x80;
      keccakP(st32);
      expect(hex(st.slice(0, 32))).toBe(createHash('sha3-256').update(input).digest('hex'));
    }
  });

  test('a continued operation must keep its flags', () => {
    const strobe = new Strobe128(new TextEncoder().encode('x'));
    strobe.ad(new Uint8Array([1]), false);
    expect(() => strobe.metaAd(new Uint8Array([1]), true)).toThrow(/changed flags/);
  });

  test('challenges depend on every appended byte and on labels', () => {
    const base = (label: string, msg: number[]): string => {
      const t = new MerlinTranscript('proto');
      t.appendMessage(label, Uint8Array.from(msg));
      return hex(t.challengeBytes('c', 32));
    };
    expect(base('a', [1, 2])).not.toBe(base('a', [1, 3]));
    expect(base('a', [1, 2])).not.toBe(base('b', [1, 2]));
    expect(base('a', [1, 2])).toBe(base('a', [1, 2]));
  });

  test('long challenges cross the 166-byte rate boundary', () => {
    const t1 = new MerlinTranscript('proto');
    const t2 = new MerlinTranscript('proto');
    const long = t1.challengeBytes('c', 500);
    expect(long.length).toBe(500);
    expect(hex(t2.challengeBytes('c', 500))).toBe(hex(long));
    expect(() => t1.challengeBytes('c', -1)).toThrow(RangeError);
  });
});
