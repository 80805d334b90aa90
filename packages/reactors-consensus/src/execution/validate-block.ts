/**
 * ValidateBlock (consensus-algorithm.md §14) without the application: basic
 * block checks and hash cross-checks, header against state, last commit,
 * proposer, time and evidence size. Returns why the block is invalid, or
 * undefined.
 */
import {
  Block,
  blockIDEquals,
  bytesEqual,
  commitHash,
  compareTimestamps,
  consensusParamsHash,
  dataHash,
  evidenceHash,
  verifyCommit,
} from '@cometts/types';
import type { State } from '../driver/ports.js';
import { medianTime } from './commit-info.js';
import { evidenceListSize } from './sources.js';

/** The block protocol version (block 11). */
export const BLOCK_PROTOCOL = 11n;

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

export function expectedHeight(state: State): bigint {
  return state.lastBlockHeight === 0n ? state.initialHeight : state.lastBlockHeight + 1n;
}

function basicReason(block: Block): string | undefined {
  try {
    Block.validate(block);
  } catch (err) {
    return (err as Error).message;
  }
  const h = block.header;
  if (h.version.block !== BLOCK_PROTOCOL) return `block protocol is ${h.version.block}, expected ${BLOCK_PROTOCOL}`;
  if (h.height <= 0n) return `header height must be > 0, got ${h.height}`;
  if (h.proposerAddress.length !== 20) return 'proposer address must be 20 bytes';
  if (h.lastBlockId.hash.length !== 0 && h.lastBlockId.hash.length !== 32) return 'last block id hash must be empty or 32 bytes';
  const commit = block.lastCommit!;
  if (!bytesEqual(h.lastCommitHash, commitHash(commit))) return `wrong last_commit_hash: header ${hex(h.lastCommitHash)}`;
  if (!bytesEqual(h.dataHash, dataHash(block.data.txs))) return `wrong data_hash: header ${hex(h.dataHash)}`;
  if (!bytesEqual(h.evidenceHash, evidenceHash(block.evidence.evidence))) return `wrong evidence_hash: header ${hex(h.evidenceHash)}`;
  return undefined;
}

/** Everything of §14 except the evidence pool check and ProcessProposal. */
export function blockInvalidReason(state: State, block: Block): string | undefined {
  const basic = basicReason(block);
  if (basic !== undefined) return basic;
  const h = block.header;
  const c = state.version.consensus;
  if (h.version.block !== c.block || h.version.app !== c.app) {
    return `wrong block version: expected {block ${c.block}, app ${c.app}}, got {block ${h.version.block}, app ${h.version.app}}`;
  }
  if (h.chainId !== state.chainId) return `wrong chain_id: expected ${state.chainId}, got ${h.chainId}`;
  const height = expectedHeight(state);
  if (h.height !== height) return `wrong height: expected ${height}, got ${h.height}`;
  if (!blockIDEquals(h.lastBlockId, state.lastBlockId)) return 'wrong last_block_id';
  if (!bytesEqual(h.appHash, state.appHash)) return `wrong app_hash: expected ${hex(state.appHash)}, got ${hex(h.appHash)}`;
  if (!bytesEqual(h.consensusHash, consensusParamsHash(state.consensusParams))) return 'wrong consensus_hash';
  if (!bytesEqual(h.lastResultsHash, state.lastResultsHash)) return 'wrong last_results_hash';
  if (!bytesEqual(h.validatorsHash, state.validators.hash())) return 'wrong validators_hash';
  if (!bytesEqual(h.nextValidatorsHash, state.nextValidators.hash())) return 'wrong next_validators_hash';
  const commit = block.lastCommit!;
  if (h.height === state.initialHeight) {
    if (commit.signatures.length !== 0) return "initial block can't have last commit signatures";
  } else {
    try {
      verifyCommit(state.chainId, state.lastValidators, state.lastBlockId, h.height - 1n, commit);
    } catch (err) {
      return `invalid last commit: ${(err as Error).message}`;
    }
  }
  if (!state.validators.hasAddress(h.proposerAddress)) return `proposer ${hex(h.proposerAddress)} is not a validator`;
  if (h.height === state.initialHeight) {
    if (compareTimestamps(h.time, state.lastBlockTime) !== 0) return 'initial block time is not the genesis time';
  } else {
    if (compareTimestamps(h.time, state.lastBlockTime) <= 0) return 'block time is not after the last block time';
    if (compareTimestamps(h.time, medianTime(commit, state.lastValidators)) !== 0) return 'block time is not the median time of the last commit';
  }
  const maxEvidence = state.consensusParams.evidence?.maxBytes ?? 0n;
  const evSize = evidenceListSize(block.evidence.evidence);
  if (evSize > maxEvidence) return `evidence takes ${evSize} bytes, more than the maximum ${maxEvidence}`;
  const seen = new Set<string>();
  for (const ev of block.evidence.evidence) {
    const key = hex(evidenceHash([ev]));
    if (seen.has(key)) return 'block holds duplicate evidence';
    seen.add(key);
  }
  return undefined;
}
