import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExecTxResult, FinalizeBlockResponse, Validator, ValidatorSet, type ValidatorSet as VS } from '@cometts/types';
import {
  StateNotFoundError,
  StateStore,
  StoreCorruptionError,
  VALIDATOR_SET_CHECKPOINT_INTERVAL,
  openDiskDb,
  openMemoryDb,
  stateKeys,
  type StoredState,
} from '../src/index.js';
import { keys, sampleState } from './fixtures.js';

const priorities = (set: VS) => set.validators.map((v) => [v.addressHex, v.votingPower, v.proposerPriority]);

const norm = (v: unknown): unknown =>
  v instanceof Uint8Array
    ? Buffer.from(v).toString('hex')
    : Array.isArray(v)
      ? v.map(norm)
      : typeof v === 'object' && v !== null
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, norm(x)]))
        : v;

function expectSameState(a: StoredState, b: StoredState): void {
  const { nextValidators, validators, lastValidators, ...rest } = a;
  const { nextValidators: n2, validators: v2, lastValidators: l2, ...rest2 } = b;
  expect(norm(rest)).toEqual(norm(rest2));
  expect(priorities(nextValidators)).toEqual(priorities(n2));
  expect(priorities(validators)).toEqual(priorities(v2));
  expect(priorities(lastValidators)).toEqual(priorities(l2));
  expect(Buffer.from(validators.hash()).equals(v2.hash())).toBe(true);
}

/** Advances a state by one block without changes, as the state transition does. */
function advance(s: StoredState): StoredState {
  return {
    ...s,
    lastBlockHeight: s.lastBlockHeight + 1n,
    lastValidators: s.validators,
    validators: s.nextValidators,
    nextValidators: s.nextValidators.copyIncrementProposerPriority(1),
  };
}

describe('StateStore', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('has no state before the first save', async () => {
    const store = new StateStore(await openMemoryDb());
    expect(await store.load()).toBeUndefined();
    await expect(store.loadValidators(1n)).rejects.toThrow(StateNotFoundError);
    await expect(store.loadConsensusParams(1n)).rejects.toThrow(StateNotFoundError);
  });

  it('round-trips the genesis state (empty last validators) and later states', async () => {
    const store = new StateStore(await openMemoryDb());
    const genesis = sampleState(0n);
    await store.save(genesis);
    expectSameState((await store.load())!, genesis);
    expect((await store.load())!.lastValidators.isEmpty()).toBe(true);
    const later = advance(advance(genesis));
    await store.save(later);
    expectSameState((await store.load())!, later);
  });

  it('stores validator sets at change heights and replays priorities in between', async () => {
    const store = new StateStore(await openMemoryDb());
    let s = sampleState(0n);
    const sets = new Map<bigint, VS>([[1n, s.validators], [2n, s.nextValidators]]);
    await store.save(s);
    for (let h = 1n; h <= 6n; h++) {
      s = advance(s);
      sets.set(h + 2n, s.nextValidators);
      await store.save(s);
    }
    for (let h = 1n; h <= 8n; h++) expect(priorities(await store.loadValidators(h))).toEqual(priorities(sets.get(h)!));
    await expect(store.loadValidators(9n)).rejects.toThrow(StateNotFoundError);
  });

  it('stores a changed validator set in full at its change height', async () => {
    const db = await openMemoryDb();
    const store = new StateStore(db);
    let s = sampleState(0n);
    await store.save(s);
    s = advance(s);
    const grown = s.nextValidators.copy();
    grown.updateWithChangeSet([Validator.create({ case: 'ed25519', value: new Uint8Array(32).fill(77) }, 5n)]);
    grown.incrementProposerPriority(1);
    s = { ...s, nextValidators: grown, lastHeightValidatorsChanged: 3n };
    await store.save(s);
    expect((await store.loadValidators(3n)).size).toBe(4);
    expect((await store.loadValidators(2n)).size).toBe(3);
  });

  it('uses checkpoints every 100000 heights', async () => {
    const store = new StateStore(await openMemoryDb());
    const base = sampleState(VALIDATOR_SET_CHECKPOINT_INTERVAL - 2n);
    await store.save(base); // writes validators for 100000 in full (a checkpoint), though unchanged
    const loaded = await store.loadValidators(VALIDATOR_SET_CHECKPOINT_INTERVAL);
    expect(priorities(loaded)).toEqual(priorities(base.nextValidators));
  });

  it('stores params at change heights only and finds them from later heights', async () => {
    const store = new StateStore(await openMemoryDb());
    let s = sampleState(0n);
    await store.save(s);
    s = advance(s);
    await store.save(s);
    const changed = { ...s.consensusParams, block: { maxBytes: 1000n, maxGas: 50n } };
    s = { ...advance(s), consensusParams: changed, lastHeightConsensusParamsChanged: 3n };
    await store.save(s);
    s = advance(s);
    await store.save(s);
    expect((await store.loadConsensusParams(2n)).block!.maxBytes).toBe(22020096n);
    expect((await store.loadConsensusParams(3n)).block!.maxBytes).toBe(1000n);
    expect((await store.loadConsensusParams(4n)).block!.maxGas).toBe(50n);
  });

  it('saves FinalizeBlock responses per height and the last one', async () => {
    const store = new StateStore(await openMemoryDb());
    const resp = (n: number) => FinalizeBlockResponse.create({ txResults: [ExecTxResult.create({ code: n })], appHash: new Uint8Array([n]) });
    await store.saveFinalizeBlockResponse(1n, resp(1));
    await store.saveFinalizeBlockResponse(2n, resp(2));
    expect((await store.loadFinalizeBlockResponse(1n)).txResults[0]!.code).toBe(1);
    expect((await store.loadLastFinalizeBlockResponse())!.height).toBe(2n);
    const discarding = new StateStore(await openMemoryDb(), { discardFinalizeBlockResponses: true });
    await discarding.saveFinalizeBlockResponse(1n, resp(1));
    await discarding.saveFinalizeBlockResponse(2n, resp(2));
    expect((await discarding.loadFinalizeBlockResponse(2n)).txResults[0]!.code).toBe(2);
    await expect(discarding.loadFinalizeBlockResponse(1n)).rejects.toThrow(StateNotFoundError);
  });

  it('saves the state and its validator/params records atomically', async () => {
    const db = await openMemoryDb();
    const store = new StateStore(db);
    db.hooks.prewrite.add((op: { key: string }) => {
      if (op.key === stateKeys.state) throw new Error('injected write failure');
    });
    await expect(store.save(sampleState(0n))).rejects.toThrow();
    const written: string[] = [];
    for await (const k of db.keys({ keyEncoding: 'utf8' })) written.push(k as string);
    expect(written).toEqual([]);
  });

  it('bootstraps a state-synced state', async () => {
    const store = new StateStore(await openMemoryDb());
    const s = sampleState(10n);
    await store.bootstrap(s);
    expect(priorities(await store.loadValidators(10n))).toEqual(priorities(s.lastValidators));
    expect(priorities(await store.loadValidators(12n))).toEqual(priorities(s.nextValidators));
    expect((await store.loadConsensusParams(11n)).block!.maxBytes).toBe(22020096n);
    expectSameState((await store.load())!, s);
  });

  it('keeps the genesis document and reports corrupted entries', async () => {
    const db = await openMemoryDb();
    const store = new StateStore(db);
    await store.saveGenesisDoc(Buffer.from('{"chain_id":"x"}'));
    expect(Buffer.from((await store.loadGenesisDoc())!).toString()).toBe('{"chain_id":"x"}');
    await db.put(stateKeys.state, new Uint8Array([0xff, 0xff]), { keyEncoding: 'utf8', valueEncoding: 'view' });
    await expect(store.load()).rejects.toThrow(StoreCorruptionError);
  });

  it('reopens from disk (classic-level)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cometts-statestore-'));
    dirs.push(dir);
    let db = await openDiskDb(join(dir, 'state.db'));
    const s = advance(sampleState(0n));
    await new StateStore(db).save(sampleState(0n));
    await new StateStore(db).save(s);
    await new StateStore(db).saveFinalizeBlockResponse(1n, FinalizeBlockResponse.create({ appHash: new Uint8Array([9]) }));
    await db.close();
    db = await openDiskDb(join(dir, 'state.db'));
    const store = new StateStore(db);
    expectSameState((await store.load())!, s);
    expect(Array.from((await store.loadFinalizeBlockResponse(1n)).appHash)).toEqual([9]);
    expect(priorities(await store.loadValidators(3n))).toEqual(priorities(s.nextValidators));
    expect(new ValidatorSet().isEmpty()).toBe(true);
    expect(keys.length).toBe(3);
    await db.close();
  });
});
