import { beforeAll, describe, expect, it } from 'vitest';
import {
  BlockIDFlag,
  SignedMsgType,
  Vote,
  addNanos,
  commitHash,
  dataHash,
  defaultConsensusParams,
  evidenceHash,
  goZeroTime,
  type Block,
  type Evidence,
} from '@cometts/types';
import type { State } from '../../src/index.js';
import { TestChain, signCommit } from './chain.js';

const h32 = (n: number) => new Uint8Array(32).fill(n);

/** Recomputes the content hashes after a test changed the block's contents. */
function rehash(b: Block): Block {
  return {
    ...b,
    header: {
      ...b.header,
      lastCommitHash: commitHash(b.lastCommit!),
      dataHash: dataHash(b.data.txs),
      evidenceHash: evidenceHash(b.evidence.evidence),
    },
  };
}

function duplicateVote(chain: TestChain): Evidence {
  const val = chain.state.validators.validators[0]!;
  const vote = (n: number) =>
    Vote.create({
      type: SignedMsgType.Prevote,
      height: 1n,
      round: 0,
      blockId: { hash: h32(n), partSetHeader: { total: 1, hash: h32(n) } },
      timestamp: { seconds: 1n, nanos: 0 },
      validatorAddress: val.address,
      validatorIndex: 0,
      signature: new Uint8Array(64).fill(n),
    });
  return {
    case: 'duplicateVoteEvidence',
    value: { voteA: vote(1), voteB: vote(2), totalVotingPower: 40n, validatorPower: 10n, timestamp: { seconds: 1n, nanos: 0 } },
  };
}

describe('validateBlock: every check of §14', () => {
  let chain: TestChain;
  let good: Block;
  let state: State;
  beforeAll(async () => {
    chain = await TestChain.start([1, 2, 3, 4]);
    await chain.commit(['a=1']);
    chain.txs.add(Buffer.from('b=2'));
    good = await chain.propose();
    state = chain.state;
  });

  const expectInvalid = async (block: Block, reason: RegExp, s: State = state) => {
    const verdict = await chain.executor.validateBlock(s, block);
    expect(verdict.valid).toBe(false);
    expect(verdict.valid ? '' : verdict.reason).toMatch(reason);
  };
  const withHeader = (patch: Partial<Block['header']>): Block => ({ ...good, header: { ...good.header, ...patch } });

  it('accepts the well-formed proposal', async () => {
    expect(await chain.executor.validateBlock(state, good)).toEqual({ valid: true });
  });

  it.each([
    ['block protocol', { version: { block: 10n, app: 1n } }, /block protocol|version/],
    ['app version', { version: { block: 11n, app: 2n } }, /wrong block version/],
    ['chain id', { chainId: 'other' }, /wrong chain_id/],
    ['height', { height: 3n }, /wrong height/],
    ['last block id', { lastBlockId: { hash: h32(9), partSetHeader: { total: 1, hash: h32(9) } } }, /wrong last_block_id/],
    ['app hash', { appHash: h32(1) }, /wrong app_hash/],
    ['consensus hash', { consensusHash: h32(1) }, /wrong consensus_hash/],
    ['last results hash', { lastResultsHash: h32(1) }, /wrong last_results_hash/],
    ['validators hash', { validatorsHash: h32(1) }, /wrong validators_hash/],
    ['next validators hash', { nextValidatorsHash: h32(1) }, /wrong next_validators_hash/],
    ['last commit hash', { lastCommitHash: h32(1) }, /wrong last_commit_hash/],
    ['data hash', { dataHash: h32(1) }, /wrong data_hash/],
    ['evidence hash', { evidenceHash: h32(1) }, /wrong evidence_hash/],
    ['proposer not a validator', { proposerAddress: new Uint8Array(20).fill(7) }, /is not a validator/],
    ['proposer address length', { proposerAddress: new Uint8Array(19) }, /proposer_address must be 20 bytes/],
  ] as const)('rejects a wrong %s', async (_name, patch, reason) => {
    await expectInvalid(withHeader(patch as Partial<Block['header']>), reason);
  });

  it('rejects a time that is not the median of the last commit', async () => {
    await expectInvalid(withHeader({ time: addNanos(good.header.time, 1n) }), /not the median/);
  });

  it('rejects a block whose time is not after the last block time', async () => {
    await expectInvalid(good, /not after the last block time/, { ...state, lastBlockTime: addNanos(good.header.time, 1n) });
  });

  it('rejects txs that do not match the data hash', async () => {
    await expectInvalid({ ...good, data: { txs: [...good.data.txs, Buffer.from('c=3')] } }, /wrong data_hash/);
  });

  it('rejects a last commit with a bad signature, wrong size, wrong block or too little power', async () => {
    const commit = good.lastCommit!;
    const badSig = commit.signatures.map((s, i) => (i === 1 ? { ...s, signature: new Uint8Array(64).fill(3) } : s));
    await expectInvalid(rehash({ ...good, lastCommit: { ...commit, signatures: badSig } }), /invalid last commit.*WRONG_SIGNATURE/);
    await expectInvalid(rehash({ ...good, lastCommit: { ...commit, signatures: commit.signatures.slice(1) } }), /WRONG_SIGNATURE_COUNT/);
    const otherBlock = { hash: h32(5), partSetHeader: { total: 1, hash: h32(6) } };
    const forOther = signCommit({ ...state, validators: state.lastValidators }, 1n, otherBlock, state.lastBlockTime, chain.keys);
    const otherCommit = { height: 1n, round: 0, blockId: otherBlock, signatures: forOther.extendedSignatures.map(({ extension: _e, extensionSignature: _x, ...s }) => s) };
    await expectInvalid(rehash({ ...good, lastCommit: otherCommit }), /WRONG_BLOCK_ID/);
    const absent = { blockIdFlag: BlockIDFlag.Absent, validatorAddress: new Uint8Array(0), timestamp: goZeroTime(), signature: new Uint8Array(0) };
    const weak = commit.signatures.map((s, i) => (i < 2 ? absent : s));
    await expectInvalid(rehash({ ...good, lastCommit: { ...commit, signatures: weak } }), /insufficient voting power/);
  });

  it('rejects evidence it cannot verify, duplicate evidence and evidence over the byte limit', async () => {
    const ev = duplicateVote(chain);
    await expectInvalid(rehash({ ...good, evidence: { evidence: [ev] } }), /cannot be verified without an evidence pool/);
    await expectInvalid(rehash({ ...good, evidence: { evidence: [ev, ev] } }), /duplicate evidence/);
    const tight = { ...state.consensusParams, evidence: { ...state.consensusParams.evidence!, maxBytes: 10n } };
    await expectInvalid(rehash({ ...good, evidence: { evidence: [ev] } }), /more than the maximum 10/, { ...state, consensusParams: tight });
  });

  it('rejects what ProcessProposal rejects (an invalid kvstore tx)', async () => {
    await expectInvalid(rehash({ ...good, data: { txs: [Buffer.from('no separator')] } }), /application rejected/);
  });

  it('rejects malformed blocks (ValidateBasic)', async () => {
    await expectInvalid({ ...good, lastCommit: undefined }, /must have a last commit/);
    const badSig = { ...good.lastCommit!.signatures[0]!, blockIdFlag: 7 };
    await expectInvalid(rehash({ ...good, lastCommit: { ...good.lastCommit!, signatures: [badSig] } }), /flag must be absent, commit or nil/);
  });
});

describe('validateBlock at the initial height', () => {
  it('requires the genesis time and an empty last commit', async () => {
    const chain = await TestChain.start([1, 2]);
    const first = await chain.propose();
    expect(await chain.executor.validateBlock(chain.state, first)).toEqual({ valid: true });
    const late = { ...first, header: { ...first.header, time: addNanos(first.header.time, 1n) } };
    expect(await chain.executor.validateBlock(chain.state, late)).toMatchObject({ valid: false, reason: /initial block time/ });
    const fake = signCommit(chain.state, 1n, { hash: h32(1), partSetHeader: { total: 1, hash: h32(2) } }, chain.state.lastBlockTime, chain.keys);
    const withSigs = rehash({
      ...first,
      lastCommit: { height: 1n, round: 0, blockId: fake.blockId, signatures: fake.extendedSignatures.map(({ extension: _e, extensionSignature: _x, ...s }) => s) },
    });
    expect(await chain.executor.validateBlock(chain.state, withSigs)).toMatchObject({ valid: false, reason: /can't have last commit signatures/ });
    expect(defaultConsensusParams().block!.maxBytes).toBe(22020096n);
  });
});
