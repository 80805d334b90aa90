import { describe, expect, test } from 'vitest';
import {
  CommitSig,
  DuplicateVoteEvidence,
  ExecTxResult,
  HashedParams,
  commitHash,
  consensusParamsHash,
  dataHash,
  defaultConsensusParams,
  emptyHash,
  evidenceHash,
  lastResultsHash,
  leafHash,
  merkleRoot,
  sha256,
  txHash,
  goZeroTime,
  Vote,
} from '../../src/index.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('block hashes', () => {
  test('data hash: merkle over sha256 of each tx; empty → sha256("")', () => {
    const txs = [utf8('a=1'), utf8('b=2')];
    expect(dataHash(txs)).toEqual(merkleRoot(txs.map(txHash)));
    expect(dataHash([utf8('x')])).toEqual(leafHash(sha256(utf8('x'))));
    expect(dataHash([])).toEqual(emptyHash());
  });

  test('commit hash: merkle over proto(CommitSig)', () => {
    const sig = { blockIdFlag: 2, validatorAddress: new Uint8Array(20).fill(1), timestamp: goZeroTime(), signature: new Uint8Array(64).fill(2) };
    const absent = { blockIdFlag: 1, validatorAddress: new Uint8Array(0), timestamp: goZeroTime(), signature: new Uint8Array(0) };
    expect(commitHash({ signatures: [sig, absent] })).toEqual(merkleRoot([CommitSig.encode(sig), CommitSig.encode(absent)]));
  });

  test('consensus hash: sha256 of HashedParams only (not a merkle root)', () => {
    const params = defaultConsensusParams();
    expect(consensusParamsHash(params)).toEqual(sha256(HashedParams.encode({ blockMaxBytes: 22020096n, blockMaxGas: -1n })));
    // Changing anything but block max bytes/gas leaves the hash alone.
    expect(consensusParamsHash({ ...params, evidence: { ...params.evidence!, maxBytes: 5n } })).toEqual(consensusParamsHash(params));
  });

  test('results hash uses only code, data, gas_wanted and gas_used', () => {
    const r = ExecTxResult.create({ code: 3, data: utf8('d'), log: 'noise', info: 'more', gasWanted: 10n, gasUsed: 7n, codespace: 'x', events: [{ type: 't', attributes: [] }] });
    const plain = ExecTxResult.create({ code: 3, data: utf8('d'), gasWanted: 10n, gasUsed: 7n });
    expect(lastResultsHash([r])).toEqual(lastResultsHash([plain]));
    expect(lastResultsHash([r])).toEqual(merkleRoot([ExecTxResult.encode(plain)]));
    expect(lastResultsHash([ExecTxResult.create(), ExecTxResult.create()])).toEqual(merkleRoot([new Uint8Array(0), new Uint8Array(0)]));
  });

  test('evidence hash: merkle over the evidence proto itself, not the oneof wrapper', () => {
    const vote = (tag: string) =>
      Vote.create({
        type: 1,
        height: 3n,
        blockId: { hash: sha256(utf8(tag)), partSetHeader: { total: 1, hash: sha256(utf8(`p${tag}`)) } },
        validatorAddress: new Uint8Array(20),
        signature: new Uint8Array(64),
      });
    const [a, b] = [vote('a'), vote('b')].sort((x, y) => Buffer.compare(x.blockId.hash, y.blockId.hash));
    const ev = DuplicateVoteEvidence.create({ voteA: a, voteB: b, totalVotingPower: 10n, validatorPower: 1n });
    expect(evidenceHash([{ case: 'duplicateVoteEvidence', value: ev }])).toEqual(merkleRoot([DuplicateVoteEvidence.encode(ev)]));
    expect(evidenceHash([])).toEqual(emptyHash());
  });
});
