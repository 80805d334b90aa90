// Real blocks and commits from a CometBFT v0.38.25 network (rpc-v0.38.25/):
// every header hash, the part-set hash and the commit signatures must be
// reproduced exactly.
import { describe, expect, test } from 'vitest';
import {
  Block,
  PartSet,
  Validator,
  ValidatorSet,
  commitHash,
  consensusParamsHash,
  dataHash,
  evidenceHash,
  headerHash,
  lastResultsHash,
  parseCmtJsonTime,
  pubKeyFromJson,
  verifyCommit,
  verifyCommitLight,
  verifyCommitLightTrusting,
  type BlockID,
  type Commit,
  type ConsensusParams,
  type Header,
} from '../../src/index.js';
import { hasVectors, hex, readVectorJson, unhex } from '../../../../testing/vectors.js';

interface BlockIdJson {
  hash: string;
  parts: { total: number; hash: string };
}
interface HeaderJson {
  version: { block: string; app: string };
  chain_id: string;
  height: string;
  time: string;
  last_block_id: BlockIdJson;
  last_commit_hash: string;
  data_hash: string;
  validators_hash: string;
  next_validators_hash: string;
  consensus_hash: string;
  app_hash: string;
  last_results_hash: string;
  evidence_hash: string;
  proposer_address: string;
}
interface CommitJson {
  height: string;
  round: number;
  block_id: BlockIdJson;
  signatures: { block_id_flag: number; validator_address: string | null; timestamp: string; signature: string | null }[];
}
interface ParamsJson {
  block: { max_bytes: string; max_gas: string };
  evidence: { max_age_num_blocks: string; max_age_duration: string; max_bytes: string };
  validator: { pub_key_types: string[] };
  version: { app: string };
  abci: { vote_extensions_enable_height: string };
}
interface GenesisJson {
  consensus_params: ParamsJson;
  validators: { pub_key: unknown; power: string }[];
}

const b64 = (s: string | null) => new Uint8Array(Buffer.from(s ?? '', 'base64'));

function blockIdFrom(j: BlockIdJson): BlockID {
  return { hash: unhex(j.hash), partSetHeader: { total: j.parts.total, hash: unhex(j.parts.hash) } };
}

function headerFrom(j: HeaderJson): Header {
  return {
    version: { block: BigInt(j.version.block), app: BigInt(j.version.app) },
    chainId: j.chain_id,
    height: BigInt(j.height),
    time: parseCmtJsonTime(j.time),
    lastBlockId: blockIdFrom(j.last_block_id),
    lastCommitHash: unhex(j.last_commit_hash),
    dataHash: unhex(j.data_hash),
    validatorsHash: unhex(j.validators_hash),
    nextValidatorsHash: unhex(j.next_validators_hash),
    consensusHash: unhex(j.consensus_hash),
    appHash: unhex(j.app_hash),
    lastResultsHash: unhex(j.last_results_hash),
    evidenceHash: unhex(j.evidence_hash),
    proposerAddress: unhex(j.proposer_address),
  };
}

function commitFrom(j: CommitJson): Commit {
  return {
    height: BigInt(j.height),
    round: j.round,
    blockId: blockIdFrom(j.block_id),
    signatures: j.signatures.map((s) => ({
      blockIdFlag: s.block_id_flag,
      validatorAddress: unhex(s.validator_address ?? ''),
      timestamp: parseCmtJsonTime(s.timestamp),
      signature: b64(s.signature),
    })),
  };
}

function paramsFrom(j: ParamsJson): ConsensusParams {
  return {
    block: { maxBytes: BigInt(j.block.max_bytes), maxGas: BigInt(j.block.max_gas) },
    evidence: {
      maxAgeNumBlocks: BigInt(j.evidence.max_age_num_blocks),
      maxAgeDuration: BigInt(j.evidence.max_age_duration),
      maxBytes: BigInt(j.evidence.max_bytes),
    },
    validator: { pubKeyTypes: j.validator.pub_key_types },
    version: { app: BigInt(j.version.app) },
    abci: { voteExtensionsEnableHeight: BigInt(j.abci.vote_extensions_enable_height) },
  };
}

const upper = (b: Uint8Array) => hex(b).toUpperCase();

describe.skipIf(!hasVectors)('conformance: rpc-v0.38.25 blocks and commits', () => {
  const genesis: GenesisJson = hasVectors ? readVectorJson('rpc-v0.38.25/genesis.json').result.genesis : { consensus_params: {} as ParamsJson, validators: [] };
  const vals = () =>
    new ValidatorSet(
      genesis.validators.map((v, i) => Validator.create(pubKeyFromJson(v.pub_key, 'genesis.json', `validators[${i}].pub_key`), BigInt(v.power))),
    );

  test.each(['block_height_2.json', 'block_with_txs.json'])('%s: every header hash and the block ID', (name) => {
    const { block_id, block } = readVectorJson(`rpc-v0.38.25/${name}`).result;
    const header = headerFrom(block.header);
    const txs = block.data.txs.map(b64);
    const lastCommit = commitFrom(block.last_commit);
    expect(upper(vals().hash())).toBe(block.header.validators_hash);
    expect(upper(consensusParamsHash(paramsFrom(genesis.consensus_params)))).toBe(block.header.consensus_hash);
    expect(upper(dataHash(txs))).toBe(block.header.data_hash);
    expect(upper(commitHash(lastCommit))).toBe(block.header.last_commit_hash);
    expect(upper(evidenceHash([]))).toBe(block.header.evidence_hash);
    expect(upper(lastResultsHash([]))).toBe(block.header.last_results_hash);
    expect(upper(headerHash(header)!)).toBe(block_id.hash);

    // proto(Block) split into parts gives the part-set header of the block ID.
    const bytes = Block.encode({ header, data: { txs }, evidence: { evidence: [] }, lastCommit });
    const parts = PartSet.fromData(bytes);
    expect(parts.total).toBe(block_id.parts.total);
    expect(upper(parts.hash)).toBe(block_id.parts.hash);

    // The last commit is a valid commit of the previous block by the genesis set.
    verifyCommit(header.chainId, vals(), header.lastBlockId, header.height - 1n, lastCommit);
  });

  test('commit_height_2.json verifies with verifyCommit, Light and LightTrusting', () => {
    const { signed_header } = readVectorJson('rpc-v0.38.25/commit_height_2.json').result;
    const header = headerFrom(signed_header.header);
    const commit = commitFrom(signed_header.commit);
    const id = commit.blockId;
    expect(upper(headerHash(header)!)).toBe(upper(id.hash));
    verifyCommit(header.chainId, vals(), id, 2n, commit);
    verifyCommitLight(header.chainId, vals(), id, 2n, commit);
    verifyCommitLightTrusting(header.chainId, vals(), commit, { numerator: 1n, denominator: 3n });
    // One changed bit in the signature makes it fail.
    commit.signatures[0]!.signature[5]! ^= 1;
    expect(() => verifyCommit(header.chainId, vals(), id, 2n, commit)).toThrow(/wrong signature/);
  });
});
