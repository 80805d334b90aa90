import { describe, expect, test } from 'vitest';
import { Header, headerHash, headerLeaves, parseRFC3339, sha256 } from '../../src/index.js';
import { hasVectors, hex, readVectorJson, unhex } from '../../../../testing/vectors.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const shaOf = (s: string) => sha256(utf8(s));

describe.skipIf(!hasVectors)('conformance: header-hash.json', () => {
  const file = hasVectors ? readVectorJson('header-hash.json') : undefined;

  const header = (): Header => {
    const input = file.input;
    return Header.create({
      version: { block: BigInt(input.version.block), app: BigInt(input.version.app) },
      chainId: input.chain_id,
      height: BigInt(input.height),
      time: parseRFC3339(input.time),
      lastBlockId: {
        hash: unhex(input.last_block_id.hash_hex),
        partSetHeader: { total: input.last_block_id.part_set_header.total, hash: unhex(input.last_block_id.part_set_header.hash_hex) },
      },
      lastCommitHash: shaOf('last_commit_hash'),
      dataHash: shaOf('data_hash'),
      validatorsHash: shaOf('validators_hash'),
      nextValidatorsHash: shaOf('next_validators_hash'),
      consensusHash: shaOf('consensus_hash'),
      appHash: shaOf('app_hash'),
      lastResultsHash: shaOf('last_results_hash'),
      evidenceHash: shaOf('evidence_hash'),
      proposerAddress: shaOf('proposer_address').slice(0, 20),
    });
  };

  test('every derived leaf encoding', () => {
    const leaves = headerLeaves(header());
    expect(leaves).toHaveLength(14);
    file.derived_leaf_encodings.forEach((leaf: { field: string; leaf_bytes_hex: string }, i: number) => {
      expect([leaf.field, hex(leaves[i]!)]).toEqual([leaf.field, leaf.leaf_bytes_hex]);
    });
  });

  test('header hash', () => {
    expect(hex(headerHash(header())!).toUpperCase()).toBe(file.expected_hash_hex);
  });

  test('a header without validators_hash has no hash', () => {
    expect(headerHash({ ...header(), validatorsHash: new Uint8Array(0) })).toBeUndefined();
  });
});
