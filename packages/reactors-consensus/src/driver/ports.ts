/**
 * Ports: what the consensus driver needs from the rest of a node. The
 * consensus engine never reaches into stores, keys or the application
 * directly; a node wires these to @cometts/store, the file private validator
 * and the block executor (ABCI), and tests wire them to small real
 * in-memory implementations.
 *
 * Every method may be async. The driver awaits each call before it takes the
 * next input, so implementations never see concurrent calls from one driver.
 */
import type {
  Block,
  BlockID,
  Commit,
  ConsensusParams,
  ConsensusVersion,
  ExtendedCommit,
  PartSet,
  Proposal,
  PublicKey,
  Timestamp,
  ValidatorSet,
  Vote,
} from '@cometts/types';

/**
 * The replicated state after block `lastBlockHeight` (CometBFT `sm.State`):
 * everything needed to validate and execute block `lastBlockHeight + 1`.
 * Treat as immutable: applyBlock returns a new one.
 */
export interface State {
  version: { consensus: ConsensusVersion; software: string };
  chainId: string;
  initialHeight: bigint;
  /** 0 before the first block. */
  lastBlockHeight: bigint;
  /** Zero BlockID before the first block. */
  lastBlockId: BlockID;
  /** Genesis time before the first block. */
  lastBlockTime: Timestamp;
  /** Validators of lastBlockHeight + 2. */
  nextValidators: ValidatorSet;
  /** Validators of lastBlockHeight + 1: they decide the next block. */
  validators: ValidatorSet;
  /** Validators of lastBlockHeight (they signed the last commit); empty before the first block. */
  lastValidators: ValidatorSet;
  lastHeightValidatorsChanged: bigint;
  consensusParams: ConsensusParams;
  lastHeightConsensusParamsChanged: bigint;
  /** Merkle root of the deterministic results of lastBlockHeight's txs. */
  lastResultsHash: Uint8Array;
  /** App hash after executing lastBlockHeight (the next header's app_hash). */
  appHash: Uint8Array;
}

/** True when vote extensions are enabled at `height` (abci.vote_extensions_enable_height). */
export function voteExtensionsEnabled(params: ConsensusParams, height: bigint): boolean {
  const enableHeight = params.abci?.voteExtensionsEnableHeight ?? 0n;
  return enableHeight > 0n && height >= enableHeight;
}

/** What validateBlock concluded. An invalid block is a normal outcome (a faulty proposer), not an error. */
export type BlockVerdict = { valid: true } | { valid: false; reason: string };

/** Block creation, validation and execution (consensus-algorithm.md §13–15). */
export interface BlockExecutor {
  /**
   * Builds block `height` for `state` (CreateProposalBlock: LastCommit,
   * evidence, reaped txs, ABCI PrepareProposal, header with the BFT median
   * time). `lastCommit` is the previous height's extended commit (empty,
   * height 0, at the initial height).
   */
  createProposalBlock(state: State, height: bigint, lastCommit: ExtendedCommit, proposerAddress: Uint8Array): Promise<Block>;

  /**
   * ValidateBlock (every header, commit, evidence and time check of §14)
   * followed by ABCI ProcessProposal. Resolves `{valid: false}` for a block
   * that must be prevoted nil; rejects only when validation itself cannot run
   * (the application failed), which stops consensus.
   */
  validateBlock(state: State, block: Block): Promise<BlockVerdict>;

  /**
   * ApplyBlock (§15) of a block already validated: FinalizeBlock, state
   * transition (validator updates, proposer priorities, params), ABCI Commit,
   * saving the new state. Resolves to the state after `block`. A failure is
   * fatal for consensus.
   */
  applyBlock(state: State, blockId: BlockID, block: Block): Promise<State>;

  /** ABCI ExtendVote for our non-nil precommit (only when extensions are enabled at the vote's height). */
  extendVote?(state: State, vote: Vote, block: Block): Promise<Uint8Array>;

  /** ABCI VerifyVoteExtension for a peer's non-nil precommit (only when extensions are enabled). */
  verifyVoteExtension?(state: State, vote: Vote): Promise<boolean>;
}

/**
 * The validator's signer. It must never sign two different votes or
 * proposals for the same height/round/step, must re-sign an identical one
 * (returning the stored signature and timestamp), and must persist its last
 * sign state before a signature leaves it. It rejects (throws) instead of
 * double signing.
 */
export interface PrivValidator {
  getPubKey(): Promise<PublicKey>;
  /**
   * Returns `vote` signed. The timestamp may be replaced by the one stored
   * for an identical earlier request. With `signExtension`, the extension of
   * a non-nil precommit is signed too.
   */
  signVote(chainId: string, vote: Vote, signExtension: boolean): Promise<Vote>;
  /** Returns `proposal` signed (the timestamp may be replaced as for votes). */
  signProposal(chainId: string, proposal: Proposal): Promise<Proposal>;
}

/** The block store as consensus uses it (@cometts/store implements it). */
export interface BlockStore {
  /** Lowest stored height (0 when empty). */
  base(): bigint;
  /** Highest stored height (0 when empty). */
  height(): bigint;
  /**
   * Saves block, parts and our seen commit for the block's height in one
   * batch; also the block's own last_commit as the commit of height − 1.
   * With `extendedCommit` (extensions enabled at that height) it is stored too.
   */
  saveBlock(block: Block, parts: PartSet, seenCommit: Commit, extendedCommit?: ExtendedCommit): Promise<void>;
  loadBlock(height: bigint): Promise<Block | undefined>;
  /** Our own +2/3 precommits for `height` (SC:height). */
  loadSeenCommit(height: bigint): Promise<Commit | undefined>;
  /** The commit for `height` carried by block height + 1 (C:height). */
  loadBlockCommit(height: bigint): Promise<Commit | undefined>;
  /** The extended commit for `height`, when extensions were enabled then (EC:height). */
  loadExtendedCommit(height: bigint): Promise<ExtendedCommit | undefined>;
}

/** Where conflicting votes go: the evidence pool turns them into DuplicateVoteEvidence once the height is committed. */
export interface EvidenceReporter {
  reportConflictingVotes(voteA: Vote, voteB: Vote): void;
}

/** The driver's logger (an injected small interface, as everywhere in cometts). */
export interface ConsensusLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Wall time and timers, injected so tests can run the driver on simulated time. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  setTimer(fn: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}
