/**
 * StateStore: the latest state (`stateKey`), validator sets and consensus
 * params per height, FinalizeBlock responses per height and the last one
 * (for crash recovery), and the genesis document, with CometBFT's keys and
 * protobuf values (home-files.md §6).
 *
 * Validator sets are stored as upstream does: in full at the heights where
 * they change and every 100 000 heights (a checkpoint); other heights record
 * only the change height, and loading replays proposer priorities from the
 * stored set. Params likewise are stored only where they change.
 */
import { FinalizeBlockResponse, type ConsensusParams, type ValidatorSet } from '@cometts/types';
import { loadMessage } from './codec.js';
import { getBytes, writeBatch, type LevelDb, type WriteOp } from './db.js';
import { StateNotFoundError, StoreCorruptionError } from './errors.js';
import {
  ABCIResponsesInfo,
  ConsensusParamsInfo,
  StateProto,
  ValidatorsInfo,
  stateFromProto,
  stateToProto,
  validatorSetFromStored,
} from './state-messages.js';
import type { StoredState } from './stored-state.js';

/** Full validator sets are also stored every this many heights. */
export const VALIDATOR_SET_CHECKPOINT_INTERVAL = 100000n;

export const stateKeys = {
  state: 'stateKey',
  validators: (h: bigint) => `validatorsKey:${h}`,
  params: (h: bigint) => `consensusParamsKey:${h}`,
  responses: (h: bigint) => `abciResponsesKey:${h}`,
  lastResponse: 'lastABCIResponseKey',
  genesis: 'genesisDoc',
};

export interface StateStoreOptions {
  /** Keep only the last FinalizeBlock response (config storage.discard_abci_responses). */
  discardFinalizeBlockResponses?: boolean;
}

function wrapDecode<T>(key: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw new StoreCorruptionError(key, (err as Error).message, { cause: err });
  }
}

export class StateStore {
  constructor(
    private readonly db: LevelDb,
    private readonly options: StateStoreOptions = {},
  ) {}

  /** The latest saved state; undefined before the first save. */
  async load(): Promise<StoredState | undefined> {
    const proto = await loadMessage(this.db, StateProto, stateKeys.state);
    return proto === undefined ? undefined : wrapDecode(stateKeys.state, () => stateFromProto(proto));
  }

  /**
   * Saves `state` with the validator sets of the next two heights and the
   * params of the next height, in one synced batch.
   */
  async save(state: StoredState): Promise<void> {
    const ops: WriteOp[] = [];
    let next = state.lastBlockHeight + 1n;
    if (state.lastBlockHeight === 0n) {
      next = state.initialHeight;
      this.validatorsOp(ops, next, next, state.validators);
    }
    this.validatorsOp(ops, next + 1n, state.lastHeightValidatorsChanged, state.nextValidators);
    this.paramsOp(ops, next, state.lastHeightConsensusParamsChanged, state.consensusParams);
    ops.push({ type: 'put', key: stateKeys.state, value: StateProto.encode(stateToProto(state)) });
    await writeBatch(this.db, ops);
  }

  /**
   * Saves a state obtained out of band (state sync): the validator sets of
   * the last, current and next heights in full, the params and the state.
   */
  async bootstrap(state: StoredState): Promise<void> {
    const ops: WriteOp[] = [];
    const height = state.lastBlockHeight === 0n ? state.initialHeight : state.lastBlockHeight + 1n;
    if (height > 1n && !state.lastValidators.isEmpty()) this.validatorsOp(ops, height - 1n, height - 1n, state.lastValidators);
    this.validatorsOp(ops, height, height, state.validators);
    this.validatorsOp(ops, height + 1n, height + 1n, state.nextValidators);
    this.paramsOp(ops, height, state.lastHeightConsensusParamsChanged, state.consensusParams);
    ops.push({ type: 'put', key: stateKeys.state, value: StateProto.encode(stateToProto(state)) });
    await writeBatch(this.db, ops);
  }

  private validatorsOp(ops: WriteOp[], height: bigint, lastHeightChanged: bigint, set: ValidatorSet): void {
    const full = height === lastHeightChanged || height % VALIDATOR_SET_CHECKPOINT_INTERVAL === 0n;
    const info: ValidatorsInfo = { validatorSet: full ? set.toProto() : undefined, lastHeightChanged };
    ops.push({ type: 'put', key: stateKeys.validators(height), value: ValidatorsInfo.encode(info) });
  }

  private paramsOp(ops: WriteOp[], height: bigint, lastHeightChanged: bigint, params: ConsensusParams): void {
    const info: ConsensusParamsInfo = { consensusParams: height === lastHeightChanged ? params : {}, lastHeightChanged };
    ops.push({ type: 'put', key: stateKeys.params(height), value: ConsensusParamsInfo.encode(info) });
  }

  /** The validator set of `height` (with its proposer priorities). Throws StateNotFoundError. */
  async loadValidators(height: bigint): Promise<ValidatorSet> {
    const key = stateKeys.validators(height);
    const info = await loadMessage(this.db, ValidatorsInfo, key);
    if (info === undefined) throw new StateNotFoundError('validator set', height);
    if (info.validatorSet !== undefined) return wrapDecode(key, () => validatorSetFromStored(info.validatorSet));
    const checkpoint = height - (height % VALIDATOR_SET_CHECKPOINT_INTERVAL);
    const stored = checkpoint > info.lastHeightChanged ? checkpoint : info.lastHeightChanged;
    const storedKey = stateKeys.validators(stored);
    const base = await loadMessage(this.db, ValidatorsInfo, storedKey);
    if (base?.validatorSet === undefined || stored >= height) {
      throw new StateNotFoundError(`validator set (stored at height ${stored})`, height);
    }
    const set = wrapDecode(storedKey, () => validatorSetFromStored(base.validatorSet));
    set.incrementProposerPriority(Number(height - stored));
    return set;
  }

  /** The consensus params in force at `height`. Throws StateNotFoundError. */
  async loadConsensusParams(height: bigint): Promise<ConsensusParams> {
    const info = await loadMessage(this.db, ConsensusParamsInfo, stateKeys.params(height));
    if (info === undefined) throw new StateNotFoundError('consensus params', height);
    if (info.consensusParams.block !== undefined) return this.fullParams(stateKeys.params(height), info);
    const key = stateKeys.params(info.lastHeightChanged);
    const changed = await loadMessage(this.db, ConsensusParamsInfo, key);
    if (changed?.consensusParams.block === undefined) {
      throw new StateNotFoundError(`consensus params (stored at height ${info.lastHeightChanged})`, height);
    }
    return this.fullParams(key, changed);
  }

  private fullParams(key: string, info: ConsensusParamsInfo): ConsensusParams {
    const p = info.consensusParams;
    if (p.evidence === undefined || p.validator === undefined) throw new StoreCorruptionError(key, 'stored consensus params are incomplete');
    return { ...p, block: p.block!, evidence: p.evidence, validator: p.validator };
  }

  /**
   * Saves the FinalizeBlock response of `height` (unless responses are
   * discarded) and, always, as the last response, in one synced batch.
   */
  async saveFinalizeBlockResponse(height: bigint, response: FinalizeBlockResponse): Promise<void> {
    const ops: WriteOp[] = [];
    if (!this.options.discardFinalizeBlockResponses) {
      ops.push({ type: 'put', key: stateKeys.responses(height), value: FinalizeBlockResponse.encode(response) });
    }
    ops.push({ type: 'put', key: stateKeys.lastResponse, value: ABCIResponsesInfo.encode({ height, responseFinalizeBlock: response }) });
    await writeBatch(this.db, ops);
  }

  /** The FinalizeBlock response of `height`: the per-height copy, else the last one if it is for `height`. */
  async loadFinalizeBlockResponse(height: bigint): Promise<FinalizeBlockResponse> {
    const stored = await loadMessage(this.db, FinalizeBlockResponse, stateKeys.responses(height));
    if (stored !== undefined) return stored;
    const last = await this.loadLastFinalizeBlockResponse();
    if (last !== undefined && last.height === height) return last.response;
    throw new StateNotFoundError('FinalizeBlock response', height);
  }

  async loadLastFinalizeBlockResponse(): Promise<{ height: bigint; response: FinalizeBlockResponse } | undefined> {
    const info = await loadMessage(this.db, ABCIResponsesInfo, stateKeys.lastResponse);
    if (info === undefined) return undefined;
    if (info.responseFinalizeBlock === undefined) throw new StoreCorruptionError(stateKeys.lastResponse, 'no FinalizeBlock response');
    return { height: info.height, response: info.responseFinalizeBlock };
  }

  /** Stores the completed genesis document (JSON bytes), as CometBFT does on first start. */
  async saveGenesisDoc(json: Uint8Array): Promise<void> {
    await writeBatch(this.db, [{ type: 'put', key: stateKeys.genesis, value: json }]);
  }

  loadGenesisDoc(): Promise<Uint8Array | undefined> {
    return getBytes(this.db, stateKeys.genesis);
  }
}

