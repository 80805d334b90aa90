import { describe, expect, test } from 'vitest';
import {
  BlocksyncMessage,
  ConsensusMessage,
  ConsensusMessageV1,
  DecodeError,
  EvidenceList,
  MempoolMessage,
  StatesyncMessage,
  ValidationError,
  type MessageType,
} from '../../src/index.js';
import { hasVectors, hex, readVectorJson, unhex } from '../../../../testing/vectors.js';
import { fromVectorJson, resolveDescribedHeader } from '../helpers/vector-json.js';

interface Vector {
  name: string;
  input: Record<string, unknown>;
  expected_hex: string;
}

/** Each channel's wrapper; evidence's input names the EvidenceList itself. */
const groups: [group: string, type: MessageType<unknown>, unwrap?: string][] = [
  ['consensus', ConsensusMessage as MessageType<unknown>],
  ['consensus_derived', ConsensusMessageV1 as MessageType<unknown>],
  ['mempool', MempoolMessage as MessageType<unknown>],
  ['evidence', EvidenceList as MessageType<unknown>, 'evidence_list'],
  ['statesync', StatesyncMessage as MessageType<unknown>],
  ['blocksync', BlocksyncMessage as MessageType<unknown>],
];

/**
 * Upstream builds its vectors without ValidateBasic, so some are not valid
 * messages: a node must reject them when a peer sends them. Every other
 * vector must pass validation.
 */
const invalid: Record<string, string> = {
  'consensus/NewRoundStep Max': 'new round step step must be 1..8',
  'consensus/ProposalPol': 'proposal pol bit array must not be empty',
  'consensus/Vote_without_ext': 'vote signature must be 1..64 bytes',
  'consensus/Vote_with_ext': 'vote signature must be 1..64 bytes',
  'evidence/DuplicateVoteEvidence': 'vote signature must be 1..64 bytes',
  'blocksync/BlockResponse': 'header proposer_address must be 20 bytes',
  'blocksync/StatusResponse': 'status response base must be <= height',
};

/** The blocksync vector's header is described in words; make it plain JSON. */
function prepareInput(v: Vector): unknown {
  const response = v.input.block_response as { block: { header: Record<string, unknown> } } | undefined;
  if (response === undefined) return v.input;
  return { block_response: { ...response, block: { ...response.block, header: resolveDescribedHeader(response.block.header) } } };
}

describe.skipIf(!hasVectors)('conformance: reactor-messages.json', () => {
  const file = hasVectors ? readVectorJson('reactor-messages.json') : {};

  describe.each(groups)('%s', (group, type, unwrap) => {
    const vectors = (file[group] ?? []) as Vector[];
    test.each(vectors.map((v) => [v.name, v] as const))('%s', (name, v) => {
      const bytes = unhex(v.expected_hex);
      // Byte-exact decode → encode.
      const decoded = type.decodeUnvalidated(bytes);
      expect(hex(type.encode(decoded))).toBe(v.expected_hex);
      // Built from the JSON input, the message encodes to the same bytes.
      const input = prepareInput(v);
      const built = fromVectorJson(type.schema, unwrap ? (input as Record<string, unknown>)[unwrap] : input);
      expect(hex(type.encode(built))).toBe(v.expected_hex);
      expect(decoded).toEqual(built);
      // Validation: what a node does when a peer sends these bytes.
      const rule = invalid[`${group}/${name}`];
      if (rule === undefined) {
        expect(type.decode(bytes)).toEqual(decoded);
      } else {
        expect(() => type.decode(bytes)).toThrow(ValidationError);
        expect(() => type.decode(bytes)).toThrow(rule);
        try {
          type.decode(bytes);
        } catch (e) {
          expect((e as ValidationError).rule).toBe(rule);
        }
      }
    });
  });

  test('every vector group is covered', () => {
    const known = new Set(groups.map(([g]) => g));
    const present = Object.keys(file).filter((k) => Array.isArray(file[k]));
    expect(present.filter((k) => !known.has(k))).toEqual([]);
  });

  test('a v0.38 node rejects v1 HasProposalBlockPart as an empty oneof', () => {
    for (const v of file.consensus_derived as Vector[]) {
      const bytes = unhex(v.expected_hex);
      expect(() => ConsensusMessage.decode(bytes)).toThrow(DecodeError);
      expect(() => ConsensusMessage.decode(bytes)).toThrow('empty or unknown oneof');
      expect(ConsensusMessageV1.decode(bytes).case).toBe('hasProposalBlockPart');
    }
  });

  test('every v0.38 consensus vector also decodes the same way as v1', () => {
    for (const v of file.consensus as Vector[]) {
      const bytes = unhex(v.expected_hex);
      expect(ConsensusMessageV1.decodeUnvalidated(bytes)).toEqual(ConsensusMessage.decodeUnvalidated(bytes));
    }
  });
});
