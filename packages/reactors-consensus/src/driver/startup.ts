/**
 * What the driver does before the state machine starts: apply a block that
 * was saved but not applied before a crash, rebuild LastCommit from the
 * stored commit, and tell whether the next block must be a proof block.
 */
import { Block, PartSet, bytesEqual, headerHash, type BlockID } from '@cometts/types';
import { voteSetFromCommit } from '../core/commit.js';
import type { SignatureVerifier } from '../core/verifier.js';
import type { VoteSet } from '../core/vote-set.js';
import { MissingLastCommitError, StoreAheadOfStateError } from './errors.js';
import { voteExtensionsEnabled, type BlockExecutor, type BlockStore, type State } from './ports.js';

export interface Recovered {
  state: State;
  lastCommit: VoteSet | undefined;
  needProofBlock: boolean;
}

/** BlockID of a block, as its proposer made it (64 KiB parts of its proto bytes). */
export function blockIdOf(block: Block): { blockId: BlockID; parts: PartSet } {
  const parts = PartSet.fromData(Block.encode(block));
  return { blockId: { hash: headerHash(block.header)!, partSetHeader: parts.header() }, parts };
}

export async function recoverStart(state: State, store: BlockStore, executor: BlockExecutor, verify: SignatureVerifier): Promise<Recovered> {
  const storeHeight = store.height();
  if (storeHeight > state.lastBlockHeight + 1n) throw new StoreAheadOfStateError(storeHeight, state.lastBlockHeight);
  if (storeHeight === state.lastBlockHeight + 1n && storeHeight > 0n) {
    // Crashed after saving the block and before the state: apply it now (upstream's handshake does the same).
    const block = await store.loadBlock(storeHeight);
    if (block === undefined) throw new MissingLastCommitError(storeHeight);
    state = await executor.applyBlock(state, blockIdOf(block).blockId, block);
  }
  if (state.lastBlockHeight === 0n) return { state, lastCommit: undefined, needProofBlock: true };
  const height = state.lastBlockHeight;
  const extensions = voteExtensionsEnabled(state.consensusParams, height);
  const commit = extensions ? await store.loadExtendedCommit(height) : ((await store.loadSeenCommit(height)) ?? (await store.loadBlockCommit(height)));
  if (commit === undefined) throw new MissingLastCommitError(height);
  const lastCommit = voteSetFromCommit(state.chainId, commit, state.lastValidators, extensions, verify);
  const last = await store.loadBlock(height);
  const needProofBlock = last === undefined || !bytesEqual(state.appHash, last.header.appHash);
  return { state, lastCommit, needProofBlock };
}
