/**
 * @cometts/store: CometBFT's block store and state store on abstract-level
 * (classic-level on disk, memory-level in tests), with upstream's keys and
 * protobuf values.
 */
export { openDiskDb, openMemoryDb, type LevelDb } from './db.js';
export * from './errors.js';
export { BlockMeta, BlockStoreState, blockKeys } from './block-meta.js';
export { BlockStore, type PruneOptions, type PruneResult } from './block-store.js';
export type { StoredState } from './stored-state.js';
export { StateProto, ValidatorsInfo, ConsensusParamsInfo, ABCIResponsesInfo, stateToProto, stateFromProto } from './state-messages.js';
export { StateStore, VALIDATOR_SET_CHECKPOINT_INTERVAL, stateKeys, type StateStoreOptions } from './state-store.js';
