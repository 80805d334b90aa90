/**
 * fast-check arbitraries producing *valid* values (passing every rule) of the
 * core wire types: scalars, Timestamp, keys, BlockID, Vote, Proposal, Header,
 * Commit, Part, validators, MConnection packets.
 */
import fc from 'fast-check';
import {
  BlockIDFlag,
  GO_ZERO_TIME_SECONDS,
  SignedMsgType,
  type BitArrayProto,
  type BlockID,
  type Commit,
  type CommitSig,
  type ExtendedCommit,
  type ExtendedCommitSig,
  type Header,
  type Part,
  type Proposal,
  type PublicKey,
  type Timestamp,
  type ValidatorProto,
  type Vote,
} from '../../src/index.js';

export const INT64_MAX = 2n ** 63n - 1n;
export const int64 = () => fc.bigInt({ min: -(2n ** 63n), max: INT64_MAX });
export const nonNegInt64 = () => fc.bigInt({ min: 0n, max: INT64_MAX });
export const posInt64 = () => fc.bigInt({ min: 1n, max: INT64_MAX });
export const uint64 = () => fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
export const int32 = () => fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
export const nonNegInt32 = () => fc.integer({ min: 0, max: 2 ** 31 - 1 });
export const uint32 = () => fc.integer({ min: 0, max: 2 ** 32 - 1 });
export const bytes = (maxLength = 40) => fc.uint8Array({ maxLength });
export const bytesN = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
export const nonEmptyBytes = (maxLength = 40) => fc.uint8Array({ minLength: 1, maxLength });
export const hash32 = () => bytesN(32);
export const hashOrEmpty = () => fc.oneof(hash32(), fc.constant(new Uint8Array(0)));
export const address = () => bytesN(20);
export const signature = () => fc.uint8Array({ minLength: 1, maxLength: 64 });
export const text = (maxLength = 20) => fc.string({ maxLength });

export const timestamp = (): fc.Arbitrary<Timestamp> =>
  fc.record({ seconds: fc.bigInt({ min: GO_ZERO_TIME_SECONDS, max: 253402300799n }), nanos: fc.integer({ min: 0, max: 999_999_999 }) });

export const publicKey = (): fc.Arbitrary<PublicKey> =>
  fc.oneof(
    bytesN(32).map((value) => ({ case: 'ed25519' as const, value })),
    bytesN(33).map((value) => ({ case: 'secp256k1' as const, value })),
  );

export const proof = () =>
  fc.record({ total: nonNegInt64(), index: nonNegInt64(), leafHash: hash32(), aunts: fc.array(hash32(), { maxLength: 4 }) });

/** A BitArray of `bits` bits with exactly ceil(bits/64) words. */
export const bitArrayOf = (bits: number): fc.Arbitrary<BitArrayProto> =>
  fc.array(uint64(), { minLength: Math.ceil(bits / 64), maxLength: Math.ceil(bits / 64) }).map((elems) => ({ bits: BigInt(bits), elems }));
export const bitArray = (min = 0, max = 300) => fc.integer({ min, max }).chain(bitArrayOf);

export const partSetHeader = () => fc.record({ total: uint32(), hash: hashOrEmpty() });
export const zeroBlockID = (): BlockID => ({ hash: new Uint8Array(0), partSetHeader: { total: 0, hash: new Uint8Array(0) } });
export const completeBlockID = (): fc.Arbitrary<BlockID> =>
  fc.record({ hash: hash32(), partSetHeader: fc.record({ total: fc.integer({ min: 1, max: 2 ** 32 - 1 }), hash: hash32() }) });
/** Any BlockID passing BlockID's own rules (hashes empty or 32 bytes). */
export const blockID = (): fc.Arbitrary<BlockID> => fc.record({ hash: hashOrEmpty(), partSetHeader: partSetHeader() });
/** A valid BlockID that is not the zero one. */
export const nonZeroBlockID = (): fc.Arbitrary<BlockID> =>
  blockID().map((id) => (id.hash.length === 0 && id.partSetHeader.total === 0 && id.partSetHeader.hash.length === 0 ? { ...id, partSetHeader: { total: 1, hash: id.hash } } : id));

export const vote = (): fc.Arbitrary<Vote> =>
  fc
    .record({
      type: fc.constantFrom(SignedMsgType.Prevote, SignedMsgType.Precommit),
      height: posInt64(),
      round: nonNegInt32(),
      blockId: fc.oneof(fc.constant(zeroBlockID()), completeBlockID()),
      timestamp: timestamp(),
      validatorAddress: address(),
      validatorIndex: nonNegInt32(),
      signature: signature(),
      extension: bytes(),
      extensionSignature: fc.uint8Array({ maxLength: 64 }),
    })
    .map((v) => {
      const nonNilPrecommit = v.type === SignedMsgType.Precommit && v.blockId.hash.length > 0;
      if (!nonNilPrecommit) return { ...v, extension: new Uint8Array(0), extensionSignature: new Uint8Array(0) };
      if (v.extension.length > 0 && v.extensionSignature.length === 0) return { ...v, extensionSignature: new Uint8Array(64).fill(9) };
      return v;
    });

export const proposal = (): fc.Arbitrary<Proposal> =>
  fc.record({
    type: fc.constant(SignedMsgType.Proposal),
    height: nonNegInt64(),
    round: nonNegInt32(),
    polRound: fc.integer({ min: -1, max: 2 ** 31 - 1 }),
    blockId: completeBlockID(),
    timestamp: timestamp(),
    signature: signature(),
  });

export const consensusVersion = () => fc.record({ block: uint64(), app: uint64() });

/** A header as Block/SignedHeader require it: block protocol 11, height > 0, 20-byte proposer. */
export const blockHeader = (height: fc.Arbitrary<bigint> = posInt64()): fc.Arbitrary<Header> =>
  fc.record({
    version: fc.record({ block: fc.constant(11n), app: uint64() }),
    chainId: fc.string({ maxLength: 50, unit: 'grapheme-ascii' }),
    height,
    time: timestamp(),
    lastBlockId: blockID(),
    lastCommitHash: hashOrEmpty(),
    dataHash: hashOrEmpty(),
    validatorsHash: hashOrEmpty(),
    nextValidatorsHash: hashOrEmpty(),
    consensusHash: hashOrEmpty(),
    appHash: bytes(),
    lastResultsHash: hashOrEmpty(),
    evidenceHash: hashOrEmpty(),
    proposerAddress: address(),
  });

/** Any header the looser Header rules accept (including height 0 without a proposer). */
export const header = (): fc.Arbitrary<Header> =>
  fc.oneof(
    blockHeader(),
    blockHeader(fc.constant(0n)).map((h) => ({ ...h, version: { block: 0n, app: 0n }, proposerAddress: new Uint8Array(0) })),
  );

const goZeroTime = (): Timestamp => ({ seconds: GO_ZERO_TIME_SECONDS, nanos: 0 });
const absentSig = { blockIdFlag: BlockIDFlag.Absent, validatorAddress: new Uint8Array(0), timestamp: goZeroTime(), signature: new Uint8Array(0) };

export const commitSig = (): fc.Arbitrary<CommitSig> =>
  fc.oneof(
    fc.constant(absentSig).map((s) => ({ ...s, timestamp: goZeroTime() })),
    fc.record({
      blockIdFlag: fc.constantFrom(BlockIDFlag.Commit, BlockIDFlag.Nil),
      validatorAddress: address(),
      timestamp: timestamp(),
      signature: signature(),
    }),
  );

export const extendedCommitSig = (): fc.Arbitrary<ExtendedCommitSig> =>
  fc.record({ sig: commitSig(), extension: bytes(), extensionSignature: fc.uint8Array({ maxLength: 64 }) }).map(({ sig, extension, extensionSignature }) =>
    sig.blockIdFlag === BlockIDFlag.Commit
      ? { ...sig, extension, extensionSignature }
      : { ...sig, extension: new Uint8Array(0), extensionSignature: new Uint8Array(0) },
  );

/** A commit valid at `height` (an empty one at height 0). */
export const commitAt = (height: bigint): fc.Arbitrary<Commit> =>
  height === 0n
    ? fc.record({ height: fc.constant(0n), round: nonNegInt32(), blockId: blockID(), signatures: fc.array(commitSig(), { maxLength: 3 }) })
    : fc.record({ height: fc.constant(height), round: nonNegInt32(), blockId: nonZeroBlockID(), signatures: fc.array(commitSig(), { minLength: 1, maxLength: 4 }) });
export const commit = () => nonNegInt64().chain(commitAt);

export const extendedCommit = (): fc.Arbitrary<ExtendedCommit> =>
  nonNegInt64().chain((height) =>
    fc.record({
      height: fc.constant(height),
      round: nonNegInt32(),
      blockId: height === 0n ? blockID() : nonZeroBlockID(),
      extendedSignatures: fc.array(extendedCommitSig(), { minLength: height === 0n ? 0 : 1, maxLength: 3 }),
    }),
  );

const FULL_PART = new Uint8Array(65536).fill(0x5a);
/** Usually the last part (short); sometimes a full 64 KiB part before the last. */
export const part = (): fc.Arbitrary<Part> =>
  fc.oneof(
    { weight: 9, arbitrary: fc.record({ index: fc.integer({ min: 0, max: 1000 }), bytes: bytes(100), proof: proof() }) },
    { weight: 1, arbitrary: fc.record({ index: fc.integer({ min: 0, max: 1000 }), bytes: fc.constant(FULL_PART), proof: proof() }) },
  ).map(({ index, bytes, proof }) => ({
    index,
    bytes,
    proof: { ...proof, index: BigInt(index), total: bytes.length === 65536 ? BigInt(index) + 2n : BigInt(index) + 1n },
  }));

export const validator = (): fc.Arbitrary<ValidatorProto> =>
  fc.record({ address: address(), pubKey: publicKey(), votingPower: nonNegInt64(), proposerPriority: int64() });

export const validatorSet = (minLength = 0) =>
  fc.record({
    validators: fc.array(validator(), { minLength, maxLength: 3 }),
    proposer: fc.option(validator(), { nil: undefined }),
    totalVotingPower: int64(),
  });

export const simpleValidator = () => fc.record({ pubKey: fc.option(publicKey(), { nil: undefined }), votingPower: int64() });

export const packet = () =>
  fc.oneof(
    fc.constant({ case: 'ping' as const, value: {} }),
    fc.constant({ case: 'pong' as const, value: {} }),
    fc
      .record({ channelId: fc.integer({ min: 0, max: 255 }), eof: fc.boolean(), data: bytes(1024) })
      .map((value) => ({ case: 'msg' as const, value })),
  );

export const authSig = () => fc.record({ pubKey: bytesN(32).map((value) => ({ case: 'ed25519' as const, value })), sig: bytesN(64) });
