import { MemoryLevel } from 'memory-level';
import { describe, expect, it } from 'vitest';
import { KVStoreApplication } from '@cometts/kvstore';
import {
  BlockIDFlag,
  FinalizeBlockResponse,
  Validator,
  ValidatorSet,
  VerifyVoteExtensionStatus,
  defaultConsensusParams,
  goZeroTime,
  type Commit,
  type PrepareProposalRequest,
} from '@cometts/types';
import {
  AbciBlockExecutor,
  InMemoryTxSource,
  buildLastCommitInfo,
  maxDataBytes,
  medianTime,
  txProtoSize,
  txsFit,
  updateConsensusParams,
  updateState,
  voteExtensionUpdateError,
} from '../../src/index.js';
import { TestChain, keyOf } from './chain.js';

const val = (n: number, power: bigint) => Validator.create({ case: 'ed25519', value: keyOf(n).publicKey }, power);

function commitWith(times: [number, number][], set: ValidatorSet, absent: number[] = []): Commit {
  return {
    height: 1n,
    round: 0,
    blockId: { hash: new Uint8Array(32), partSetHeader: { total: 1, hash: new Uint8Array(32) } },
    signatures: times.map(([n, seconds], i) =>
      absent.includes(i)
        ? { blockIdFlag: BlockIDFlag.Absent, validatorAddress: new Uint8Array(0), timestamp: goZeroTime(), signature: new Uint8Array(0) }
        : { blockIdFlag: BlockIDFlag.Commit, validatorAddress: set.getByAddress(keyOf(n).address)!.validator.address, timestamp: { seconds: BigInt(seconds), nanos: 0 }, signature: new Uint8Array(64) },
    ),
  };
}

describe('medianTime', () => {
  it('is the power-weighted median of non-absent signatures', () => {
    const set = new ValidatorSet([val(1, 10n), val(2, 20n), val(3, 30n), val(4, 40n)]);
    // total 100, m = 50: sorted 10@100(w10) → 40; 20@200(w20) → 20; 30@300(w30): 20 ≤ 30 → 300.
    expect(medianTime(commitWith([[1, 100], [2, 200], [3, 300], [4, 400]], set), set)).toEqual({ seconds: 300n, nanos: 0 });
    // A heavy validator decides: 4 (w40) at 50 → m=50 > 40 → next.
    expect(medianTime(commitWith([[4, 50], [3, 60], [2, 70], [1, 80]], set), set)).toEqual({ seconds: 60n, nanos: 0 });
    // Absent signatures do not count: total 60 (2 and 4 absent... here index 1 and 3), m = 30.
    expect(medianTime(commitWith([[1, 100], [2, 200], [3, 300], [4, 400]], set, [1, 3]), set)).toEqual({ seconds: 300n, nanos: 0 });
    expect(medianTime({ ...commitWith([], set) }, set)).toEqual(goZeroTime());
  });
});

describe('block sizes', () => {
  it('computes MaxDataBytes and refuses a negative budget', () => {
    expect(maxDataBytes(22020096n, 0n, 4)).toBe(22020096n - 11n - 626n - (94n + 111n * 4n));
    expect(maxDataBytes(-1n, 100n, 1)).toBe(104857600n - 11n - 626n - 205n - 100n);
    expect(() => maxDataBytes(800n, 0n, 10)).toThrow(/negative max data bytes/);
  });

  it('sizes txs as protoSize(Data{txs:[tx]}) and reaps in order until one does not fit', () => {
    expect(txProtoSize(new Uint8Array(10))).toBe(12);
    expect(txProtoSize(new Uint8Array(200))).toBe(203);
    const src = new InMemoryTxSource();
    for (const n of [10, 10, 200, 10]) src.add(new Uint8Array(n).fill(n + src.size));
    expect(src.reapMaxBytesMaxGas(24n, -1n)).toHaveLength(2);
    expect(src.reapMaxBytesMaxGas(200n, -1n)).toHaveLength(2); // stops at the big one
    expect(src.reapMaxBytesMaxGas(-1n, -1n)).toHaveLength(4);
    expect(src.reapMaxBytesMaxGas(-1n, 1n)).toHaveLength(1);
    expect(txsFit([new Uint8Array(10), new Uint8Array(10)], 24n)).toBe(true);
    expect(txsFit([new Uint8Array(10), new Uint8Array(10)], 23n)).toBe(false);
  });
});

describe('consensus params updates', () => {
  it('replaces each group present in the update', () => {
    const p = defaultConsensusParams();
    const u = updateConsensusParams(p, { block: { maxBytes: 5000n, maxGas: 10n }, version: { app: 4n } });
    expect(u.block).toEqual({ maxBytes: 5000n, maxGas: 10n });
    expect(u.version).toEqual({ app: 4n });
    expect(u.evidence).toBe(p.evidence);
  });

  it.each([
    [0n, 0n, 10n, undefined],
    [0n, 11n, 10n, undefined],
    [0n, 10n, 10n, /past or current/],
    [5n, 5n, 10n, undefined],
    [5n, 0n, 10n, /cannot be disabled/],
    [20n, 0n, 10n, undefined],
    [5n, 30n, 10n, /cannot be modified once enabled/],
    [20n, 30n, 10n, undefined],
    [0n, -1n, 10n, /must be positive/],
  ])('vote extensions %s → %s at height %s', (current, updated, h, expected) => {
    const why = voteExtensionUpdateError(current, updated, h);
    if (expected === undefined) expect(why).toBeUndefined();
    else expect(why).toMatch(expected);
  });

  it('applies params from FinalizeBlock in the state transition (and the app version)', async () => {
    const chain = await TestChain.start([1]);
    const resp = FinalizeBlockResponse.create({ consensusParamUpdates: { block: { maxBytes: 2_000_000n, maxGas: -1n }, version: { app: 9n } } });
    const header = { ...(await chain.propose()).header };
    const next = updateState(chain.state, chain.state.lastBlockId, header, resp);
    expect(next.consensusParams.block!.maxBytes).toBe(2_000_000n);
    expect(next.version.consensus.app).toBe(9n);
    expect(next.lastHeightConsensusParamsChanged).toBe(2n);
    const bad = FinalizeBlockResponse.create({ consensusParamUpdates: { block: { maxBytes: 0n, maxGas: -1n } } });
    expect(() => updateState(chain.state, chain.state.lastBlockId, header, bad)).toThrow(/validating new consensus params/);
    const disable = FinalizeBlockResponse.create({ consensusParamUpdates: { abci: { voteExtensionsEnableHeight: 1n } } });
    expect(() => updateState(chain.state, chain.state.lastBlockId, header, disable)).toThrow(/past or current/);
    const negative = FinalizeBlockResponse.create({ validatorUpdates: [{ pubKey: { case: 'ed25519', value: keyOf(3).publicKey }, power: -1n }] });
    expect(() => updateState(chain.state, chain.state.lastBlockId, header, negative)).toThrow(/can't be negative/);
    const removeUnknown = FinalizeBlockResponse.create({ validatorUpdates: [{ pubKey: { case: 'ed25519', value: keyOf(3).publicKey }, power: 0n }] });
    expect(() => updateState(chain.state, chain.state.lastBlockId, header, removeUnknown)).toThrow(/changing validator set/);
  });
});

describe('ABCI plumbing', () => {
  it('builds decided_last_commit in last-validator order', () => {
    const set = new ValidatorSet([val(1, 10n), val(2, 20n)]);
    const c = commitWith([[2, 1], [1, 1]], set, [1]);
    const info = buildLastCommitInfo(c, set, false);
    expect(info.votes.map((v) => [v.validator.power, v.blockIdFlag])).toEqual([[20n, BlockIDFlag.Commit], [10n, BlockIDFlag.Absent]]);
    expect(buildLastCommitInfo(c, set, true)).toEqual({ round: 0, votes: [] });
    expect(() => buildLastCommitInfo({ ...c, signatures: [] }, set, false)).toThrow(/2/);
  });

  it('refuses PrepareProposal txs larger than max_tx_bytes', async () => {
    const chain = await TestChain.start([1]);
    const app = chain.executor.app as KVStoreApplication;
    app.prepareProposal = async (req: PrepareProposalRequest) => ({ txs: [new Uint8Array(Number(req.maxTxBytes))] });
    await expect(chain.propose()).rejects.toThrow(/larger than max_tx_bytes/);
  });

  it('passes vote extensions to the application', async () => {
    const chain = await TestChain.start([1]);
    const block = await chain.propose();
    const app = chain.executor.app as KVStoreApplication;
    app.extendVote = async (req) => ({ voteExtension: new Uint8Array([Number(req.height)]) });
    app.verifyVoteExtension = async (req) => ({ status: req.voteExtension[0] === 1 ? VerifyVoteExtensionStatus.Accept : VerifyVoteExtensionStatus.Reject });
    const vote = { blockId: { hash: new Uint8Array(32), partSetHeader: { total: 1, hash: new Uint8Array(32) } }, height: 1n, validatorAddress: keyOf(1).address };
    expect(await chain.executor.extendVote!(chain.state, vote as never, block)).toEqual(new Uint8Array([1]));
    expect(await chain.executor.verifyVoteExtension!(chain.state, { ...vote, extension: new Uint8Array([1]) } as never)).toBe(true);
    expect(await chain.executor.verifyVoteExtension!(chain.state, { ...vote, extension: new Uint8Array([2]) } as never)).toBe(false);
  });

  it('prunes the block store when Commit returns a retain height', async () => {
    const chain = await TestChain.start([1, 2]);
    const app = await KVStoreApplication.open(new MemoryLevel(), { retainBlocks: 2n });
    await app.initChain({ time: goZeroTime(), chainId: '', validators: [], appStateBytes: new Uint8Array(0), initialHeight: 1n });
    chain.app = app;
    chain.executor = new AbciBlockExecutor({ app, stateStore: chain.stateStore, blockStore: chain.blockStore, txSource: chain.txs });
    for (let i = 0; i < 5; i++) await chain.commit([`p${i}=1`]);
    expect(chain.blockStore.base()).toBe(4n);
    expect(await chain.blockStore.loadBlock(3n)).toBeUndefined();
    expect(chain.blockStore.height()).toBe(5n);
  });
});
