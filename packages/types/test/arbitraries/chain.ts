/**
 * Valid arbitraries for the chain-level messages: SignedHeader, LightBlock,
 * evidence, Block, consensus params, ABCI results, node info.
 */
import fc from 'fast-check';
import {
  blockIDKeyBytes,
  type Block,
  type ConsensusParams,
  type DuplicateVoteEvidence,
  type Evidence,
  type LightBlock,
  type LightClientAttackEvidence,
  type SignedHeader,
  type Vote,
} from '../../src/index.js';
import {
  INT64_MAX,
  blockHeader,
  bytes,
  commitAt,
  completeBlockID,
  int64,
  posInt64,
  text,
  timestamp,
  uint64,
  validator,
  validatorSet,
  vote,
} from './core.js';

export const signedHeader = (): fc.Arbitrary<SignedHeader> =>
  blockHeader(fc.bigInt({ min: 1n, max: 1000n })).chain((header) => commitAt(header.height).map((commit) => ({ header, commit })));

export const lightBlock = (): fc.Arbitrary<LightBlock> =>
  fc.record({
    signedHeader: signedHeader(),
    validatorSet: fc.record({ set: validatorSet(1), proposer: validator() }).map(({ set, proposer }) => ({ ...set, proposer })),
  });

const lessThan = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) < 0;

/** Two valid votes for different complete blocks, ordered by BlockID key. */
export const duplicateVoteEvidence = (): fc.Arbitrary<DuplicateVoteEvidence> =>
  fc
    .record({
      a: vote(),
      b: vote(),
      idA: completeBlockID(),
      idB: completeBlockID(),
      totalVotingPower: int64(),
      validatorPower: int64(),
      timestamp: timestamp(),
    })
    .filter(({ idA, idB }) => Buffer.compare(blockIDKeyBytes(idA), blockIDKeyBytes(idB)) !== 0)
    .map(({ a, b, idA, idB, ...rest }) => {
      const [first, second] = lessThan(blockIDKeyBytes(idA), blockIDKeyBytes(idB)) ? [idA, idB] : [idB, idA];
      // Complete block IDs keep the vote rules: drop extensions a prevote may not carry.
      const withId = (v: Vote, blockId: typeof idA): Vote =>
        v.type === 2 ? { ...v, blockId } : { ...v, blockId, extension: new Uint8Array(0), extensionSignature: new Uint8Array(0) };
      return { voteA: withId(a, first), voteB: withId(b, second), ...rest };
    });

export const lightClientAttackEvidence = (): fc.Arbitrary<LightClientAttackEvidence> =>
  lightBlock().chain((conflictingBlock) =>
    fc.record({
      conflictingBlock: fc.constant(conflictingBlock),
      commonHeight: fc.bigInt({ min: 1n, max: conflictingBlock.signedHeader!.header!.height }),
      byzantineValidators: fc.array(validator(), { maxLength: 2 }),
      totalVotingPower: posInt64(),
      timestamp: timestamp(),
    }),
  );

export const evidence = (): fc.Arbitrary<Evidence> =>
  fc.oneof(
    duplicateVoteEvidence().map((value) => ({ case: 'duplicateVoteEvidence' as const, value })),
    lightClientAttackEvidence().map((value) => ({ case: 'lightClientAttackEvidence' as const, value })),
  );

export const evidenceList = () => fc.record({ evidence: fc.array(evidence(), { maxLength: 2 }) });

export const block = (): fc.Arbitrary<Block> =>
  blockHeader(fc.bigInt({ min: 1n, max: 10000n })).chain((header) =>
    fc.record({
      header: fc.constant(header),
      data: fc.record({ txs: fc.array(bytes(30), { maxLength: 4 }) }),
      evidence: evidenceList(),
      lastCommit: commitAt(header.height - 1n),
    }),
  );

const MAX_BLOCK = 104857600n;
export const blockParams = () =>
  fc.record({ maxBytes: fc.oneof(fc.constant(-1n), fc.bigInt({ min: 1n, max: MAX_BLOCK })), maxGas: fc.bigInt({ min: -1n, max: INT64_MAX }) });
export const evidenceParams = (maxBytes = MAX_BLOCK) =>
  fc.record({ maxAgeNumBlocks: posInt64(), maxAgeDuration: posInt64(), maxBytes: fc.bigInt({ min: 0n, max: maxBytes }) });
export const validatorParams = () =>
  fc.record({ pubKeyTypes: fc.array(fc.constantFrom('ed25519', 'secp256k1'), { minLength: 1, maxLength: 3 }) });
export const versionParams = () => fc.record({ app: uint64() });
export const abciParams = () => fc.record({ voteExtensionsEnableHeight: fc.bigInt({ min: 0n, max: INT64_MAX }) });

export const consensusParams = (): fc.Arbitrary<ConsensusParams> =>
  blockParams().chain((block) =>
    fc.record({
      block: fc.constant(block),
      evidence: evidenceParams(block.maxBytes === -1n ? MAX_BLOCK : block.maxBytes),
      validator: validatorParams(),
      version: fc.option(versionParams(), { nil: undefined }),
      abci: fc.option(abciParams(), { nil: undefined }),
    }),
  );

export const consensusParamsUpdate = () =>
  fc.record({
    block: fc.option(blockParams(), { nil: undefined }),
    evidence: fc.option(evidenceParams(), { nil: undefined }),
    validator: fc.option(validatorParams(), { nil: undefined }),
    version: fc.option(versionParams(), { nil: undefined }),
    abci: fc.option(abciParams(), { nil: undefined }),
  });

export const hashedParams = () => fc.record({ blockMaxBytes: int64(), blockMaxGas: int64() });

export const eventAttribute = () => fc.record({ key: text(), value: text(), index: fc.boolean() });
export const event = () => fc.record({ type: text(), attributes: fc.array(eventAttribute(), { maxLength: 3 }) });
export const execTxResult = () =>
  fc.record({
    code: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    data: bytes(),
    log: text(),
    info: text(),
    gasWanted: int64(),
    gasUsed: int64(),
    events: fc.array(event(), { maxLength: 2 }),
    codespace: text(),
  });

const asciiText = (minLength = 1) =>
  fc.string({ minLength, maxLength: 20, unit: fc.integer({ min: 33, max: 126 }).map((c) => String.fromCharCode(c)) });

export const defaultNodeInfo = () =>
  fc.record({
    protocolVersion: fc.record({ p2p: uint64(), block: uint64(), app: uint64() }),
    defaultNodeId: fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => Buffer.from(b).toString('hex')),
    listenAddr: asciiText(),
    network: text(),
    version: fc.oneof(fc.constant(''), asciiText()),
    channels: fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { maxLength: 16 }).map((c) => new Uint8Array(c)),
    moniker: asciiText(),
    other: fc.record({ txIndex: fc.constantFrom('', 'on', 'off'), rpcAddress: fc.oneof(fc.constant(''), asciiText()) }),
  });
