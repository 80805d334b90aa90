import { once } from 'node:events';
import { describe, expect, test } from 'vitest';
import { nodeFrameCipher, secretHandshake, type FrameCipherFactory } from '../src/index.js';
import { duplexPair, identityA, identityB } from './secret-helpers.js';

describe('handshake options', () => {
  test('a custom frame cipher backend is used for every frame in both directions', async () => {
    const counts = { sealed: 0, opened: 0 };
    const counting: FrameCipherFactory = (keys) => {
      const inner = nodeFrameCipher(keys);
      return {
        sealer: {
          seal(frames, count, out) {
            counts.sealed += count;
            inner.sealer.seal(frames, count, out);
          },
        },
        opener: {
          open(sealed, offset, count, out, outOffset) {
            const opened = inner.opener.open(sealed, offset, count, out, outOffset);
            counts.opened += opened;
            return opened;
          },
        },
      };
    };
    const [pipeA, pipeB] = duplexPair();
    const [a, b] = await Promise.all([
      secretHandshake(pipeA, identityA, { frameCipher: counting }),
      secretHandshake(pipeB, identityB, { frameCipher: counting }),
    ]);
    expect(counts).toEqual({ sealed: 2, opened: 2 }); // one AuthSigMessage frame each way
    a.write(Buffer.alloc(3000, 1));
    const [chunk] = (await once(b, 'data')) as [Buffer];
    expect(chunk.length).toBeGreaterThan(0);
    expect(counts.sealed).toBe(5);
    a.destroy();
    b.destroy();
  });

  test('timeoutMs: Infinity means no deadline (and no timer)', async () => {
    const [pipeA, pipeB] = duplexPair();
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const pending = secretHandshake(pipeA, identityA, { timeoutMs: Infinity });
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeLessThanOrEqual(before);
    const b = await secretHandshake(pipeB, identityB);
    const a = await pending;
    a.destroy();
    b.destroy();
  });

  test.each([0, -1, Number.NaN])('timeoutMs %s is rejected as a RangeError', async (timeoutMs) => {
    const [pipeA] = duplexPair();
    await expect(secretHandshake(pipeA, identityA, { timeoutMs })).rejects.toBeInstanceOf(RangeError);
  });
});
