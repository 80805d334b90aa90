/**
 * A real, deterministic BlockExecutor for tests: builds blocks with correct
 * headers (hashes, BFT median time, last commit), validates them with the
 * checks of consensus-algorithm.md §14 and executes them with a tiny
 * hash-chain application (app_hash = sha256(app_hash ‖ txs)). A tx starting
 * with "bad" makes ProcessProposal reject the block, so tests can make a
 * proposer faulty.
 */
import {
  BlockIDFlag,
  blockIDEquals,
  bytesEqual,
  commitHash,
  compareTimestamps,
  consensusParamsHash,
  dataHash,
  evidenceHash,
  headerHash,
  sha256,
  verifyCommit,
  type Block,
  type BlockID,
  type Commit,
  type ExtendedCommit,
  type Timestamp,
  type ValidatorSet,
} from '@cometts/types';
import type { BlockExecutor, BlockVerdict, State } from '../../src/driver/ports.js';
import { nextHeight } from '../../src/core/commit-steps.js';
import { extendedCommitToCommit } from '@cometts/types';

const BAD_TX = new TextEncoder().encode('bad');

/** MedianTime: the voting-power weighted median of a commit's timestamps. */
export function medianTime(commit: Commit, validators: ValidatorSet): Timestamp {
  const weighted: { time: Timestamp; weight: bigint }[] = [];
  let total = 0n;
  for (const sig of commit.signatures) {
    if (sig.blockIdFlag === BlockIDFlag.Absent) continue;
    const val = validators.getByAddress(sig.validatorAddress);
    if (val === undefined) continue;
    total += val.validator.votingPower;
    weighted.push({ time: sig.timestamp, weight: val.validator.votingPower });
  }
  weighted.sort((a, b) => compareTimestamps(a.time, b.time));
  let median = total / 2n;
  for (const w of weighted) {
    if (median <= w.weight) return w.time;
    median -= w.weight;
  }
  throw new Error('median of an empty commit');
}

/** Builds block `height` on `state` with `txs` (what CreateProposalBlock does after PrepareProposal). */
export function buildBlock(state: State, height: bigint, lastCommit: ExtendedCommit, proposer: Uint8Array, txs: Uint8Array[]): Block {
  const commit = extendedCommitToCommit(lastCommit);
  const time = height === state.initialHeight ? state.lastBlockTime : medianTime(commit, state.lastValidators);
  return {
    header: {
      version: state.version.consensus,
      chainId: state.chainId,
      height,
      time,
      lastBlockId: state.lastBlockId,
      lastCommitHash: commitHash(commit),
      dataHash: dataHash(txs),
      validatorsHash: state.validators.hash(),
      nextValidatorsHash: state.nextValidators.hash(),
      consensusHash: consensusParamsHash(state.consensusParams),
      appHash: state.appHash,
      lastResultsHash: state.lastResultsHash,
      evidenceHash: evidenceHash([]),
      proposerAddress: proposer,
    },
    data: { txs },
    evidence: { evidence: [] },
    lastCommit: commit,
  };
}

export type TxSource = (height: bigint, proposer: Uint8Array) => Uint8Array[];

export const defaultTxs: TxSource = (height, proposer) => [
  new TextEncoder().encode(`h${height}=${Buffer.from(proposer).toString('hex').slice(0, 8)}`),
];

export class TestExecutor implements BlockExecutor {
  applied = 0;
  constructor(private readonly txs: TxSource = defaultTxs) {}

  createProposalBlockSync(state: State, height: bigint, lastCommit: ExtendedCommit, proposer: Uint8Array): Block {
    return buildBlock(state, height, lastCommit, proposer, this.txs(height, proposer));
  }

  validateBlockSync(state: State, block: Block): BlockVerdict {
    const h = block.header;
    const fail = (reason: string): BlockVerdict => ({ valid: false, reason });
    if (h.version.block !== 11n || h.version.app !== state.version.consensus.app) return fail('wrong version');
    if (h.chainId !== state.chainId) return fail('wrong chain id');
    if (h.height !== nextHeight(state)) return fail(`wrong height ${h.height}`);
    if (!blockIDEquals(h.lastBlockId, state.lastBlockId)) return fail('wrong last block id');
    if (!bytesEqual(h.appHash, state.appHash)) return fail('wrong app hash');
    if (!bytesEqual(h.consensusHash, consensusParamsHash(state.consensusParams))) return fail('wrong consensus hash');
    if (!bytesEqual(h.lastResultsHash, state.lastResultsHash)) return fail('wrong last results hash');
    if (!bytesEqual(h.validatorsHash, state.validators.hash())) return fail('wrong validators hash');
    if (!bytesEqual(h.nextValidatorsHash, state.nextValidators.hash())) return fail('wrong next validators hash');
    const commit = block.lastCommit!;
    if (!bytesEqual(h.lastCommitHash, commitHash(commit))) return fail('wrong last commit hash');
    if (!bytesEqual(h.dataHash, dataHash(block.data.txs))) return fail('wrong data hash');
    if (!bytesEqual(h.evidenceHash, evidenceHash(block.evidence.evidence))) return fail('wrong evidence hash');
    if (!state.validators.hasAddress(h.proposerAddress)) return fail('proposer is not a validator');
    if (h.height === state.initialHeight) {
      if (commit.signatures.length > 0) return fail('initial block with a last commit');
      if (compareTimestamps(h.time, state.lastBlockTime) !== 0) return fail('initial block time is not genesis time');
    } else {
      try {
        verifyCommit(state.chainId, state.lastValidators, state.lastBlockId, h.height - 1n, commit);
      } catch (err) {
        return fail(`bad last commit: ${(err as Error).message}`);
      }
      if (compareTimestamps(h.time, state.lastBlockTime) <= 0) return fail('block time not after the last block');
      if (compareTimestamps(h.time, medianTime(commit, state.lastValidators)) !== 0) return fail('block time is not the median');
    }
    if (block.data.txs.some((tx) => bytesEqual(tx.subarray(0, BAD_TX.length), BAD_TX))) return fail('application rejected a tx');
    return { valid: true };
  }

  applyBlockSync(state: State, blockId: BlockID, block: Block): State {
    if (!bytesEqual(headerHash(block.header)!, blockId.hash)) throw new Error('applyBlock: block does not match its ID');
    this.applied++;
    return {
      ...state,
      lastBlockHeight: block.header.height,
      lastBlockId: blockId,
      lastBlockTime: block.header.time,
      lastValidators: state.validators,
      validators: state.nextValidators,
      nextValidators: state.nextValidators.copyIncrementProposerPriority(1),
      appHash: sha256(state.appHash, ...block.data.txs),
    };
  }

  async createProposalBlock(state: State, height: bigint, lastCommit: ExtendedCommit, proposer: Uint8Array): Promise<Block> {
    return this.createProposalBlockSync(state, height, lastCommit, proposer);
  }

  async validateBlock(state: State, block: Block): Promise<BlockVerdict> {
    return this.validateBlockSync(state, block);
  }

  async applyBlock(state: State, blockId: BlockID, block: Block): Promise<State> {
    return this.applyBlockSync(state, blockId, block);
  }
}
