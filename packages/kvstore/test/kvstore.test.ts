import { MemoryLevel } from 'memory-level';
import { describe, expect, it } from 'vitest';
import {
  CheckTxType,
  Ed25519PrivateKey,
  ExecTxResult,
  FinalizeBlockRequest,
  InitChainRequest,
  MisbehaviorType,
  ProcessProposalStatus,
  ValidatorUpdate,
  lastResultsHash,
  pubKeyAddress,
  type PublicKey,
} from '@cometts/types';
import { KVStoreApplication, KVStoreError, appHashForSize, makeValidatorTx } from '../src/index.js';

const enc = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const newDb = () => new MemoryLevel();
const pub = (n: number): PublicKey => ({ case: 'ed25519', value: Ed25519PrivateKey.fromSeed(new Uint8Array(32).fill(n)).publicKey });

async function block(app: KVStoreApplication, height: bigint, txs: string[], extra: Partial<FinalizeBlockRequest> = {}) {
  const res = await app.finalizeBlock(FinalizeBlockRequest.create({ height, txs: txs.map(enc), ...extra }));
  const commit = await app.commit({});
  return { res, commit };
}

describe('kvstore app hash', () => {
  it.each([
    [0n, '0000000000000000'],
    [1n, '0200000000000000'],
    [3n, '0600000000000000'],
    [63n, '7e00000000000000'],
    [64n, '8001000000000000'],
    [300n, 'd804000000000000'],
    [-1n, '0100000000000000'],
  ])('size %s → %s', (size, expected) => {
    expect(hex(appHashForSize(size))).toBe(expected);
  });

  it('refuses a size whose varint needs more than 8 bytes', () => {
    expect(() => appHashForSize(2n ** 62n)).toThrow(/does not fit/);
  });
});

describe('kvstore CheckTx / PrepareProposal / ProcessProposal', () => {
  const valTx = `val=ed25519!${Buffer.from(pub(1).value).toString('base64')}!10`;
  it.each([
    ['a=b', 0],
    ['a:b', 0],
    ['key=value with spaces', 0],
    ['=b', 2],
    ['a=', 2],
    [':b', 2],
    ['a:', 2],
    ['a=b=c', 2],
    ['a:b:c', 2],
    ['a=b:c', 2],
    ['ab', 2],
    ['', 2],
    [valTx, 0],
    [`val=!${Buffer.from(pub(1).value).toString('base64')}!+7`, 0],
    [`val=ed25519!${Buffer.from(pub(1).value).toString('base64')}!0`, 0],
    [`val=ed25519!${Buffer.from(pub(1).value).toString('base64')}!-1`, 2],
    [`val=ed25519!${Buffer.from(pub(1).value).toString('base64')}!x`, 2],
    [`val=ed25519!${Buffer.from(pub(1).value).toString('base64')}!9223372036854775808`, 2],
    [`val=ed25519!not base64!10`, 2],
    [`val=ed25519!${Buffer.from(pub(1).value).toString('base64')}`, 2],
    [`val=ed25519!AAAA!10`, 2],
    [`val=sr25519!${Buffer.from(pub(1).value).toString('base64')}!10`, 2],
  ])('CheckTx %j → code %i', async (tx, code) => {
    const app = await KVStoreApplication.open(newDb());
    const res = await app.checkTx({ tx: enc(tx), type: CheckTxType.New });
    expect(res.code).toBe(code);
    expect(res.gasWanted).toBe(code === 0 ? 1n : 0n);
  });

  it('PrepareProposal keeps valid txs and rewrites the first ":" to "="', async () => {
    const app = await KVStoreApplication.open(newDb());
    const res = await app.prepareProposal({
      maxTxBytes: 1000n,
      txs: ['a:b', 'bad', 'c=d', 'x::y', valTx].map(enc),
      localLastCommit: { round: 0, votes: [] },
      misbehavior: [],
      height: 1n,
      time: { seconds: 0n, nanos: 0 },
      nextValidatorsHash: new Uint8Array(0),
      proposerAddress: new Uint8Array(0),
    });
    expect(res.txs.map((t) => Buffer.from(t).toString('latin1'))).toEqual(['a=b', 'c=d', valTx]);
  });

  it('ProcessProposal rejects a block with any invalid tx', async () => {
    const app = await KVStoreApplication.open(newDb());
    const req = (txs: string[]) => ({
      txs: txs.map(enc),
      proposedLastCommit: { round: 0, votes: [] },
      misbehavior: [],
      hash: new Uint8Array(32),
      height: 1n,
      time: { seconds: 0n, nanos: 0 },
      nextValidatorsHash: new Uint8Array(0),
      proposerAddress: new Uint8Array(0),
    });
    expect((await app.processProposal(req(['a=b', 'c:d']))).status).toBe(ProcessProposalStatus.Accept);
    expect((await app.processProposal(req([]))).status).toBe(ProcessProposalStatus.Accept);
    expect((await app.processProposal(req(['a=b', 'nope']))).status).toBe(ProcessProposalStatus.Reject);
  });
});

describe('kvstore FinalizeBlock / Commit / Info / Query', () => {
  it('counts every tx, returns code-0 results and the size app hash', async () => {
    const app = await KVStoreApplication.open(newDb());
    const init = await app.initChain(InitChainRequest.create({ chainId: 'kv', validators: [{ pubKey: pub(1), power: 10n }] }));
    expect(hex(init.appHash)).toBe('0000000000000000');
    const { res } = await block(app, 1n, ['a=1', 'b=2', Buffer.from(makeValidatorTx(pub(2), 5n)).toString('latin1')]);
    expect(res.txResults).toHaveLength(3);
    for (const r of res.txResults) {
      expect([r.code, r.data.length, r.gasWanted, r.gasUsed]).toEqual([0, 0, 0n, 0n]);
      expect(r.events.map((e) => e.type)).toEqual(['app', 'app']);
    }
    expect(hex(res.appHash)).toBe('0600000000000000');
    // Events never reach the results hash: it equals that of bare code-0 results.
    expect(lastResultsHash(res.txResults)).toEqual(lastResultsHash([0, 1, 2].map(() => ExecTxResult.create())));
    expect(res.validatorUpdates).toEqual([{ pubKey: pub(2), power: 5n }]);
    const info = await app.info({ version: '', blockVersion: 11n, p2pVersion: 8n, abciVersion: '' });
    expect(info).toMatchObject({ data: '{"size":3}', version: '2.0.0', appVersion: 1n, lastBlockHeight: 1n });
    expect(hex(info.lastBlockAppHash)).toBe('0600000000000000');
  });

  it('stores pairs at Commit and answers queries', async () => {
    const app = await KVStoreApplication.open(newDb());
    await block(app, 1n, ['name=satoshi', 'k=v']);
    const found = await app.query({ data: enc('name'), path: '', height: 0n, prove: false });
    expect([Buffer.from(found.value).toString(), found.log, found.height, found.code]).toEqual(['satoshi', 'exists', 1n, 0]);
    const missing = await app.query({ data: enc('nobody'), path: '/store', height: 0n, prove: true });
    expect([missing.value.length, missing.log, missing.index]).toEqual([0, 'does not exist', -1n]);
  });

  it('does not store pairs of a block that was finalized but not committed', async () => {
    const app = await KVStoreApplication.open(newDb());
    await app.finalizeBlock(FinalizeBlockRequest.create({ height: 1n, txs: [enc('x=1')] }));
    expect((await app.query({ data: enc('x'), path: '', height: 0n, prove: false })).log).toBe('does not exist');
  });

  it('records validators (InitChain, val= txs) and answers /val', async () => {
    const app = await KVStoreApplication.open(newDb());
    await app.initChain(InitChainRequest.create({ validators: [{ pubKey: pub(1), power: 10n }] }));
    await block(app, 1n, [Buffer.from(makeValidatorTx(pub(2), 7n)).toString('latin1')]);
    const q = await app.query({ data: pub(2).value, path: '/val', height: 0n, prove: false });
    expect(ValidatorUpdate.encodeDelimited({ pubKey: pub(2), power: 7n })).toEqual(new Uint8Array(q.value));
    await block(app, 2n, [Buffer.from(makeValidatorTx(pub(2), 0n)).toString('latin1')]);
    expect((await app.query({ data: pub(2).value, path: '/val', height: 0n, prove: false })).value.length).toBe(0);
  });

  it('punishes a duplicate vote with power − 1 and fails on an unknown offender', async () => {
    const app = await KVStoreApplication.open(newDb());
    await app.initChain(InitChainRequest.create({ validators: [{ pubKey: pub(1), power: 10n }] }));
    const misbehavior = (n: number) => [
      {
        type: MisbehaviorType.DuplicateVote,
        validator: { address: pubKeyAddress(pub(n)), power: 10n },
        height: 1n,
        time: { seconds: 0n, nanos: 0 },
        totalVotingPower: 10n,
      },
    ];
    const res = await app.finalizeBlock(FinalizeBlockRequest.create({ height: 2n, misbehavior: misbehavior(1) }));
    expect(res.validatorUpdates).toEqual([{ pubKey: pub(1), power: 9n }]);
    await expect(app.finalizeBlock(FinalizeBlockRequest.create({ height: 2n, misbehavior: misbehavior(9) }))).rejects.toThrow(KVStoreError);
  });

  it('returns retain_height when block retention is configured', async () => {
    const app = await KVStoreApplication.open(newDb(), { retainBlocks: 2n });
    expect((await block(app, 1n, [])).commit.retainHeight).toBe(0n);
    expect((await block(app, 2n, [])).commit.retainHeight).toBe(1n);
    expect((await block(app, 5n, [])).commit.retainHeight).toBe(4n);
  });

  it('keeps size, height, pairs and validators across a restart', async () => {
    const db = newDb();
    let app = await KVStoreApplication.open(db);
    await app.initChain(InitChainRequest.create({ validators: [{ pubKey: pub(1), power: 10n }] }));
    await block(app, 1n, ['a=1', 'b=2']);
    await block(app, 2n, ['c=3']);
    app = await KVStoreApplication.open(db);
    const info = await app.info({ version: '', blockVersion: 0n, p2pVersion: 0n, abciVersion: '' });
    expect([info.data, info.lastBlockHeight, hex(info.lastBlockAppHash)]).toEqual(['{"size":3}', 2n, '0600000000000000']);
    expect(Buffer.from((await app.query({ data: enc('b'), path: '', height: 0n, prove: false })).value).toString()).toBe('2');
    // The genesis validator is known again, so its misbehaviour can be punished.
    const res = await app.finalizeBlock(
      FinalizeBlockRequest.create({
        height: 3n,
        misbehavior: [{ type: MisbehaviorType.DuplicateVote, validator: { address: pubKeyAddress(pub(1)), power: 10n }, height: 2n, time: { seconds: 0n, nanos: 0 }, totalVotingPower: 10n }],
      }),
    );
    expect(res.validatorUpdates[0]!.power).toBe(9n);
  });
});
