import { once } from 'node:events';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FrameAuthError, NodeFrameOpener, NodeFrameSealer, SecretConnection, SecretConnectionError, secretHandshake } from '../src/index.js';
import { SEALED_FRAME_SIZE } from '../src/secret/constants.js';
import { FrameEncoder } from '../src/secret/frame-encoder.js';
import { closedWith, duplexPair, identityA, identityB, patternBytes } from './secret-helpers.js';

const key = Buffer.alloc(32, 0x33);

/** Legitimate ciphertext for `plaintext`, as a sender with `key` starting at nonce 0 produces it. */
function legitimate(plaintext: Buffer): Buffer {
  return new FrameEncoder(new NodeFrameSealer(key)).sealAll(plaintext);
}

interface Outcome {
  data: Buffer;
  error: Error | undefined;
  endedCleanly: boolean;
}

/** Feeds raw bytes (in the given pieces) to a fresh receiver, then EOF; resolves when it is done. */
async function feed(pieces: Buffer[]): Promise<Outcome> {
  const [socket, raw] = duplexPair();
  const conn = new SecretConnection({
    socket,
    sealer: new NodeFrameSealer(Buffer.alloc(32)),
    opener: new NodeFrameOpener(key),
    localPubKey: identityA.publicKey,
    remotePubKey: identityB.publicKey,
  });
  const parts: Buffer[] = [];
  let endedCleanly = false;
  conn.on('data', (chunk: Buffer) => parts.push(chunk));
  conn.on('end', () => (endedCleanly = true));
  const closed = closedWith(conn);
  for (const piece of pieces) raw.write(piece);
  raw.end();
  const error = await closed;
  return { data: Buffer.concat(parts), error, endedCleanly };
}

/** Whatever the input, the receiver either ends cleanly or fails with a typed error, and never delivers forged bytes. */
function checkOutcome(outcome: Outcome, input: Buffer, original: Buffer, plaintext: Buffer): void {
  expect(plaintext.subarray(0, outcome.data.length).equals(outcome.data)).toBe(true);
  if (outcome.error) {
    expect(outcome.error).toBeInstanceOf(SecretConnectionError);
    expect(outcome.endedCleanly).toBe(false);
  } else {
    expect(outcome.endedCleanly).toBe(true);
    // A clean end is only possible for an untouched, frame-aligned prefix of the real stream.
    expect(input.length % SEALED_FRAME_SIZE).toBe(0);
    expect(original.subarray(0, input.length).equals(input)).toBe(true);
  }
}

const plaintextArb = fc.integer({ min: 1, max: 5 * 1024 }).chain((n) => fc.integer({ min: 1, max: 1e6 }).map((seed) => patternBytes(n, seed)));
const splitArb = fc.array(fc.integer({ min: 1, max: 3000 }), { maxLength: 4 });

function split(bytes: Buffer, sizes: number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= bytes.length) break;
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  if (at < bytes.length) pieces.push(bytes.subarray(at));
  return pieces;
}

function frames(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += SEALED_FRAME_SIZE) out.push(bytes.subarray(at, at + SEALED_FRAME_SIZE));
  return out;
}

describe('hostile input after the handshake (property tests)', () => {
  test('random bytes: typed error or clean empty end, never data', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4000 }), splitArb, async (random, sizes) => {
        const input = Buffer.from(random);
        const outcome = await feed(split(input, sizes));
        expect(outcome.data.length).toBe(0);
        if (input.length === 0) expect(outcome.endedCleanly).toBe(true);
        else expect(outcome.error).toBeInstanceOf(SecretConnectionError);
        if (input.length >= SEALED_FRAME_SIZE) expect(outcome.error).toBeInstanceOf(FrameAuthError);
      }),
      { numRuns: 60 },
    );
  });

  test('truncated streams', async () => {
    await fc.assert(
      fc.asyncProperty(plaintextArb, fc.double({ min: 0, max: 1, noNaN: true }), splitArb, async (plaintext, cut, sizes) => {
        const original = legitimate(plaintext);
        const input = original.subarray(0, Math.floor(cut * original.length));
        checkOutcome(await feed(split(input, sizes)), input, original, plaintext);
      }),
      { numRuns: 60 },
    );
  });

  test('a flipped bit anywhere → FrameAuthError', async () => {
    await fc.assert(
      fc.asyncProperty(plaintextArb, fc.nat(), fc.integer({ min: 0, max: 7 }), splitArb, async (plaintext, at, bit, sizes) => {
        const original = legitimate(plaintext);
        const input = Buffer.from(original);
        input[at % input.length]! ^= 1 << bit;
        const outcome = await feed(split(input, sizes));
        checkOutcome(outcome, input, original, plaintext);
        expect(outcome.error).toBeInstanceOf(FrameAuthError);
      }),
      { numRuns: 60 },
    );
  });

  test('replayed, reordered and dropped frames → FrameAuthError', async () => {
    const multiFrame = fc.integer({ min: 2 * 1024 + 1, max: 6 * 1024 }).map((n) => patternBytes(n, n));
    const attack = fc.constantFrom('replay', 'swap', 'drop');
    await fc.assert(
      fc.asyncProperty(multiFrame, attack, fc.nat(), fc.nat(), splitArb, async (plaintext, kind, x, y, sizes) => {
        const original = legitimate(plaintext);
        const list = frames(original);
        const i = x % list.length;
        let j = y % list.length;
        if (j === i) j = (i + 1) % list.length;
        const attacked = [...list];
        if (kind === 'replay') attacked.splice(Math.max(i, j) + 1, 0, list[Math.min(i, j)]!);
        else if (kind === 'swap') [attacked[i], attacked[j]] = [list[j]!, list[i]!];
        else attacked.splice(Math.min(i, list.length - 2), 1);
        const input = Buffer.concat(attacked);
        const outcome = await feed(split(input, sizes));
        checkOutcome(outcome, input, original, plaintext);
        expect(outcome.error).toBeInstanceOf(FrameAuthError);
      }),
      { numRuns: 60 },
    );
  });
});

test('after a real handshake, a replayed frame closes the connection with FrameAuthError', async () => {
  const [pipeA, pipeB] = duplexPair();
  const [a, b] = await Promise.all([secretHandshake(pipeA, identityA), secretHandshake(pipeB, identityB)]);
  a.resume();
  b.write(Buffer.from('first'));
  await once(a, 'data');
  const lastFrame = pipeB.writtenBytes().subarray(-SEALED_FRAME_SIZE);
  const closed = closedWith(a);
  pipeB.write(lastFrame); // bypasses b's sealer: the same frame again
  expect(await closed).toBeInstanceOf(FrameAuthError);
  expect(pipeA.destroyed).toBe(true);
  b.destroy();
});

describe('hostile input during the handshake (property tests)', () => {
  /** Runs our handshake against a peer that sends `pieces` and then ends. */
  async function handshakeAgainst(pieces: Uint8Array[]): Promise<unknown> {
    const [ours, theirs] = duplexPair();
    theirs.on('error', () => {});
    theirs.resume();
    const pending = secretHandshake(ours, identityA, { timeoutMs: 5_000 }).then(
      (conn) => {
        conn.destroy();
        return new Error('handshake unexpectedly succeeded');
      },
      (err: unknown) => err,
    );
    for (const piece of pieces) theirs.write(piece);
    theirs.end();
    const error = await pending;
    expect(ours.destroyed).toBe(true);
    return error;
  }

  test('random bytes instead of the ephemeral key message: always a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 4 }), async (pieces) => {
        expect(await handshakeAgainst(pieces)).toBeInstanceOf(SecretConnectionError);
      }),
      { numRuns: 80 },
    );
  });

  test('a valid ephemeral key followed by random bytes: always a typed error', async () => {
    const prefix = Buffer.concat([Buffer.from('220a20', 'hex'), patternBytes(32, 9)]);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), async (random) => {
        expect(await handshakeAgainst([prefix, random])).toBeInstanceOf(SecretConnectionError);
      }),
      { numRuns: 60 },
    );
  });
});
