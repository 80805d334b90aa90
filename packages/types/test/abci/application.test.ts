import { describe, expect, test } from 'vitest';
import {
  ApplySnapshotChunkResponse,
  BaseApplication,
  CheckTxType,
  FinalizeBlockRequest,
  FinalizeBlockResponse,
  InitChainRequest,
  PrepareProposalRequest,
  ProcessProposalRequest,
  ProcessProposalStatus,
  VerifyVoteExtensionStatus,
  defaultConsensusParams,
  type Application,
} from '../../src/index.js';
import { hex } from '../../../../testing/vectors.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

class Counter extends BaseApplication {
  count = 0n;
  override async finalizeBlock(req: FinalizeBlockRequest) {
    this.count += BigInt(req.txs.length);
    return super.finalizeBlock(req);
  }
}

describe('ABCI 2.0 application interface', () => {
  test('BaseApplication answers every method with CometBFT defaults', async () => {
    const app: Application = new Counter();
    expect((await app.checkTx({ tx: utf8('a'), type: CheckTxType.New })).code).toBe(0);
    expect((await app.processProposal(ProcessProposalRequest.create())).status).toBe(ProcessProposalStatus.Accept);
    expect((await app.verifyVoteExtension({ hash: new Uint8Array(), validatorAddress: new Uint8Array(), height: 1n, voteExtension: new Uint8Array() })).status).toBe(
      VerifyVoteExtensionStatus.Accept,
    );
    const prepared = await app.prepareProposal(PrepareProposalRequest.create({ maxTxBytes: 5n, txs: [utf8('abc'), utf8('de'), utf8('f')] }));
    expect(prepared.txs.map((t) => new TextDecoder().decode(t))).toEqual(['abc', 'de']);
    const finalized = await app.finalizeBlock(FinalizeBlockRequest.create({ txs: [utf8('x'), utf8('y')], height: 1n }));
    expect(finalized.txResults.map((r) => r.code)).toEqual([0, 0]);
    expect((app as Counter).count).toBe(2n);
    expect(await app.commit({})).toEqual({ retainHeight: 0n });
    expect((await app.info({ version: '0.38.17', blockVersion: 11n, p2pVersion: 8n, abciVersion: '2.0.0' })).lastBlockHeight).toBe(0n);
    expect((await app.listSnapshots({})).snapshots).toEqual([]);
  });

  test('requests and responses have byte-exact codecs (v0.38 field numbers)', () => {
    const init = InitChainRequest.create({ chainId: 'c', initialHeight: 1n, consensusParams: defaultConsensusParams() });
    expect(InitChainRequest.decode(InitChainRequest.encode(init))).toEqual(init);
    const resp = FinalizeBlockResponse.create({ appHash: utf8('h'), txResults: [{ code: 1, data: utf8('d'), log: '', info: '', gasWanted: 2n, gasUsed: 3n, events: [], codespace: '' }] });
    expect(FinalizeBlockResponse.decode(FinalizeBlockResponse.encode(resp))).toEqual(resp);
    // refetch_chunks is a packed repeated uint32: field 2, one length-delimited run.
    const chunk = ApplySnapshotChunkResponse.create({ result: 1, refetchChunks: [1, 300], rejectSenders: ['p'] });
    expect(hex(ApplySnapshotChunkResponse.encode(chunk))).toBe('0801' + '1203' + '01ac02' + '1a0170');
    expect(ApplySnapshotChunkResponse.decode(ApplySnapshotChunkResponse.encode(chunk))).toEqual(chunk);
    // Unpacked input is accepted too.
    expect(ApplySnapshotChunkResponse.decode(new Uint8Array([0x10, 0x05, 0x10, 0x06])).refetchChunks).toEqual([5, 6]);
  });
});
