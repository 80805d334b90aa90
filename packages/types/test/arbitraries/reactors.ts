/** Valid arbitraries for every reactor message and channel wrapper. */
import fc from 'fast-check';
import { RoundStepType, SignedMsgType } from '../../src/index.js';
import { block } from './chain.js';
import {
  bitArray,
  bitArrayOf,
  blockID,
  bytes,
  extendedCommit,
  int32,
  int64,
  nonEmptyBytes,
  nonNegInt32,
  nonNegInt64,
  part,
  partSetHeader,
  posInt64,
  proposal,
  text,
  uint32,
  vote,
} from './core.js';

const voteType = () => fc.constantFrom(SignedMsgType.Prevote, SignedMsgType.Precommit);

export const newRoundStep = () =>
  fc.record({
    height: nonNegInt64(),
    round: nonNegInt32(),
    step: fc.integer({ min: RoundStepType.NewHeight, max: RoundStepType.Commit }),
    secondsSinceStartTime: int64(),
    lastCommitRound: fc.integer({ min: -1, max: 2 ** 31 - 1 }),
  });

export const newValidBlock = () =>
  fc.integer({ min: 1, max: 1601 }).chain((total) =>
    fc.record({
      height: nonNegInt64(),
      round: nonNegInt32(),
      blockPartSetHeader: partSetHeader().map((psh) => ({ ...psh, total })),
      blockParts: bitArrayOf(total),
      isCommit: fc.boolean(),
    }),
  );

export const proposalMessage = () => fc.record({ proposal: proposal() });
export const proposalPOL = () => fc.record({ height: nonNegInt64(), proposalPolRound: nonNegInt32(), proposalPol: bitArray(1, 10000) });
export const blockPart = () => fc.record({ height: nonNegInt64(), round: nonNegInt32(), part: part() });
export const voteMessage = () => fc.record({ vote: vote() });
export const hasVote = () => fc.record({ height: nonNegInt64(), round: nonNegInt32(), type: voteType(), index: nonNegInt32() });
export const voteSetMaj23 = () => fc.record({ height: nonNegInt64(), round: nonNegInt32(), type: voteType(), blockId: blockID() });
export const voteSetBits = () =>
  fc.record({ height: nonNegInt64(), round: int32(), type: voteType(), blockId: blockID(), votes: bitArray(0, 10000) });
export const hasProposalBlockPart = () => fc.record({ height: posInt64(), round: nonNegInt32(), index: nonNegInt32() });

const consensusCases = {
  newRoundStep,
  newValidBlock,
  proposal: proposalMessage,
  proposalPol: proposalPOL,
  blockPart,
  vote: voteMessage,
  hasVote,
  voteSetMaj23,
  voteSetBits,
};
const cases = <C extends string, V>(name: C, arb: fc.Arbitrary<V>) => arb.map((value) => ({ case: name, value }));

export const consensusMessage = () => fc.oneof(...Object.entries(consensusCases).map(([name, arb]) => cases(name, arb() as fc.Arbitrary<unknown>)));
export const consensusMessageV1 = () => fc.oneof(consensusMessage(), cases('hasProposalBlockPart', hasProposalBlockPart()));

export const txs = () => fc.record({ txs: fc.array(nonEmptyBytes(64), { minLength: 1, maxLength: 4 }) });
export const mempoolMessage = () => cases('txs', txs());

export const snapshotsResponse = () =>
  fc.record({ height: fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }), format: uint32(), chunks: fc.integer({ min: 1, max: 2 ** 32 - 1 }), hash: nonEmptyBytes(32), metadata: bytes() });
export const chunkRequest = () => fc.record({ height: fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }), format: uint32(), index: uint32() });
export const chunkResponse = () =>
  fc.record({ request: chunkRequest(), missing: fc.boolean(), chunk: bytes(), emptyMissing: fc.option(fc.constant(new Uint8Array(0)), { nil: undefined }) }).map(
    ({ request, missing, chunk, emptyMissing }) => ({ ...request, missing, chunk: missing ? emptyMissing : chunk }),
  );
export const statesyncMessage = () =>
  fc.oneof(
    cases('snapshotsRequest', fc.constant({})),
    cases('snapshotsResponse', snapshotsResponse()),
    cases('chunkRequest', chunkRequest()),
    cases('chunkResponse', chunkResponse()),
  );

export const blockRequest = () => fc.record({ height: nonNegInt64() });
export const blockResponse = () => fc.record({ block: block(), extCommit: fc.option(extendedCommit(), { nil: undefined }) });
export const statusResponse = () =>
  fc.tuple(nonNegInt64(), nonNegInt64()).map(([a, b]) => (a <= b ? { base: a, height: b } : { base: b, height: a }));
export const blocksyncMessage = () =>
  fc.oneof(
    cases('blockRequest', blockRequest()),
    cases('noBlockResponse', blockRequest()),
    cases('blockResponse', blockResponse()),
    cases('statusRequest', fc.constant({})),
    cases('statusResponse', statusResponse()),
  );

export const netAddress = () =>
  fc.record({ id: text(40), ip: fc.oneof(fc.ipV4(), fc.ipV6()), port: fc.integer({ min: 0, max: 65535 }) });
export const pexAddrs = () => fc.record({ addrs: fc.array(netAddress(), { maxLength: 5 }) });
export const pexMessage = () => fc.oneof(cases('pexRequest', fc.constant({})), cases('pexAddrs', pexAddrs()));
