/**
 * Genesis → initial State (MakeGenesisState, consensus-algorithm.md §16).
 * The node parses and completes genesis.json (ValidateAndComplete) and
 * passes the result in this typed form.
 */
import { BlockID, Validator, ValidatorSet, type ConsensusParams, type PublicKey, type Timestamp } from '@cometts/types';
import type { State } from '../driver/ports.js';
import { BLOCK_PROTOCOL } from './validate-block.js';

/** The CometBFT version this node reports (state version.software, ABCI Info). */
export const COMETBFT_SOFTWARE_VERSION = '0.38.17';

export interface Genesis {
  genesisTime: Timestamp;
  chainId: string;
  /** As completed: 0 in the file means 1. */
  initialHeight: bigint;
  consensusParams: ConsensusParams;
  /** In genesis order; power > 0. */
  validators: { pubKey: PublicKey; power: bigint }[];
  appHash: Uint8Array;
  /** Raw app_state JSON, passed to InitChain as app_state_bytes. */
  appState: Uint8Array;
}

/** The genesis validator set (NewValidatorSet: priorities advanced once). */
export function genesisValidatorSet(genesis: Genesis): ValidatorSet {
  return new ValidatorSet(genesis.validators.map((v) => Validator.create(v.pubKey, v.power)));
}

export function makeGenesisState(genesis: Genesis): State {
  const initialHeight = genesis.initialHeight === 0n ? 1n : genesis.initialHeight;
  const validators = genesisValidatorSet(genesis);
  return {
    version: { consensus: { block: BLOCK_PROTOCOL, app: 0n }, software: COMETBFT_SOFTWARE_VERSION },
    chainId: genesis.chainId,
    initialHeight,
    lastBlockHeight: 0n,
    lastBlockId: BlockID.create(),
    lastBlockTime: genesis.genesisTime,
    nextValidators: validators.isEmpty() ? new ValidatorSet() : validators.copyIncrementProposerPriority(1),
    validators,
    lastValidators: new ValidatorSet(),
    lastHeightValidatorsChanged: initialHeight,
    consensusParams: genesis.consensusParams,
    lastHeightConsensusParamsChanged: initialHeight,
    lastResultsHash: new Uint8Array(0),
    appHash: genesis.appHash,
  };
}
