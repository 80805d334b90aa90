/**
 * State store records as CometBFT's tendermint.state protos: State (with its
 * Version), ValidatorsInfo, ConsensusParamsInfo and ABCIResponsesInfo, and
 * the conversion between a StoredState and its proto.
 */
import {
  BlockID,
  ConsensusParams,
  ConsensusParamsUpdate,
  ConsensusVersion,
  FinalizeBlockResponse,
  ValidatorSet,
  ValidatorSetProto,
  f,
  message,
  timestampField,
  type Infer,
} from '@cometts/types';
import type { StoredState } from './stored-state.js';

export const StateVersion = message('Version', {
  consensus: f.message(1, ConsensusVersion, { nn: true }),
  software: f.string(2),
});

export const StateProto = message('State', {
  version: f.message(1, StateVersion, { nn: true }),
  chainId: f.string(2),
  lastBlockHeight: f.int64(3),
  lastBlockId: f.message(4, BlockID, { nn: true }),
  lastBlockTime: timestampField(5),
  nextValidators: f.message(6, ValidatorSetProto),
  validators: f.message(7, ValidatorSetProto),
  lastValidators: f.message(8, ValidatorSetProto),
  lastHeightValidatorsChanged: f.int64(9),
  consensusParams: f.message(10, ConsensusParams, { nn: true }),
  lastHeightConsensusParamsChanged: f.int64(11),
  lastResultsHash: f.bytes(12),
  appHash: f.bytes(13),
  initialHeight: f.int64(14),
});
export type StateProto = Infer<typeof StateProto>;

/** A validator set is stored only at change heights and checkpoints; otherwise just the change height. */
export const ValidatorsInfo = message('ValidatorsInfo', {
  validatorSet: f.message(1, ValidatorSetProto),
  lastHeightChanged: f.int64(2),
});
export type ValidatorsInfo = Infer<typeof ValidatorsInfo>;

/** Params are stored only at change heights (empty params otherwise). */
export const ConsensusParamsInfo = message('ConsensusParamsInfo', {
  consensusParams: f.message(1, ConsensusParamsUpdate, { nn: true }),
  lastHeightChanged: f.int64(2),
});
export type ConsensusParamsInfo = Infer<typeof ConsensusParamsInfo>;

/** The last FinalizeBlock response and its height (field 1, pre-0.38 responses, is never written). */
export const ABCIResponsesInfo = message('ABCIResponsesInfo', {
  height: f.int64(2),
  responseFinalizeBlock: f.message(3, FinalizeBlockResponse),
});
export type ABCIResponsesInfo = Infer<typeof ABCIResponsesInfo>;

const setToProto = (set: ValidatorSet) => (set.isEmpty() ? undefined : set.toProto());
const setFromProto = (proto: ValidatorSetProto | undefined) =>
  proto === undefined || proto.validators.length === 0 ? new ValidatorSet() : ValidatorSet.fromProto(proto);

export function stateToProto(s: StoredState): StateProto {
  return {
    version: { consensus: s.version.consensus, software: s.version.software },
    chainId: s.chainId,
    initialHeight: s.initialHeight,
    lastBlockHeight: s.lastBlockHeight,
    lastBlockId: s.lastBlockId,
    lastBlockTime: s.lastBlockTime,
    nextValidators: setToProto(s.nextValidators),
    validators: setToProto(s.validators),
    lastValidators: setToProto(s.lastValidators),
    lastHeightValidatorsChanged: s.lastHeightValidatorsChanged,
    consensusParams: s.consensusParams,
    lastHeightConsensusParamsChanged: s.lastHeightConsensusParamsChanged,
    lastResultsHash: s.lastResultsHash,
    appHash: s.appHash,
  };
}

/** Throws (InvalidValidatorSetError) when a stored set does not validate. */
export function stateFromProto(p: StateProto): StoredState {
  return {
    version: { consensus: p.version.consensus, software: p.version.software },
    chainId: p.chainId,
    initialHeight: p.initialHeight,
    lastBlockHeight: p.lastBlockHeight,
    lastBlockId: p.lastBlockId,
    lastBlockTime: p.lastBlockTime,
    nextValidators: setFromProto(p.nextValidators),
    validators: setFromProto(p.validators),
    lastValidators: setFromProto(p.lastValidators),
    lastHeightValidatorsChanged: p.lastHeightValidatorsChanged,
    consensusParams: p.consensusParams,
    lastHeightConsensusParamsChanged: p.lastHeightConsensusParamsChanged,
    lastResultsHash: p.lastResultsHash,
    appHash: p.appHash,
  };
}

export { setFromProto as validatorSetFromStored };
