import { MemoryLevel } from 'memory-level';
import { describe, expect, it } from 'vitest';
import { KVStoreApplication } from '@cometts/kvstore';
import { BaseApplication, FinalizeBlockRequest, InfoResponse, InitChainRequest, InitChainResponse, defaultConsensusParams, headerHash } from '@cometts/types';
import { BlockStore, StateStore, openMemoryDb } from '@cometts/store';
import { AppHashMismatchError, HandshakeError, handshake, makeGenesisState, type BlockStore as BlockStorePort } from '../../src/index.js';
import { TestChain, keyOf, makeGenesis } from './chain.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

async function chainAt(height: number): Promise<TestChain> {
  const chain = await TestChain.start([1, 2, 3]);
  for (let h = 1; h <= height; h++) await chain.commit([`k${h}=v${h}`, `x${h}=y`]);
  return chain;
}

const sizeOf = async (app: KVStoreApplication) => (await app.info({ version: '', blockVersion: 0n, p2pVersion: 0n, abciVersion: '' })).data;

describe('handshake', () => {
  it('does nothing more when app, store and state agree', async () => {
    const chain = await chainAt(3);
    const app = await KVStoreApplication.open(chain.appDb);
    const res = await handshake({ app, stateStore: chain.stateStore, blockStore: chain.blockStore, genesis: chain.genesis });
    expect(res.replayedBlocks).toBe(0);
    expect(res.state.lastBlockHeight).toBe(3n);
    expect(hex(res.appHash)).toBe(hex(chain.state.appHash));
  });

  it('replays every block into an application that lost its state', async () => {
    const chain = await chainAt(4);
    const fresh = await KVStoreApplication.open(new MemoryLevel());
    const res = await handshake({ app: fresh, stateStore: chain.stateStore, blockStore: chain.blockStore, genesis: chain.genesis });
    expect(res.replayedBlocks).toBe(4);
    expect(res.state.lastBlockHeight).toBe(4n);
    expect(await sizeOf(fresh)).toBe('{"size":8}');
    expect(Buffer.from((await fresh.query({ data: Buffer.from('k3'), path: '', height: 0n, prove: false })).value).toString()).toBe('v3');
  });

  it('applies a stored block whose state was never saved, with the real app (app == state)', async () => {
    const chain = await chainAt(2);
    chain.txs.add(Buffer.from('late=1'));
    await chain.decide(await chain.propose()); // crash: block 3 stored, not applied
    const app = await KVStoreApplication.open(chain.appDb);
    const res = await handshake({ app, stateStore: chain.stateStore, blockStore: chain.blockStore, genesis: chain.genesis });
    expect(res.replayedBlocks).toBe(1);
    expect(res.state.lastBlockHeight).toBe(3n);
    expect((await chain.stateStore.load())!.lastBlockHeight).toBe(3n);
    expect(await sizeOf(app)).toBe('{"size":5}');
  });

  it('re-applies a block the app already committed from the saved response (app == store)', async () => {
    const chain = await chainAt(2);
    chain.txs.add(Buffer.from('late=1'));
    const block = await chain.propose();
    await chain.decide(block);
    // Crash after the app's Commit, before the state was saved.
    const req = FinalizeBlockRequest.create({ txs: block.data.txs, height: 3n, time: block.header.time, hash: headerHash(block.header)! });
    const response = await chain.app.finalizeBlock(req);
    await chain.stateStore.saveFinalizeBlockResponse(3n, response);
    await chain.app.commit({});
    const app = await KVStoreApplication.open(chain.appDb);
    const res = await handshake({ app, stateStore: chain.stateStore, blockStore: chain.blockStore, genesis: chain.genesis });
    expect(res.state.lastBlockHeight).toBe(3n);
    expect(hex(res.state.appHash)).toBe(hex(response.appHash));
    expect(await sizeOf(app)).toBe('{"size":5}'); // not executed twice
  });

  it('replays missing blocks and then applies the unsaved one (app < state, store == state + 1)', async () => {
    const chain = await chainAt(3);
    await chain.decide(await chain.propose());
    const fresh = await KVStoreApplication.open(new MemoryLevel());
    const res = await handshake({ app: fresh, stateStore: chain.stateStore, blockStore: chain.blockStore, genesis: chain.genesis });
    expect(res.replayedBlocks).toBe(4);
    expect(res.state.lastBlockHeight).toBe(4n);
    expect(await sizeOf(fresh)).toBe('{"size":6}');
  });

  it('fails on an app hash that does not match the chain', async () => {
    const chain = await chainAt(2);
    const db = new MemoryLevel();
    const diverged = await KVStoreApplication.open(db);
    await diverged.initChain(InitChainRequest.create());
    await diverged.finalizeBlock(FinalizeBlockRequest.create({ height: 2n, txs: [Buffer.from('only=1')] }));
    await diverged.commit({});
    await expect(handshake({ app: diverged, stateStore: chain.stateStore, blockStore: chain.blockStore, genesis: chain.genesis })).rejects.toThrow(
      AppHashMismatchError,
    );
  });

  it('fails when the app is ahead of the block store', async () => {
    const chain = await chainAt(1);
    class Ahead extends BaseApplication {
      override async info() {
        return InfoResponse.create({ lastBlockHeight: 5n });
      }
    }
    await expect(handshake({ app: new Ahead(), stateStore: chain.stateStore, blockStore: chain.blockStore, genesis: chain.genesis })).rejects.toThrow(
      HandshakeError,
    );
  });

  it('takes validators, params and app hash from InitChain on a new chain', async () => {
    const newVal = { pubKey: { case: 'ed25519' as const, value: keyOf(7).publicKey }, power: 50n };
    class Chooser extends BaseApplication {
      override async initChain() {
        return InitChainResponse.create({
          validators: [newVal],
          appHash: new Uint8Array([1, 2]),
          consensusParams: { version: { app: 3n } },
        });
      }
    }
    const stateStore = new StateStore(await openMemoryDb());
    const blockStore = await BlockStore.open(await openMemoryDb());
    const genesis = { ...makeGenesis([]), appHash: new Uint8Array(0) };
    const { state } = await handshake({ app: new Chooser(), stateStore, blockStore, genesis });
    expect(state.validators.size).toBe(1);
    expect(state.validators.validators[0]!.votingPower).toBe(50n);
    expect(Array.from(state.appHash)).toEqual([1, 2]);
    expect(state.version.consensus.app).toBe(3n);
    expect(state.consensusParams.block).toEqual(defaultConsensusParams().block);
    expect((await stateStore.load())!.validators.size).toBe(1);
  });

  it('refuses a chain without validators in genesis or from InitChain', async () => {
    const stateStore = new StateStore(await openMemoryDb());
    const blockStore = await BlockStore.open(await openMemoryDb());
    await expect(handshake({ app: new BaseApplication(), stateStore, blockStore, genesis: makeGenesis([]) })).rejects.toThrow(/validator set is empty/);
  });

  it('builds the genesis state as MakeGenesisState does', () => {
    const genesis = makeGenesis([1, 2], defaultConsensusParams(), 0n);
    const state = makeGenesisState(genesis);
    expect(state.initialHeight).toBe(1n);
    expect(state.lastHeightValidatorsChanged).toBe(1n);
    expect(state.version).toEqual({ consensus: { block: 11n, app: 0n }, software: '0.38.17' });
    expect(state.lastValidators.isEmpty()).toBe(true);
    const expectedNext = state.validators.copyIncrementProposerPriority(1);
    expect(state.nextValidators.validators.map((v) => v.proposerPriority)).toEqual(expectedNext.validators.map((v) => v.proposerPriority));
  });
});

describe('ports', () => {
  it('the store package satisfies the driver BlockStore port', async () => {
    const store: BlockStorePort = await BlockStore.open(await openMemoryDb());
    expect(store.height()).toBe(0n);
  });
});
