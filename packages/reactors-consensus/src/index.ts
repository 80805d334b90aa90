/**
 * @cometts/reactors-consensus: the Tendermint consensus engine — a pure state
 * machine (`core/`), the driver that performs its effects (timers, signing,
 * block execution, WAL) and the consensus write-ahead log.
 */
export * from './driver/ports.js';
export * from './wal/errors.js';
export * from './wal/messages.js';
export { ConsensusWal, type WalOptions } from './wal/wal.js';
export { encodeRecord, decodeRecords, MAX_WAL_RECORD_DATA, type WalRecord } from './wal/record.js';
export { crc32c } from './wal/crc32c.js';
export { FilePV, type FilePVOptions } from './privval/file-pv.js';
export { DoubleSignRiskError, InvalidSignRequestError, PrivValidatorFileError, type SignRefusal } from './privval/errors.js';
export { SignStep, parseSignState, serializeSignState, initialSignState, PRIV_VALIDATOR_STATE_FILE, type LastSignState } from './privval/sign-state.js';
export { writeFileAtomic, type AtomicFileOps } from './privval/atomic-file.js';
export * from './execution/index.js';
