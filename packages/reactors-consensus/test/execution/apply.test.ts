import { describe, expect, it } from 'vitest';
import { appHashForSize, makeValidatorTx } from '@cometts/kvstore';
import { ExecTxResult, bytesEqual, compareTimestamps, lastResultsHash, merkleRoot } from '@cometts/types';
import { extendedCommitToCommit } from '@cometts/types';
import { BlockExecutionError, medianTime } from '../../src/index.js';
import { GENESIS_TIME, TestChain } from './chain.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('create → validate → apply with the kvstore', () => {
  it('starts from genesis: InitChain app hash, empty last results hash, genesis time', async () => {
    const chain = await TestChain.start();
    expect(chain.state.lastBlockHeight).toBe(0n);
    expect(hex(chain.state.appHash)).toBe('0000000000000000');
    expect(chain.state.lastResultsHash).toEqual(merkleRoot([]));
    expect(chain.state.version.consensus).toEqual({ block: 11n, app: 1n });
    const first = await chain.commit(['a=1']);
    expect(first.block.header.time).toEqual(GENESIS_TIME);
    expect(first.block.lastCommit!.signatures).toHaveLength(0);
  });

  it('commits several heights, tracking app hash, results hash, time and the stores', async () => {
    const chain = await TestChain.start();
    let size = 0n;
    for (let h = 1n; h <= 5n; h++) {
      const txs = Array.from({ length: Number(h) }, (_, i) => `k${h}-${i}=v${i}`);
      const prevState = chain.state;
      const { block, blockId } = await chain.commit(txs);
      size += h;
      expect(block.header.height).toBe(h);
      expect(block.data.txs).toHaveLength(Number(h));
      expect(block.header.appHash).toEqual(prevState.appHash);
      expect(chain.state.appHash).toEqual(appHashForSize(size));
      expect(chain.state.lastResultsHash).toEqual(lastResultsHash(txs.map(() => ExecTxResult.create())));
      expect(chain.state.lastBlockId).toEqual(blockId);
      if (h > 1n) {
        expect(compareTimestamps(block.header.time, prevState.lastBlockTime)).toBeGreaterThan(0);
        expect(block.header.time).toEqual(medianTime(block.lastCommit!, prevState.lastValidators));
      }
      const saved = (await chain.stateStore.load())!;
      expect(saved.lastBlockHeight).toBe(h);
      expect(bytesEqual(saved.appHash, chain.state.appHash)).toBe(true);
      expect((await chain.stateStore.loadFinalizeBlockResponse(h)).txResults).toHaveLength(Number(h));
    }
    expect(chain.blockStore.height()).toBe(5n);
    expect(chain.txs.size).toBe(0);
    const q = await chain.app.query({ data: Buffer.from('k5-4'), path: '', height: 0n, prove: false });
    expect(Buffer.from(q.value).toString()).toBe('v4');
    // The proposer rotates through the validators.
    const proposers = new Set<string>();
    for (let h = 1n; h <= 5n; h++) proposers.add(hex((await chain.blockStore.loadBlock(h))!.header.proposerAddress));
    expect(proposers.size).toBeGreaterThan(1);
  });

  it('filters invalid mempool txs in PrepareProposal and rewrites key:value', async () => {
    const chain = await TestChain.start();
    const { block } = await chain.commit(['a:b', 'not valid', 'c=d']);
    expect(block.data.txs.map((t) => Buffer.from(t).toString())).toEqual(['a=b', 'c=d']);
  });

  it('a val= tx changes the validator set from height H+2', async () => {
    const chain = await TestChain.start([1, 2, 3, 4]);
    await chain.commit(['x=1']);
    const newKey = chain.addKey(9);
    const h = chain.nextHeight;
    const before = chain.state;
    await chain.commit([Buffer.from(makeValidatorTx({ case: 'ed25519', value: newKey.publicKey }, 30n)).toString('latin1')]);
    expect(chain.state.lastHeightValidatorsChanged).toBe(h + 2n);
    expect(chain.state.validators.hash()).toEqual(before.nextValidators.hash()); // H+1: unchanged
    expect(chain.state.validators.size).toBe(4);
    expect(chain.state.nextValidators.size).toBe(5); // H+2
    expect(chain.state.nextValidators.hasAddress(newKey.address)).toBe(true);
    const h1 = await chain.commit();
    expect(h1.block.header.validatorsHash).toEqual(before.nextValidators.hash());
    const h2 = await chain.commit();
    expect(h2.block.header.height).toBe(h + 2n);
    expect(chain.state.lastValidators.hasAddress(newKey.address)).toBe(true);
    expect((await chain.stateStore.loadValidators(h + 2n)).size).toBe(5);
    // Block H+3 carries the commit of H+2, signed by the five validators.
    const h3 = await chain.commit();
    expect(h3.block.lastCommit!.signatures).toHaveLength(5);
    // Removing it again (power 0) takes effect two heights later too.
    await chain.commit([Buffer.from(makeValidatorTx({ case: 'ed25519', value: newKey.publicKey }, 0n)).toString('latin1')]);
    expect(chain.state.nextValidators.size).toBe(4);
  });

  it('refuses a validator update with an unsupported key type or negative power', async () => {
    const chain = await TestChain.start();
    const secp = new Uint8Array(33).fill(2);
    chain.txs.add(Buffer.from(makeValidatorTx({ case: 'secp256k1', value: secp }, 5n)));
    const block = await chain.propose();
    const { blockId } = await chain.decide(block);
    await expect(chain.executor.applyBlock(chain.state, blockId, block)).rejects.toThrow(/unsupported for consensus/);
  });

  it('refuses to apply a block that does not match its ID, or an invalid one', async () => {
    const chain = await TestChain.start();
    const block = await chain.propose();
    const { blockId } = await chain.decide(block);
    await expect(chain.executor.applyBlock(chain.state, { ...blockId, hash: new Uint8Array(32) }, block)).rejects.toThrow(BlockExecutionError);
    const other = { ...block, header: { ...block.header, chainId: 'elsewhere' } };
    const { blockId: otherId } = await (await TestChain.start()).decide(other);
    await expect(chain.executor.applyBlock(chain.state, otherId, other)).rejects.toThrow(/wrong chain_id/);
  });

  it('reaps within max bytes and max gas', async () => {
    const chain = await TestChain.start([1], {
      ...(await TestChain.start()).state.consensusParams,
      block: { maxBytes: 1000n + 11n + 626n + 94n + 111n, maxGas: 3n },
    });
    for (let i = 0; i < 10; i++) chain.txs.add(Buffer.from(`key${i}=${'v'.repeat(100)}`));
    const block = await chain.propose();
    expect(block.data.txs).toHaveLength(3); // gas: each kvstore tx wants 1
    const extended = extendedCommitToCommit(chain.lastCommit);
    expect(extended.height).toBe(0n);
  });
});
