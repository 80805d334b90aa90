/**
 * The whole engine on real parts: four validators running the kvstore
 * application commit 200 heights with transactions; all nodes agree on every
 * block and app hash, and a `val=` tx changes the validator set exactly two
 * heights after the block that carries it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Validator, bytesEqual } from '@cometts/types';
import { makeValidatorTx } from '@cometts/kvstore';
import { genesisValidatorSet } from '../src/index.js';
import { keyFor } from './support/fixtures.js';
import { KvstoreNet } from './support/kvstore-net.js';
import { FAST_TIMEOUTS } from './support/driver-net.js';

const HEIGHTS = 200n;
let net: KvstoreNet | undefined;
afterEach(async () => {
  await net?.close();
  net = undefined;
});

describe('driver: 4 kvstore validators on the real executor, stores and file signers', () => {
  it(`commit ${HEIGHTS} heights with txs; same blocks and app hashes everywhere; val= takes effect at H+2`, async () => {
    net = await KvstoreNet.create(4, { timeouts: { ...FAST_TIMEOUTS, commit: 0 } });
    const newcomer = keyFor(9);
    const valTx = makeValidatorTx({ case: 'ed25519', value: newcomer.publicKey }, 5n);
    let submitted = 0;
    net.nodes[0]!.driver.on((e) => {
      if (e.type !== 'newBlock') return;
      if (e.height < HEIGHTS - 2n) for (let i = 0; i < 3; i++) net!.submit(`k${e.height}.${i}=v${submitted++}`);
      if (e.height === 20n) net!.submit(valTx);
    });
    await net.start();
    const deadline = Date.now() + 80_000;
    while (net.minHeight() < HEIGHTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(net.minHeight()).toBeGreaterThanOrEqual(HEIGHTS);

    for (const [, hashes] of net.router.decided) expect(hashes.size).toBe(1);
    const ref = net.router.chains.get(0)!;
    for (const n of net.nodes) {
      const chain = net.router.chains.get(n.index)!;
      expect(chain.blocks.slice(0, Number(HEIGHTS))).toEqual(ref.blocks.slice(0, Number(HEIGHTS)));
      expect(chain.appHashes.slice(0, Number(HEIGHTS))).toEqual(ref.appHashes.slice(0, Number(HEIGHTS)));
      expect(n.driver.haltedBy).toBeUndefined();
    }

    // Txs were committed, and the validator tx changed the set two heights after its block.
    const store = net.nodes[0]!.blockStore;
    let txCount = 0;
    let valHeight: bigint | undefined;
    for (let h = 1n; h <= HEIGHTS; h++) {
      const block = (await store.loadBlock(h))!;
      txCount += block.data.txs.length;
      if (block.data.txs.some((tx) => bytesEqual(tx, valTx))) valHeight = h;
    }
    expect(txCount).toBeGreaterThan(300);
    expect(valHeight).toBeDefined();
    const before = genesisValidatorSet(net.genesis);
    const after = before.copy();
    after.updateWithChangeSet([Validator.create({ case: 'ed25519', value: newcomer.publicKey }, 5n)]);
    expect(bytesEqual((await store.loadBlock(valHeight! + 1n))!.header.validatorsHash, before.hash())).toBe(true);
    expect(bytesEqual((await store.loadBlock(valHeight! + 1n))!.header.nextValidatorsHash, after.hash())).toBe(true);
    expect(bytesEqual((await store.loadBlock(valHeight! + 2n))!.header.validatorsHash, after.hash())).toBe(true);
    expect(net.nodes[0]!.driver.state.validators.size).toBe(5);
  }, 120_000);
});
