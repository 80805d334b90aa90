import { afterEach, describe, expect, it } from 'vitest';
import { DriverNet } from './support/driver-net.js';

let net: DriverNet | undefined;
afterEach(async () => {
  await net?.close();
  net = undefined;
});

describe('driver: in-memory network of 4 validators', () => {
  it('commits 50 heights; every node has the same blocks and app hashes', async () => {
    net = await DriverNet.create(4);
    await net.start();
    expect(await net.waitFor(() => net!.minHeight() >= 50n, 60_000)).toBe(true);
    for (const [, hashes] of net.decided) expect(hashes.size).toBe(1);
    const ref = net.router.chains.get(0)!;
    for (const n of net.nodes) {
      const chain = net.router.chains.get(n.index)!;
      expect(chain.blocks.slice(0, 50)).toEqual(ref.blocks.slice(0, 50));
      expect(chain.appHashes.slice(0, 50)).toEqual(ref.appHashes.slice(0, 50));
      expect(n.driver!.haltedBy).toBeUndefined();
    }
  }, 90_000);
});
