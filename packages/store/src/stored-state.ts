/**
 * The replicated state the state store keeps (CometBFT `sm.State`). It has
 * the same shape as the consensus driver's `State` port, so a driver state
 * is saved as is.
 */
import type { BlockID, ConsensusParams, ConsensusVersion, Timestamp, ValidatorSet } from '@cometts/types';

export interface StoredState {
  version: { consensus: ConsensusVersion; software: string };
  chainId: string;
  initialHeight: bigint;
  lastBlockHeight: bigint;
  lastBlockId: BlockID;
  lastBlockTime: Timestamp;
  nextValidators: ValidatorSet;
  validators: ValidatorSet;
  lastValidators: ValidatorSet;
  lastHeightValidatorsChanged: bigint;
  consensusParams: ConsensusParams;
  lastHeightConsensusParamsChanged: bigint;
  lastResultsHash: Uint8Array;
  appHash: Uint8Array;
}
