/**
 * AbciBlockExecutor: the driver's BlockExecutor on an ABCI application
 * (consensus-algorithm.md §13–15): CreateProposalBlock with PrepareProposal,
 * ValidateBlock with ProcessProposal, ApplyBlock with FinalizeBlock, the
 * state transition, Commit and saving, and vote extensions.
 */
import {
  ProcessProposalStatus,
  VerifyVoteExtensionStatus,
  bytesEqual,
  headerHash,
  timestampToUnixNanos,
  type Application,
  type Block,
  type BlockID,
  type ExtendedCommit,
  type FinalizeBlockResponse,
  type Timestamp,
  type Vote,
} from '@cometts/types';
import type { BlockStore, StateStore } from '@cometts/store';
import { voteExtensionsEnabled, type BlockExecutor, type BlockVerdict, type ConsensusLogger, type State } from '../driver/ports.js';
import { buildExtendedCommitInfo, buildLastCommitInfo, misbehaviorOf } from './commit-info.js';
import { extendedCommitToCommit } from '@cometts/types';
import { BlockExecutionError } from './errors.js';
import { makeBlock, maxDataBytes, txsFit } from './make-block.js';
import { noEvidence, type EvidenceSource, type TxSource } from './sources.js';
import { updateState } from './state-transition.js';
import { blockInvalidReason } from './validate-block.js';

export interface BlockAppliedEvent {
  block: Block;
  blockId: BlockID;
  response: FinalizeBlockResponse;
  state: State;
}

export interface BlockExecutorOptions {
  app: Application;
  stateStore: StateStore;
  /** Where blocks are pruned when Commit returns a retain height (no pruning without it). */
  blockStore?: BlockStore;
  /** The mempool; no txs are proposed without one. */
  txSource?: TxSource;
  evidenceSource?: EvidenceSource;
  logger?: ConsensusLogger;
  /** Called after each block is applied and saved (events: NewBlock, Tx, ValidatorSetUpdates …). */
  onBlockApplied?: (event: BlockAppliedEvent) => void;
}

const emptyTxs: TxSource = { reapMaxBytesMaxGas: () => [], update: () => undefined };

/** IsEvidenceExpired: both older than max_age_num_blocks and than max_age_duration. */
function evidenceExpiredFor(state: State) {
  const params = state.consensusParams.evidence!;
  const now = timestampToUnixNanos(state.lastBlockTime);
  return (height: bigint, time: Timestamp) =>
    state.lastBlockHeight - height > params.maxAgeNumBlocks && now - timestampToUnixNanos(time) > params.maxAgeDuration;
}

export class AbciBlockExecutor implements BlockExecutor {
  private readonly txs: TxSource;
  private readonly evidence: EvidenceSource;
  private lastValidatedHash: Uint8Array | undefined;

  constructor(private readonly opts: BlockExecutorOptions) {
    this.txs = opts.txSource ?? emptyTxs;
    this.evidence = opts.evidenceSource ?? noEvidence;
  }

  get app(): Application {
    return this.opts.app;
  }

  async createProposalBlock(state: State, height: bigint, lastCommit: ExtendedCommit, proposerAddress: Uint8Array): Promise<Block> {
    const params = state.consensusParams;
    const maxBytes = params.block!.maxBytes;
    const { evidence, size } = this.evidence.pendingEvidence(params.evidence!.maxBytes);
    const dataBytes = maxDataBytes(maxBytes, size, state.validators.size);
    const reaped = this.txs.reapMaxBytesMaxGas(maxBytes === -1n ? -1n : dataBytes, params.block!.maxGas);
    const commit = extendedCommitToCommit(lastCommit);
    const draft = makeBlock(state, height, reaped, commit, evidence, proposerAddress);
    const extEnabled = voteExtensionsEnabled(params, lastCommit.height);
    const response = await this.opts.app.prepareProposal({
      maxTxBytes: dataBytes,
      txs: reaped,
      localLastCommit: buildExtendedCommitInfo(lastCommit, state.lastValidators, state.initialHeight, extEnabled),
      misbehavior: misbehaviorOf(evidence),
      height,
      time: draft.header.time,
      nextValidatorsHash: draft.header.nextValidatorsHash,
      proposerAddress,
    });
    if (!txsFit(response.txs, dataBytes)) {
      throw new BlockExecutionError(`PrepareProposal returned txs larger than max_tx_bytes ${dataBytes}`);
    }
    return makeBlock(state, height, response.txs, commit, evidence, proposerAddress);
  }

  async validateBlock(state: State, block: Block): Promise<BlockVerdict> {
    const reason = blockInvalidReason(state, block) ?? (await this.evidence.checkEvidence(state, block.evidence.evidence));
    if (reason !== undefined) return { valid: false, reason };
    const hash = headerHash(block.header)!;
    const isInitial = block.header.height === state.initialHeight;
    const response = await this.opts.app.processProposal({
      txs: block.data.txs,
      proposedLastCommit: buildLastCommitInfo(block.lastCommit!, state.lastValidators, isInitial),
      misbehavior: misbehaviorOf(block.evidence.evidence),
      hash,
      height: block.header.height,
      time: block.header.time,
      nextValidatorsHash: block.header.nextValidatorsHash,
      proposerAddress: block.header.proposerAddress,
    });
    if (response.status === ProcessProposalStatus.Unknown) throw new BlockExecutionError('ProcessProposal returned status UNKNOWN');
    if (response.status !== ProcessProposalStatus.Accept) return { valid: false, reason: 'the application rejected the proposal' };
    this.lastValidatedHash = hash;
    return { valid: true };
  }

  async applyBlock(state: State, blockId: BlockID, block: Block): Promise<State> {
    const hash = headerHash(block.header);
    if (hash === undefined || !bytesEqual(hash, blockId.hash)) throw new BlockExecutionError('block does not match its block ID');
    if (this.lastValidatedHash === undefined || !bytesEqual(this.lastValidatedHash, hash)) {
      const reason = blockInvalidReason(state, block) ?? (await this.evidence.checkEvidence(state, block.evidence.evidence));
      if (reason !== undefined) throw new BlockExecutionError(`cannot apply an invalid block: ${reason}`);
    }
    const isInitial = block.header.height === state.initialHeight;
    const response = await this.opts.app.finalizeBlock({
      txs: block.data.txs,
      decidedLastCommit: buildLastCommitInfo(block.lastCommit!, state.lastValidators, isInitial),
      misbehavior: misbehaviorOf(block.evidence.evidence),
      hash,
      height: block.header.height,
      time: block.header.time,
      nextValidatorsHash: block.header.nextValidatorsHash,
      proposerAddress: block.header.proposerAddress,
    });
    if (response.txResults.length !== block.data.txs.length) {
      throw new BlockExecutionError(`expected ${block.data.txs.length} tx results, the application returned ${response.txResults.length}`);
    }
    await this.opts.stateStore.saveFinalizeBlockResponse(block.header.height, response);
    const next = updateState(state, blockId, block.header, response);
    if (response.validatorUpdates.length > 0) this.opts.logger?.info('updates to validators', { count: response.validatorUpdates.length });

    const { retainHeight } = await this.opts.app.commit({});
    await this.txs.update(block.header.height, block.data.txs, response.txResults);
    this.evidence.update(next, block.evidence.evidence);
    next.appHash = response.appHash;
    await this.opts.stateStore.save(next);
    this.lastValidatedHash = undefined;
    if (retainHeight > 0n) await this.prune(retainHeight, next);
    this.opts.onBlockApplied?.({ block, blockId, response, state: next });
    return next;
  }

  private async prune(retainHeight: bigint, state: State): Promise<void> {
    const store = this.opts.blockStore;
    if (store === undefined || retainHeight <= store.base()) return;
    try {
      const { pruned } = await store.pruneBlocks(retainHeight > store.height() ? store.height() : retainHeight, { evidenceExpired: evidenceExpiredFor(state) });
      this.opts.logger?.debug('pruned blocks', { pruned: pruned.toString(), retainHeight: retainHeight.toString() });
    } catch (err) {
      this.opts.logger?.error('failed to prune blocks', { retainHeight: retainHeight.toString(), err: (err as Error).message });
    }
  }

  async extendVote(state: State, vote: Vote, block: Block): Promise<Uint8Array> {
    const isInitial = block.header.height === state.initialHeight;
    const response = await this.opts.app.extendVote({
      hash: vote.blockId.hash,
      height: vote.height,
      time: block.header.time,
      txs: block.data.txs,
      proposedLastCommit: buildLastCommitInfo(block.lastCommit!, state.lastValidators, isInitial),
      misbehavior: misbehaviorOf(block.evidence.evidence),
      nextValidatorsHash: block.header.nextValidatorsHash,
      proposerAddress: block.header.proposerAddress,
    });
    return response.voteExtension;
  }

  async verifyVoteExtension(_state: State, vote: Vote): Promise<boolean> {
    const response = await this.opts.app.verifyVoteExtension({
      hash: vote.blockId.hash,
      validatorAddress: vote.validatorAddress,
      height: vote.height,
      voteExtension: vote.extension,
    });
    if (response.status === VerifyVoteExtensionStatus.Unknown) throw new BlockExecutionError('VerifyVoteExtension returned status UNKNOWN');
    return response.status === VerifyVoteExtensionStatus.Accept;
  }
}
