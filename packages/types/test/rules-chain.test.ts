import { describe, expect, test } from 'vitest';
import {
  Block,
  ConsensusParams,
  ConsensusParamsUpdate,
  DuplicateVoteEvidence,
  EvidenceList,
  ExecTxResult,
  HashedParams,
  LightBlock,
  LightClientAttackEvidence,
  SignedHeader,
  blockIDKeyBytes,
  defaultConsensusParams,
  deterministicExecTxResult,
  hashedParamsOf,
  type Header,
  type LightBlock as LightBlockT,
  type Vote,
} from '../src/index.js';
import { hex } from '../../../testing/vectors.js';
import { expectRule } from './helpers/expect-rule.js';

const fill = (n: number, b: number) => new Uint8Array(n).fill(b);
const blockId = (b: number) => ({ hash: fill(32, b), partSetHeader: { total: 1, hash: fill(32, b) } });
const time = { seconds: 1_700_000_000n, nanos: 0 };
const vote = (b: number): Vote => ({
  type: 1,
  height: 10n,
  round: 0,
  blockId: blockId(b),
  timestamp: time,
  validatorAddress: fill(20, 7),
  validatorIndex: 0,
  signature: fill(64, 8),
  extension: new Uint8Array(0),
  extensionSignature: new Uint8Array(0),
});
const header: Header = {
  version: { block: 11n, app: 1n },
  chainId: 'test-chain',
  height: 10n,
  time,
  lastBlockId: blockId(3),
  lastCommitHash: fill(32, 1),
  dataHash: fill(32, 2),
  validatorsHash: fill(32, 3),
  nextValidatorsHash: fill(32, 4),
  consensusHash: fill(32, 5),
  appHash: fill(8, 6),
  lastResultsHash: fill(32, 7),
  evidenceHash: fill(32, 8),
  proposerAddress: fill(20, 9),
};
const commit = (height: bigint) => ({
  height,
  round: 0,
  blockId: blockId(4),
  signatures: [{ blockIdFlag: 2, validatorAddress: fill(20, 9), timestamp: time, signature: fill(64, 1) }],
});
const validator = { address: fill(20, 9), pubKey: { case: 'ed25519' as const, value: fill(32, 2) }, votingPower: 10n, proposerPriority: 0n };
const lightBlock: LightBlockT = {
  signedHeader: { header, commit: commit(10n) },
  validatorSet: { validators: [validator], proposer: validator, totalVotingPower: 10n },
};

describe('DuplicateVoteEvidence', () => {
  const dve = { voteA: vote(1), voteB: vote(2), totalVotingPower: 10n, validatorPower: 5n, timestamp: time };
  test('votes must be present, valid and ordered by BlockID key', () => {
    expect(DuplicateVoteEvidence.isValid(dve)).toBe(true);
    expectRule(DuplicateVoteEvidence, { ...dve, voteB: undefined }, 'duplicate vote evidence must have both votes');
    expectRule(DuplicateVoteEvidence, { ...dve, voteA: dve.voteB, voteB: dve.voteA }, 'duplicate votes must be ordered by block id key (vote_a < vote_b)');
    expectRule(DuplicateVoteEvidence, { ...dve, voteB: vote(1) }, 'duplicate votes must be ordered by block id key (vote_a < vote_b)');
    expectRule(DuplicateVoteEvidence, { ...dve, voteA: { ...vote(1), signature: new Uint8Array(0) } }, 'vote signature must be 1..64 bytes');
  });
  test('the key is hash ‖ proto(PartSetHeader)', () => {
    expect(hex(blockIDKeyBytes(blockId(1)))).toBe('01'.repeat(32) + '08011220' + '01'.repeat(32));
  });
});

describe('SignedHeader, LightBlock, LightClientAttackEvidence', () => {
  test('a signed header needs both parts, a block-protocol-11 header and a commit at its height', () => {
    expect(SignedHeader.isValid(lightBlock.signedHeader)).toBe(true);
    expectRule(SignedHeader, { header }, 'signed header must have a commit');
    expectRule(SignedHeader, { commit: commit(10n) }, 'signed header must have a header');
    expectRule(SignedHeader, { header, commit: commit(9n) }, 'signed header commit height must equal the header height');
    expectRule(SignedHeader, { header: { ...header, version: { block: 10n, app: 0n } }, commit: commit(10n) }, 'header block version must be 11');
    expectRule(SignedHeader, { header: { ...header, height: 0n, proposerAddress: new Uint8Array(0) }, commit: commit(0n) }, 'header height must be > 0');
  });
  test('a light block needs a non-empty validator set with a proposer', () => {
    expect(LightBlock.isValid(lightBlock)).toBe(true);
    expectRule(LightBlock, { ...lightBlock, validatorSet: undefined }, 'light block must have a validator set');
    expectRule(LightBlock, { ...lightBlock, validatorSet: { validators: [], totalVotingPower: 0n } }, 'light block validator set must not be empty');
    expectRule(LightBlock, { ...lightBlock, validatorSet: { validators: [validator], totalVotingPower: 10n } }, 'light block validator set must have a proposer');
    expectRule(LightBlock, { ...lightBlock, validatorSet: { validators: [{ ...validator, votingPower: -1n }], proposer: validator, totalVotingPower: 0n } }, 'validator voting power must be >= 0');
  });
  test('attack evidence: power > 0, 0 < common height <= conflicting height', () => {
    const lca = { conflictingBlock: lightBlock, commonHeight: 4n, byzantineValidators: [validator], totalVotingPower: 10n, timestamp: time };
    expect(LightClientAttackEvidence.isValid(lca)).toBe(true);
    expectRule(LightClientAttackEvidence, { ...lca, conflictingBlock: undefined }, 'light client attack evidence must have a conflicting block');
    expectRule(LightClientAttackEvidence, { ...lca, totalVotingPower: 0n }, 'light client attack total voting power must be > 0');
    expectRule(LightClientAttackEvidence, { ...lca, commonHeight: 0n }, 'light client attack common height must be > 0');
    expectRule(LightClientAttackEvidence, { ...lca, commonHeight: 11n }, 'light client attack common height must not exceed the conflicting block height');
    expectRule(LightClientAttackEvidence, { ...lca, conflictingBlock: { validatorSet: lightBlock.validatorSet } }, 'light block must have a signed header');
  });
  test('an unknown evidence kind in a list is a DecodeError', () => {
    expect(() => EvidenceList.decode(Uint8Array.from([0x0a, 0x02, 0x1a, 0x00]))).toThrow('empty or unknown oneof');
  });
});

describe('Block', () => {
  const block = { header, data: { txs: [fill(3, 1)] }, evidence: { evidence: [] }, lastCommit: commit(9n) };
  test('header rules of a block header, and a last commit', () => {
    expect(Block.isValid(block)).toBe(true);
    expectRule(Block, { ...block, lastCommit: undefined }, 'block must have a last commit');
    expectRule(Block, { ...block, header: { ...header, proposerAddress: fill(19, 1) } }, 'header proposer_address must be 20 bytes');
    expectRule(Block, { ...block, header: { ...header, version: { block: 12n, app: 0n } } }, 'header block version must be 11');
    expectRule(Block, { ...block, lastCommit: { ...commit(9n), signatures: [] } }, 'commit at height >= 1 must have signatures');
  });
  test('the first block carries an empty last commit, written as 22 04 1a 02 12 00', () => {
    const first = { ...block, header: { ...header, height: 1n }, lastCommit: { height: 0n, round: 0, blockId: { hash: new Uint8Array(0), partSetHeader: { total: 0, hash: new Uint8Array(0) } }, signatures: [] } };
    expect(hex(Block.encode(first)).endsWith('2204' + '1a021200')).toBe(true);
    expect(Block.decode(Block.encode(first))).toEqual(first);
  });
});

describe('ConsensusParams', () => {
  test('the defaults are valid and encode every group', () => {
    const params = defaultConsensusParams();
    expect(ConsensusParams.validate(params)).toBe(params);
    expect(hex(ConsensusParams.encode(params))).toBe(
      '0a10088080c00a10ffffffffffffffffff01' + '120e08a08d0612040880c60a18808040' + '1a090a0765643235353139' + '2200' + '2a00',
    );
  });
  test('group and cross-group rules', () => {
    const p = defaultConsensusParams();
    expectRule(ConsensusParams, { ...p, block: { maxBytes: 0n, maxGas: -1n } }, 'block.max_bytes must be -1 or 1..104857600');
    expectRule(ConsensusParams, { ...p, block: { maxBytes: 104857601n, maxGas: -1n } }, 'block.max_bytes must be -1 or 1..104857600');
    expectRule(ConsensusParams, { ...p, block: { maxBytes: -1n, maxGas: -2n } }, 'block.max_gas must be >= -1');
    expectRule(ConsensusParams, { ...p, evidence: { ...p.evidence!, maxAgeDuration: 0n } }, 'evidence.max_age_duration must be > 0');
    expectRule(ConsensusParams, { ...p, evidence: { ...p.evidence!, maxAgeNumBlocks: 0n } }, 'evidence.max_age_num_blocks must be > 0');
    expectRule(ConsensusParams, { ...p, evidence: { ...p.evidence!, maxBytes: 22020097n } }, 'evidence.max_bytes must be <= block max bytes');
    expectRule(ConsensusParams, { ...p, validator: { pubKeyTypes: [] } }, 'validator.pub_key_types must not be empty');
    expectRule(ConsensusParams, { ...p, validator: { pubKeyTypes: ['ed25519', 'sr25519'] } }, 'validator.pub_key_types must each be ed25519 or secp256k1');
    expectRule(ConsensusParams, { ...p, abci: { voteExtensionsEnableHeight: -1n } }, 'abci.vote_extensions_enable_height must be >= 0');
    expectRule(ConsensusParams, { ...p, block: undefined }, 'consensus params must have block params');
    // max_bytes -1 means 100 MiB for the evidence bound.
    expect(ConsensusParams.isValid({ ...p, block: { maxBytes: -1n, maxGas: -1n }, evidence: { ...p.evidence!, maxBytes: 104857600n } })).toBe(true);
  });
  test('an update may leave groups out; version and abci may be absent in full params', () => {
    expect(ConsensusParamsUpdate.isValid({ block: { maxBytes: 1000n, maxGas: 5n } })).toBe(true);
    const p = defaultConsensusParams();
    expect(ConsensusParams.isValid({ ...p, version: undefined, abci: undefined })).toBe(true);
  });
  test('HashedParams carries block max bytes and gas', () => {
    const hashed = hashedParamsOf(defaultConsensusParams());
    expect(hex(HashedParams.encode(hashed))).toBe('088080c00a10ffffffffffffffffff01');
  });
});

describe('ExecTxResult', () => {
  test('the deterministic form keeps code, data, gas_wanted and gas_used only', () => {
    const full = {
      code: 3,
      data: fill(2, 1),
      log: 'log',
      info: 'info',
      gasWanted: 10n,
      gasUsed: 7n,
      events: [{ type: 'tx', attributes: [{ key: 'k', value: 'v', index: true }] }],
      codespace: 'app',
    };
    expect(hex(ExecTxResult.encode(deterministicExecTxResult(full)))).toBe('0803' + '12020101' + '280a' + '3007');
    expect(ExecTxResult.decode(ExecTxResult.encode(full))).toEqual(full);
  });
});
