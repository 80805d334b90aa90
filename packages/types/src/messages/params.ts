/**
 * ConsensusParams (tendermint.types, v0.38 shape) and HashedParams. Each
 * group is a nullable sub-message: a params *update* (FinalizeBlock) sets only
 * the groups it replaces, while full params (genesis, state) need block,
 * evidence and validator. Group rules live on the groups; the cross-group
 * rules of ConsensusParams.ValidateBasic on `ConsensusParams`.
 */
import { f, message, type Infer } from '../proto/index.js';
import { MAX_BLOCK_SIZE_BYTES } from './consensus.js';

const MAX_BLOCK_BYTES = BigInt(MAX_BLOCK_SIZE_BYTES);

export const BlockParams = message(
  'BlockParams',
  { maxBytes: f.int64(1), maxGas: f.int64(2) },
  [
    [
      `block.max_bytes must be -1 or 1..${MAX_BLOCK_SIZE_BYTES}`,
      (p) => p.maxBytes === -1n || (p.maxBytes > 0n && p.maxBytes <= MAX_BLOCK_BYTES),
      ['maxBytes'],
    ],
    ['block.max_gas must be >= -1', (p) => p.maxGas >= -1n, ['maxGas']],
  ],
);
export type BlockParams = Infer<typeof BlockParams>;

export const EvidenceParams = message(
  'EvidenceParams',
  { maxAgeNumBlocks: f.int64(1), maxAgeDuration: f.duration(2), maxBytes: f.int64(3) },
  [
    ['evidence.max_age_num_blocks must be > 0', (p) => p.maxAgeNumBlocks > 0n, ['maxAgeNumBlocks']],
    ['evidence.max_age_duration must be > 0', (p) => p.maxAgeDuration > 0n, ['maxAgeDuration']],
    ['evidence.max_bytes must be >= 0', (p) => p.maxBytes >= 0n, ['maxBytes']],
  ],
);
export type EvidenceParams = Infer<typeof EvidenceParams>;

/** The ABCI names of the key types a validator may use. */
export const ABCI_PUB_KEY_TYPES = ['ed25519', 'secp256k1'] as const;

export const ValidatorParams = message('ValidatorParams', { pubKeyTypes: f.repeated(f.string(1)) }, [
  ['validator.pub_key_types must not be empty', (p) => p.pubKeyTypes.length > 0, ['pubKeyTypes']],
  [
    'validator.pub_key_types must each be ed25519 or secp256k1',
    (p) => p.pubKeyTypes.every((t) => (ABCI_PUB_KEY_TYPES as readonly string[]).includes(t)),
    ['pubKeyTypes'],
  ],
]);
export type ValidatorParams = Infer<typeof ValidatorParams>;

export const VersionParams = message('VersionParams', { app: f.uint64(1) });
export type VersionParams = Infer<typeof VersionParams>;

export const ABCIParams = message('ABCIParams', { voteExtensionsEnableHeight: f.int64(1) }, [
  ['abci.vote_extensions_enable_height must be >= 0', (p) => p.voteExtensionsEnableHeight >= 0n, ['voteExtensionsEnableHeight']],
]);
export type ABCIParams = Infer<typeof ABCIParams>;

const paramsFields = {
  block: f.message(1, BlockParams),
  evidence: f.message(2, EvidenceParams),
  validator: f.message(3, ValidatorParams),
  version: f.message(4, VersionParams),
  abci: f.message(5, ABCIParams),
};

/** Block max bytes with −1 read as the 100 MiB hard limit. */
export function effectiveMaxBlockBytes(maxBytes: bigint): bigint {
  return maxBytes === -1n ? MAX_BLOCK_BYTES : maxBytes;
}

/** Full consensus params (genesis, state store, RPC): ConsensusParams.ValidateBasic. */
export const ConsensusParams = message('ConsensusParams', paramsFields, [
  ['consensus params must have block params', (p) => p.block !== undefined, ['block']],
  ['consensus params must have evidence params', (p) => p.evidence !== undefined, ['evidence']],
  ['consensus params must have validator params', (p) => p.validator !== undefined, ['validator']],
  [
    'evidence.max_bytes must be <= block max bytes',
    (p) => p.evidence!.maxBytes <= effectiveMaxBlockBytes(p.block!.maxBytes),
    ['evidence', 'maxBytes'],
  ],
]);
export type ConsensusParams = Infer<typeof ConsensusParams>;

/** The same wire message used as an update: absent groups mean "unchanged". */
export const ConsensusParamsUpdate = message('ConsensusParams', paramsFields);
export type ConsensusParamsUpdate = Infer<typeof ConsensusParamsUpdate>;

/** CometBFT's default consensus params (types.DefaultConsensusParams). */
export function defaultConsensusParams(): ConsensusParams {
  return {
    block: { maxBytes: 22020096n, maxGas: -1n },
    evidence: { maxAgeNumBlocks: 100000n, maxAgeDuration: 48n * 3600n * 1_000_000_000n, maxBytes: 1048576n },
    validator: { pubKeyTypes: ['ed25519'] },
    version: { app: 0n },
    abci: { voteExtensionsEnableHeight: 0n },
  };
}

/** The subset of params hashed into Header.consensus_hash (sha256 of its proto). */
export const HashedParams = message('HashedParams', { blockMaxBytes: f.int64(1), blockMaxGas: f.int64(2) });
export type HashedParams = Infer<typeof HashedParams>;

export function hashedParamsOf(params: ConsensusParams): HashedParams {
  return { blockMaxBytes: params.block?.maxBytes ?? 0n, blockMaxGas: params.block?.maxGas ?? 0n };
}
