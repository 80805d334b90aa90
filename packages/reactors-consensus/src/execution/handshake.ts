/**
 * The start-up handshake (consensus-algorithm.md §16): ABCI Info, InitChain
 * on a fresh application, and replay of the blocks the application (or the
 * state) is missing, given the block store and the state store.
 */
import {
  BaseApplication,
  CommitResponse,
  Validator,
  ValidatorSet,
  bytesEqual,
  headerHash,
  merkleRoot,
  type Application,
  type Block,
  type FinalizeBlockResponse,
} from '@cometts/types';
import type { BlockStore, StateStore } from '@cometts/store';
import type { ConsensusLogger, State } from '../driver/ports.js';
import { AbciBlockExecutor } from './block-executor.js';
import { buildLastCommitInfo, misbehaviorOf } from './commit-info.js';
import { AppHashMismatchError, HandshakeError } from './errors.js';
import { COMETBFT_SOFTWARE_VERSION, genesisValidatorSet, makeGenesisState, type Genesis } from './genesis.js';
import { updateConsensusParams } from './state-transition.js';
import { BLOCK_PROTOCOL } from './validate-block.js';

export const P2P_PROTOCOL = 8n;
export const ABCI_SEMVER = '2.0.0';

export interface HandshakeOptions {
  app: Application;
  stateStore: StateStore;
  blockStore: BlockStore;
  genesis: Genesis;
  logger?: ConsensusLogger;
}

export interface HandshakeResult {
  /** The state consensus starts from (height + 1 is the next to decide). */
  state: State;
  appHash: Uint8Array;
  /** Blocks sent to the application during replay. */
  replayedBlocks: number;
}

/** Answers FinalizeBlock with a saved response and Commit with nothing: re-applies a block the app already committed. */
class SavedResponseApp extends BaseApplication {
  constructor(private readonly saved: FinalizeBlockResponse) {
    super();
  }
  override async finalizeBlock() {
    return this.saved;
  }
  override async commit() {
    return CommitResponse.create();
  }
}

function checkAppHash(expected: Uint8Array, got: Uint8Array, where: string): void {
  if (!bytesEqual(expected, got)) throw new AppHashMismatchError(expected, got, where);
}

export async function handshake(opts: HandshakeOptions): Promise<HandshakeResult> {
  const { app, stateStore, genesis } = opts;
  let state = ((await stateStore.load()) as State | undefined) ?? makeGenesisState(genesis);
  const info = await app.info({ version: COMETBFT_SOFTWARE_VERSION, blockVersion: BLOCK_PROTOCOL, p2pVersion: P2P_PROTOCOL, abciVersion: ABCI_SEMVER });
  const appHeight = info.lastBlockHeight;
  if (appHeight < 0n) throw new HandshakeError(`application reported a negative height ${appHeight}`);
  let appHash = info.lastBlockAppHash;
  if (state.lastBlockHeight === 0n) state = { ...state, version: { ...state.version, consensus: { ...state.version.consensus, app: info.appVersion } } };
  opts.logger?.info('ABCI handshake', { appHeight: appHeight.toString(), stateHeight: state.lastBlockHeight.toString() });

  if (appHeight === 0n) {
    const genesisSet = genesisValidatorSet(genesis);
    const res = await app.initChain({
      time: genesis.genesisTime,
      chainId: genesis.chainId,
      initialHeight: state.initialHeight,
      consensusParams: genesis.consensusParams,
      validators: genesisSet.validators.map((v) => ({ pubKey: v.pubKey, power: v.votingPower })),
      appStateBytes: genesis.appState,
    });
    appHash = res.appHash;
    if (state.lastBlockHeight === 0n) {
      state = { ...state };
      if (res.appHash.length > 0) state.appHash = res.appHash;
      if (res.validators.length > 0) {
        const set = new ValidatorSet(res.validators.map((v) => Validator.create(v.pubKey, v.power)));
        state.validators = set;
        state.nextValidators = set.copyIncrementProposerPriority(1);
      } else if (genesis.validators.length === 0) {
        throw new HandshakeError('validator set is empty in genesis and still empty after InitChain');
      }
      if (res.consensusParams !== undefined) {
        state.consensusParams = updateConsensusParams(state.consensusParams, res.consensusParams);
        state.version = { ...state.version, consensus: { ...state.version.consensus, app: state.consensusParams.version?.app ?? 0n } };
      }
      state.lastResultsHash = merkleRoot([]);
      await stateStore.save(state);
    }
  }
  return replay(opts, state, appHash, appHeight);
}

async function replay(opts: HandshakeOptions, state: State, appHash: Uint8Array, appHeight: bigint): Promise<HandshakeResult> {
  const { blockStore } = opts;
  const storeBase = blockStore.base();
  const storeHeight = blockStore.height();
  const stateHeight = state.lastBlockHeight;
  if (storeHeight === 0n) {
    checkAppHash(state.appHash, appHash, 'empty block store');
    return { state, appHash, replayedBlocks: 0 };
  }
  if (appHeight === 0n && state.initialHeight < storeBase) throw new HandshakeError(`app has no state and the block store starts at ${storeBase}`);
  if (appHeight > 0n && appHeight < storeBase - 1n) throw new HandshakeError(`app height ${appHeight} is below the block store base ${storeBase}`);
  if (storeHeight < appHeight) throw new HandshakeError(`app height ${appHeight} is above the block store height ${storeHeight}`);
  if (storeHeight < stateHeight) throw new HandshakeError(`state height ${stateHeight} is above the block store height ${storeHeight}`);
  if (storeHeight > stateHeight + 1n) throw new HandshakeError(`block store height ${storeHeight} is more than one above the state height ${stateHeight}`);

  let replayed = 0;
  const execCommit = async (height: bigint): Promise<Uint8Array> => {
    const block = await loadBlock(blockStore, height);
    if (appHash.length > 0) checkAppHash(block.header.appHash, appHash, `replaying block ${height}`);
    const isInitial = height === state.initialHeight;
    const lastVals = isInitial ? new ValidatorSet() : await opts.stateStore.loadValidators(height - 1n);
    const res = await opts.app.finalizeBlock({
      txs: block.data.txs,
      decidedLastCommit: buildLastCommitInfo(block.lastCommit!, lastVals, isInitial),
      misbehavior: misbehaviorOf(block.evidence.evidence),
      hash: headerHash(block.header)!,
      height,
      time: block.header.time,
      nextValidatorsHash: block.header.nextValidatorsHash,
      proposerAddress: block.header.proposerAddress,
    });
    if (res.txResults.length !== block.data.txs.length) throw new HandshakeError(`app returned ${res.txResults.length} results for ${block.data.txs.length} txs`);
    await opts.app.commit({});
    replayed++;
    return res.appHash;
  };
  const applyWith = async (app: Application, height: bigint): Promise<State> => {
    const block = await loadBlock(blockStore, height);
    const meta = (await blockStore.loadBlockMeta(height))!;
    const executor = new AbciBlockExecutor({ app, stateStore: opts.stateStore, logger: opts.logger });
    replayed++;
    return executor.applyBlock(state, meta.blockId, block);
  };
  const from = appHeight === 0n ? state.initialHeight : appHeight + 1n;

  if (storeHeight === stateHeight) {
    for (let h = from; h <= storeHeight; h++) appHash = await execCommit(h);
    checkAppHash(state.appHash, appHash, 'after replay');
    return { state, appHash, replayedBlocks: replayed };
  }
  // The block store is one ahead: the last block was saved but its state was not.
  if (appHeight < stateHeight) {
    for (let h = from; h < storeHeight; h++) appHash = await execCommit(h);
    state = await applyWith(opts.app, storeHeight);
  } else if (appHeight === stateHeight) {
    state = await applyWith(opts.app, storeHeight);
  } else {
    const last = await opts.stateStore.loadLastFinalizeBlockResponse();
    if (last === undefined || last.height !== storeHeight) throw new HandshakeError(`no saved FinalizeBlock response for height ${storeHeight}`);
    state = await applyWith(new SavedResponseApp(last.response), storeHeight);
    checkAppHash(state.appHash, appHash, 'app ahead of state');
  }
  return { state, appHash: state.appHash, replayedBlocks: replayed };
}

async function loadBlock(store: BlockStore, height: bigint): Promise<Block> {
  const block = await store.loadBlock(height);
  if (block === undefined) throw new HandshakeError(`block ${height} is missing from the block store`);
  return block;
}
