/** Block creation, validation and execution on an ABCI application, genesis state and the start-up handshake. */
export { AbciBlockExecutor, type BlockExecutorOptions, type BlockAppliedEvent } from './block-executor.js';
export { InMemoryTxSource, noEvidence, txProtoSize, evidenceListSize, type TxSource, type EvidenceSource } from './sources.js';
export { medianTime, buildLastCommitInfo, buildExtendedCommitInfo, misbehaviorOf } from './commit-info.js';
export { makeBlock, maxDataBytes, txsFit } from './make-block.js';
export { blockInvalidReason, expectedHeight, BLOCK_PROTOCOL } from './validate-block.js';
export { updateState, updateConsensusParams, validatorChanges, voteExtensionUpdateError } from './state-transition.js';
export { makeGenesisState, genesisValidatorSet, COMETBFT_SOFTWARE_VERSION, type Genesis } from './genesis.js';
export { handshake, ABCI_SEMVER, P2P_PROTOCOL, type HandshakeOptions, type HandshakeResult } from './handshake.js';
export { BlockExecutionError, AppHashMismatchError, HandshakeError } from './errors.js';
