/**
 * @cometts/reactors-consensus: the Tendermint consensus engine — a pure state
 * machine (`core/`), the driver that performs its effects (timers, signing,
 * block execution, WAL) and the consensus write-ahead log.
 */
export * from './driver/ports.js';
export * from './core/index.js';
export * from './driver/index.js';
export * from './wal/errors.js';
export * from './wal/messages.js';
export { ConsensusWal, type Wal, type WalOptions } from './wal/wal.js';
export { encodeRecord, decodeRecords, MAX_WAL_RECORD_DATA, type WalRecord } from './wal/record.js';
export { crc32c } from './wal/crc32c.js';
export { FilePV, type FilePVOptions } from './privval/file-pv.js';
export {
  DoubleSignRiskError,
  InvalidSignRequestError,
  PrivValidatorFileError,
  SignatureFoundInPastBlocksError,
  type SignRefusal,
} from './privval/errors.js';
export { checkDoubleSigningRisk, type SeenCommitSource } from './privval/double-sign-check.js';
export { SignStep, parseSignState, serializeSignState, initialSignState, PRIV_VALIDATOR_STATE_FILE, type LastSignState } from './privval/sign-state.js';
export type { AtomicFileOps } from './privval/file-pv.js';
export * from './execution/index.js';
export { ConsensusReactor, type ConsensusReactorOptions } from './reactor/reactor.js';
export { DEFAULT_CONSENSUS_REACTOR_CONFIG, type ConsensusReactorConfig } from './reactor/config.js';
export { CONSENSUS_CHANNELS, STATE_CHANNEL, DATA_CHANNEL, VOTE_CHANNEL, VOTE_SET_BITS_CHANNEL } from './reactor/channels.js';
export type { ConsensusEngine, GossipBlockStore, GossipRoundState, GossipVoteSet } from './reactor/engine.js';
export { PeerState } from './reactor/peer-state.js';
export { ConsensusPeerStateKey } from './reactor/peer-handle.js';
export { UnsupportedConsensusMessageError, ProposalTooManyPartsError } from './reactor/errors.js';
