import { describe, expect, test } from 'vitest';
import {
  BlockIDFlag,
  CommitSignBytes,
  Vote,
  parseRFC3339,
  proposalSignBytes,
  voteExtensionSignBytes,
  voteSignBytes,
  type BlockID,
} from '../../src/index.js';
import { hasVectors, hex, readVectorJson, unhex } from '../../../../testing/vectors.js';

interface BlockIdJson {
  hash_hex?: string;
  hash_utf8?: string;
  part_set_header: { total: number; hash_hex?: string; hash_utf8?: string };
}

const utf8 = (s: string) => new TextEncoder().encode(s);

function blockIdFrom(json: BlockIdJson | null): BlockID {
  if (json === null) return { hash: new Uint8Array(0), partSetHeader: { total: 0, hash: new Uint8Array(0) } };
  const psh = json.part_set_header;
  return {
    hash: json.hash_hex !== undefined ? unhex(json.hash_hex) : utf8(json.hash_utf8!),
    partSetHeader: { total: psh.total, hash: psh.hash_hex !== undefined ? unhex(psh.hash_hex) : utf8(psh.hash_utf8!) },
  };
}

interface VoteInput {
  chain_id: string;
  type: number;
  height: number;
  round: number;
  block_id: BlockIdJson | null;
  timestamp: string;
  validator_address_hex?: string;
  validator_index?: number;
  extension_utf8?: string;
  extension_signature_utf8?: string;
}

interface VoteVector {
  index?: number;
  name?: string;
  input: VoteInput;
  expected_sign_bytes_hex: string;
  expected_vote_extension_sign_bytes_hex?: string;
  vote_proto_hex_for_reference?: string;
}

interface ProposalVector {
  name: string;
  input: { chain_id: string; height: number; round: number; pol_round: number; block_id: BlockIdJson; timestamp: string; timestamp_seconds?: number; timestamp_nanos?: number };
  expected_sign_bytes_hex: string;
}

function voteFrom(input: VoteInput): Vote {
  return Vote.create({
    type: input.type,
    height: BigInt(input.height),
    round: input.round,
    blockId: blockIdFrom(input.block_id),
    timestamp: parseRFC3339(input.timestamp),
    validatorAddress: input.validator_address_hex ? unhex(input.validator_address_hex) : new Uint8Array(0),
    validatorIndex: input.validator_index ?? 0,
    extension: input.extension_utf8 ? utf8(input.extension_utf8) : new Uint8Array(0),
    extensionSignature: input.extension_signature_utf8 ? utf8(input.extension_signature_utf8) : new Uint8Array(0),
  });
}

describe.skipIf(!hasVectors)('conformance: vote-sign-bytes.json', () => {
  const file: { vectors: VoteVector[]; derived_vectors: VoteVector[] } = hasVectors ? readVectorJson('vote-sign-bytes.json') : { vectors: [], derived_vectors: [] };

  test.each(file.vectors.map((v) => [v.index, v] as const))('upstream vector %i', (_i, v) => {
    const vote = voteFrom(v.input);
    expect(hex(voteSignBytes(v.input.chain_id, vote))).toBe(v.expected_sign_bytes_hex);
  });

  test.each(file.derived_vectors.map((v) => [v.name, v] as const))('derived: %s', (_name, v) => {
    const vote = voteFrom(v.input);
    expect(hex(voteSignBytes(v.input.chain_id, vote))).toBe(v.expected_sign_bytes_hex);
    if (v.expected_vote_extension_sign_bytes_hex) {
      expect(hex(voteExtensionSignBytes(v.input.chain_id, vote))).toBe(v.expected_vote_extension_sign_bytes_hex);
    }
    if (v.vote_proto_hex_for_reference) {
      expect(hex(Vote.encode(vote))).toBe(v.vote_proto_hex_for_reference);
    }
    // The fast commit path gives the same bytes for precommits.
    if (vote.type === 2) {
      const builder = new CommitSignBytes(v.input.chain_id, vote.height, vote.round, vote.blockId);
      const flag = vote.blockId.hash.length === 0 ? BlockIDFlag.Nil : BlockIDFlag.Commit;
      expect(hex(builder.signBytes(flag, vote.timestamp))).toBe(v.expected_sign_bytes_hex);
    }
  });
});

describe.skipIf(!hasVectors)('conformance: proposal-sign-bytes.json', () => {
  const file: { derived_vectors: ProposalVector[] } = hasVectors ? readVectorJson('proposal-sign-bytes.json') : { derived_vectors: [] };

  test.each(file.derived_vectors.map((v) => [v.name, v] as const))('%s', (_name, v) => {
    const input = v.input;
    const timestamp = parseRFC3339(input.timestamp);
    if (input.timestamp_seconds !== undefined) expect(timestamp).toEqual({ seconds: BigInt(input.timestamp_seconds), nanos: input.timestamp_nanos });
    const bytes = proposalSignBytes(input.chain_id, {
      height: BigInt(input.height),
      round: input.round,
      polRound: input.pol_round,
      blockId: blockIdFrom(input.block_id),
      timestamp,
    });
    expect(hex(bytes)).toBe(v.expected_sign_bytes_hex);
  });
});
