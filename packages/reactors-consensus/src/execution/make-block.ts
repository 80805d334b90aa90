/**
 * Building a block from a state (State.MakeBlock) and the byte budget for
 * its txs (MaxDataBytes).
 */
import {
  commitHash,
  consensusParamsHash,
  dataHash,
  effectiveMaxBlockBytes,
  evidenceHash,
  type Block,
  type Commit,
  type Evidence,
} from '@cometts/types';
import type { State } from '../driver/ports.js';
import { medianTime } from './commit-info.js';
import { BlockExecutionError } from './errors.js';
import { txProtoSize } from './sources.js';

/** Upper bounds of a block's parts other than txs (types/block.go). */
export const MAX_OVERHEAD_FOR_BLOCK = 11n;
export const MAX_HEADER_BYTES = 626n;
export const MAX_COMMIT_OVERHEAD_BYTES = 94n;
export const MAX_COMMIT_SIG_BYTES = 109n;

/** MaxDataBytes: what is left for txs once header, commit and evidence are accounted for. */
export function maxDataBytes(maxBytes: bigint, evidenceBytes: bigint, validatorCount: number): bigint {
  const commitBytes = MAX_COMMIT_OVERHEAD_BYTES + (MAX_COMMIT_SIG_BYTES + 2n) * BigInt(validatorCount);
  const left = effectiveMaxBlockBytes(maxBytes) - MAX_OVERHEAD_FOR_BLOCK - MAX_HEADER_BYTES - commitBytes - evidenceBytes;
  if (left < 0n) {
    throw new BlockExecutionError(`negative max data bytes ${left}: block max bytes ${maxBytes} is too small for ${validatorCount} validators and ${evidenceBytes} evidence bytes`);
  }
  return left;
}

/** Whether the txs' summed proto sizes fit `maxBytes` (Txs.Validate). */
export function txsFit(txs: readonly Uint8Array[], maxBytes: bigint): boolean {
  let total = 0n;
  for (const tx of txs) {
    total += BigInt(txProtoSize(tx));
    if (total > maxBytes) return false;
  }
  return true;
}

/**
 * Block `height` on `state`: header from the state (time = genesis time at
 * the initial height, else the median time of `lastCommit`), hashes of the
 * last commit, txs and evidence.
 */
export function makeBlock(state: State, height: bigint, txs: Uint8Array[], lastCommit: Commit, evidence: Evidence[], proposerAddress: Uint8Array): Block {
  const time = height === state.initialHeight ? state.lastBlockTime : medianTime(lastCommit, state.lastValidators);
  return {
    header: {
      version: state.version.consensus,
      chainId: state.chainId,
      height,
      time,
      lastBlockId: state.lastBlockId,
      lastCommitHash: commitHash(lastCommit),
      dataHash: dataHash(txs),
      validatorsHash: state.validators.hash(),
      nextValidatorsHash: state.nextValidators.hash(),
      consensusHash: consensusParamsHash(state.consensusParams),
      appHash: state.appHash,
      lastResultsHash: state.lastResultsHash,
      evidenceHash: evidenceHash(evidence),
      proposerAddress,
    },
    data: { txs },
    evidence: { evidence },
    lastCommit,
  };
}
