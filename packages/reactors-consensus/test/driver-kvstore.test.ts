/**
 * The whole engine on real parts: four validators running the kvstore
 * application commit 200 heights with transactions; all nodes agree on every
 * block and app hash, and `val=` txs change the validator set exactly two
 * heights after the block that carries them (a validator without a node is
 * added, then removed again, so it proposes — and stalls a round — rarely).
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
    const pubKey = { case: 'ed25519' as const, value: newcomer.publicKey };
    const valTx = makeValidatorTx(pubKey, 1n);
    const removeTx = makeValidatorTx(pubKey, 0n);
    let submitted = 0;
    net.nodes[0]!.driver.on((e) => {
      if (e.type !== 'newBlock') return;
      if (e.height < HEIGHTS - 2n) for (let i = 0; i < 3; i++) net!.submit(`k${e.height}.${i}=v${submitted++}`);
      if (e.height === 20n) net!.submit(valTx);
      if (e.height === 60n) net!.submit(removeTx);
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
    let addedAt: bigint | undefined;
    let removedAt: bigint | undefined;
    for (let h = 1n; h <= HEIGHTS; h++) {
      const block = (await store.loadBlock(h))!;
      txCount += block.data.txs.length;
      if (block.data.txs.some((tx) => bytesEqual(tx, valTx))) addedAt = h;
      if (block.data.txs.some((tx) => bytesEqual(tx, removeTx))) removedAt = h;
    }
    expect(txCount).toBeGreaterThan(300);
    expect(addedAt).toBeDefined();
    expect(removedAt).toBeDefined();
    const four = genesisValidatorSet(net.genesis).hash();
    const five = genesisValidatorSet(net.genesis);
    five.updateWithChangeSet([Validator.create(pubKey, 1n)]);
    const valsHash = async (h: bigint) => (await store.loadBlock(h))!.header.validatorsHash;
    expect(bytesEqual(await valsHash(addedAt! + 1n), four)).toBe(true);
    expect(bytesEqual((await store.loadBlock(addedAt! + 1n))!.header.nextValidatorsHash, five.hash())).toBe(true);
    expect(bytesEqual(await valsHash(addedAt! + 2n), five.hash())).toBe(true);
    expect(bytesEqual(await valsHash(removedAt! + 1n), five.hash())).toBe(true);
    expect(bytesEqual(await valsHash(removedAt! + 2n), four)).toBe(true);
    expect(net.nodes[0]!.driver.state.validators.size).toBe(4);
  }, 120_000);
});
