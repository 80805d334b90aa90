/**
 * RecvChannel's buffer choices: every message is its own memory, built in
 * place when its size repeats, and never pinning much more than its size.
 */
import { describe, expect, test } from 'vitest';
import { MessageTooLargeError } from '../src/index.js';
import { resolveChannels } from '../src/mconnection/config.js';
import { RecvChannel } from '../src/mconnection/recv-channel.js';
import { pattern } from './mconnection-helpers.js';

const PACKET = 1024;

function channel(recvMessageCapacity = 4 * 1024 * 1024): RecvChannel {
  return new RecvChannel(resolveChannels([{ id: 0x40, priority: 1, recvMessageCapacity }])[0]!);
}

/** Feeds `message` in 1024-byte packets through a reused scratch buffer (as the packet reader's carry buffer is); returns what the channel delivered. */
function deliver(ch: RecvChannel, message: Uint8Array, scratch = new Uint8Array(PACKET)): Uint8Array {
  let delivered: Uint8Array | null = null;
  for (let at = 0; at < message.length || at === 0; at += PACKET) {
    const end = Math.min(message.length, at + PACKET);
    scratch.set(message.subarray(at, end));
    delivered = ch.append(scratch, 0, end - at, end === message.length);
    if (end === message.length) break;
    expect(delivered).toBeNull();
  }
  return delivered!;
}

describe('RecvChannel', () => {
  test('repeated large sizes are built in a buffer of exactly their size; earlier messages stay intact', () => {
    const ch = channel();
    const messages = [1, 2, 3, 4].map((seed) => pattern(64 * 1024, seed));
    const got = messages.map((m) => deliver(ch, m));
    got.forEach((g, i) => expect(Buffer.compare(g, messages[i]!)).toBe(0));
    for (const g of got.slice(1)) expect(g.buffer.byteLength).toBe(64 * 1024);
    expect(new Set(got.map((g) => g.buffer)).size).toBe(got.length);
  });

  test('a message much smaller than the last one does not pin the larger buffer', () => {
    const ch = channel();
    deliver(ch, pattern(600 * 1024, 1));
    for (const size of [40 * 1024, 3000, 20 * 1024, 1500 * 1024, 70 * 1024, 2048 * 1024, 300 * 1024]) {
      const message = pattern(size, size);
      const got = deliver(ch, message);
      expect(Buffer.compare(got, message)).toBe(0);
      // (Small copies come from Node's shared Buffer pool.)
      expect(got.buffer.byteLength).toBeLessThanOrEqual(Math.max(2 * size, Buffer.poolSize));
    }
  });

  test('single-packet and empty messages are copies', () => {
    const ch = channel();
    const scratch = new Uint8Array(PACKET);
    const one = deliver(ch, pattern(500, 9), scratch);
    scratch.fill(0);
    expect(Buffer.compare(one, pattern(500, 9))).toBe(0);
    expect(deliver(ch, new Uint8Array(0)).length).toBe(0);
  });

  test('the capacity is enforced before anything is allocated, also for a predicted size', () => {
    const ch = channel(100 * 1024);
    deliver(ch, pattern(90 * 1024, 1));
    expect(() => deliver(ch, pattern(101 * 1024, 2))).toThrow(MessageTooLargeError);
  });
});
