/**
 * The state transition after FinalizeBlock (consensus-algorithm.md §15):
 * validator updates (UpdateWithChangeSet, then one proposer-priority step),
 * consensus param updates with the vote-extension height rule, last results
 * hash. The app hash is set after Commit.
 */
import {
  ConsensusParams,
  Validator,
  lastResultsHash,
  pubKeyTypeName,
  type BlockID,
  type ConsensusParamsUpdate,
  type FinalizeBlockResponse,
  type Header,
  type ValidatorUpdate,
} from '@cometts/types';
import type { State } from '../driver/ports.js';
import { BlockExecutionError } from './errors.js';

/** Validator updates as domain validators, after the checks of validateValidatorUpdates. */
export function validatorChanges(updates: readonly ValidatorUpdate[], params: ConsensusParams): Validator[] {
  const allowed = params.validator?.pubKeyTypes ?? [];
  return updates.map((u) => {
    if (u.power < 0n) throw new BlockExecutionError(`voting power can't be negative: ${u.power}`);
    if (u.power > 0n && !allowed.includes(pubKeyTypeName(u.pubKey))) {
      throw new BlockExecutionError(`validator is using pubkey ${u.pubKey.case}, which is unsupported for consensus`);
    }
    try {
      return Validator.create(u.pubKey, u.power);
    } catch (err) {
      throw new BlockExecutionError(`invalid validator update: ${(err as Error).message}`, { cause: err });
    }
  });
}

/** ConsensusParams.Update: each group present in `update` replaces that group. */
export function updateConsensusParams(params: ConsensusParams, update: ConsensusParamsUpdate): ConsensusParams {
  return {
    block: update.block ?? params.block,
    evidence: update.evidence ?? params.evidence,
    validator: update.validator === undefined ? params.validator : { pubKeyTypes: [...update.validator.pubKeyTypes] },
    version: update.version ?? params.version,
    abci: update.abci ?? params.abci,
  };
}

/**
 * The vote-extension enable-height rule at height `h`: unchanged is fine;
 * once enabled (0 < current ≤ h) it can be neither disabled nor moved; a
 * new value must be above h. Returns why an update is refused, or undefined.
 */
export function voteExtensionUpdateError(current: bigint, updated: bigint, h: bigint): string | undefined {
  if (updated < 0n) return 'vote extensions enable height must be positive';
  if (current <= 0n && updated === 0n) return undefined;
  if (current === updated) return undefined;
  if (current > 0n && updated === 0n) return current <= h ? `vote extensions cannot be disabled once enabled (enabled at ${current}, height ${h})` : undefined;
  if (updated <= h) return `vote extensions enable height cannot be set to a past or current height (${updated} at height ${h})`;
  if (current > 0n && current <= h) return `vote extensions enable height cannot be modified once enabled (enabled at ${current}, height ${h})`;
  return undefined;
}

/** The state after block `header` given the application's FinalizeBlock response (app hash not yet set). */
export function updateState(state: State, blockId: BlockID, header: Header, response: FinalizeBlockResponse): State {
  const changes = validatorChanges(response.validatorUpdates, state.consensusParams);
  const next = state.nextValidators.copy();
  let lastHeightValidatorsChanged = state.lastHeightValidatorsChanged;
  if (changes.length > 0) {
    try {
      next.updateWithChangeSet(changes);
    } catch (err) {
      throw new BlockExecutionError(`changing validator set: ${(err as Error).message}`, { cause: err });
    }
    lastHeightValidatorsChanged = header.height + 2n;
  }
  next.incrementProposerPriority(1);

  let params = state.consensusParams;
  let lastHeightConsensusParamsChanged = state.lastHeightConsensusParamsChanged;
  let version = state.version;
  const update = response.consensusParamUpdates;
  if (update !== undefined) {
    params = updateConsensusParams(state.consensusParams, update);
    try {
      ConsensusParams.validate(params);
    } catch (err) {
      throw new BlockExecutionError(`validating new consensus params: ${(err as Error).message}`, { cause: err });
    }
    if (update.abci !== undefined) {
      const why = voteExtensionUpdateError(state.consensusParams.abci?.voteExtensionsEnableHeight ?? 0n, update.abci.voteExtensionsEnableHeight, header.height);
      if (why !== undefined) throw new BlockExecutionError(`updating consensus params: ${why}`);
    }
    version = { ...state.version, consensus: { ...state.version.consensus, app: params.version?.app ?? 0n } };
    lastHeightConsensusParamsChanged = header.height + 1n;
  }

  return {
    version,
    chainId: state.chainId,
    initialHeight: state.initialHeight,
    lastBlockHeight: header.height,
    lastBlockId: blockId,
    lastBlockTime: header.time,
    nextValidators: next,
    validators: state.nextValidators.copy(),
    lastValidators: state.validators.copy(),
    lastHeightValidatorsChanged,
    consensusParams: params,
    lastHeightConsensusParamsChanged,
    lastResultsHash: lastResultsHash(response.txResults),
    appHash: new Uint8Array(0),
  };
}
