/**
 * The core's state, inputs and effects. `apply(state, input)` (apply.ts) is
 * the only way the state changes; effects are requests to the outside world
 * (timers, signing, block creation/validation/execution, broadcasts, events).
 */
import type {
  BitArray,
  Block,
  BlockID,
  CometError,
  ExtendedCommit,
  Part,
  PartSet,
  PartSetHeader,
  Proposal,
  PublicKey,
  RoundStepType,
  Timestamp,
  ValidatorSet,
  Vote,
} from '@cometts/types';
import type { State } from '../driver/ports.js';
import type { HeightVoteSet } from './height-vote-set.js';
import type { SignatureVerifier } from './verifier.js';
import type { VoteSet } from './vote-set.js';

export type RoundStep = RoundStepType;

/** Consensus timeouts in milliseconds (config `[consensus]`). */
export interface ConsensusTimeouts {
  propose: number;
  proposeDelta: number;
  prevote: number;
  prevoteDelta: number;
  precommit: number;
  precommitDelta: number;
  /** The next height starts this long after the local commit time. */
  commit: number;
}

export const DEFAULT_TIMEOUTS: ConsensusTimeouts = {
  propose: 3000,
  proposeDelta: 500,
  prevote: 1000,
  prevoteDelta: 500,
  precommit: 1000,
  precommitDelta: 500,
  commit: 1000,
};

export interface CoreConfig {
  timeouts: ConsensusTimeouts;
  /** Start the next height as soon as precommits from all the voting power are in. */
  skipTimeoutCommit: boolean;
  createEmptyBlocks: boolean;
  /** With create_empty_blocks=false, still propose an empty block after this long (0: never). */
  createEmptyBlocksIntervalMs: number;
  verify: SignatureVerifier;
}

/** A block reassembled from its parts, with its hash computed once. */
export interface FullBlock {
  block: Block;
  parts: PartSet;
  hash: Uint8Array;
}

/** Our validator identity, when the node has a key. */
export interface SelfValidator {
  address: Uint8Array;
  pubKey: PublicKey;
}

/** The round state (consensus-algorithm.md §1) plus what the core needs to resume it. */
export interface RoundState {
  readonly config: CoreConfig;
  /** The replicated state after height − 1. */
  chain: State;
  self: SelfValidator | undefined;
  height: bigint;
  round: number;
  step: RoundStep;
  /** Validators of this height, priorities advanced to `round`. */
  validators: ValidatorSet;
  proposal: Proposal | undefined;
  proposalBlockParts: PartSet | undefined;
  proposalBlock: FullBlock | undefined;
  lockedRound: number;
  lockedBlock: FullBlock | undefined;
  validRound: number;
  validBlock: FullBlock | undefined;
  votes: HeightVoteSet;
  commitRound: number;
  /** Precommits of height − 1 (undefined at the initial height). */
  lastCommit: VoteSet | undefined;
  lastValidators: ValidatorSet;
  triggeredTimeoutPrecommit: boolean;
  /** validateBlock verdicts of this height, by block hash (hex). */
  verdicts: Map<string, boolean>;
  /** Hashes whose verdict was requested and has not arrived. */
  validating: Set<string>;
  /** The finalizeBlock effect was emitted; waiting for blockApplied. */
  finalizing: boolean;
  /** The previous block changed the app hash, so an empty block is needed even when waiting for txs. */
  needProofBlock: boolean;
}

export type Input =
  | { kind: 'proposal'; proposal: Proposal; peerId: string }
  | { kind: 'blockPart'; height: bigint; round: number; part: Part; peerId: string }
  | { kind: 'vote'; vote: Vote; peerId: string }
  | { kind: 'timeout'; height: bigint; round: number; step: RoundStep }
  | { kind: 'blockValidated'; height: bigint; hash: Uint8Array; valid: boolean }
  /** The block of `height` was saved and applied; `state` describes `height`. */
  | { kind: 'blockApplied'; height: bigint; state: State; needProofBlock: boolean }
  | { kind: 'txsAvailable' }
  | { kind: 'peerMaj23'; peerId: string; height: bigint; round: number; type: number; blockId: BlockID };

export type Effect =
  /** `since: 'commit'` measures from the local time the node last entered Commit (CometBFT's CommitTime), or from now if it never did. */
  | { kind: 'scheduleTimeout'; height: bigint; round: number; step: RoundStep; durationMs: number; since: 'now' | 'commit' }
  /** The step changed (newStep): write the round state to the WAL, broadcast NewRoundStep. */
  | { kind: 'roundStep'; height: bigint; round: number; step: RoundStep; lastCommitRound: number }
  /** Sign `vote` (timestamp = max(now, minTime)), then feed it back as our own vote. */
  | { kind: 'signVote'; vote: Vote; minTime: Timestamp | undefined; extend: boolean; block: Block | undefined }
  /** We are the proposer: propose `validBlock` if given, else create a block with `lastCommit`; sign; feed back proposal and parts. */
  | { kind: 'propose'; height: bigint; round: number; polRound: number; validBlock: FullBlock | undefined; lastCommit: ExtendedCommit | undefined }
  /** Validate a complete proposal block; answer with blockValidated. */
  | { kind: 'validateBlock'; height: bigint; round: number; block: Block; hash: Uint8Array }
  /** Save (if needed), write end_height, apply; answer with blockApplied. */
  | { kind: 'finalizeBlock'; height: bigint; round: number; blockId: BlockID; block: FullBlock; seenCommit: ExtendedCommit; extensionsEnabled: boolean }
  | { kind: 'broadcastProposal'; proposal: Proposal }
  | { kind: 'broadcastBlockPart'; height: bigint; round: number; part: Part }
  | { kind: 'broadcastVote'; vote: Vote }
  /** Any vote added to our vote sets (the reactor announces HasVote). */
  | { kind: 'voteAdded'; vote: Vote }
  /** A new valid block or a commit for a block we lack (NewValidBlock). */
  | { kind: 'validBlock'; height: bigint; round: number; partSetHeader: PartSetHeader; parts: BitArray; isCommit: boolean }
  /** Two votes of one validator for different blocks (vote A has the smaller block key): DuplicateVoteEvidence material. */
  | { kind: 'conflictingVotes'; voteA: Vote; voteB: Vote; validatorPower: bigint; totalVotingPower: bigint }
  | { kind: 'messageRejected'; peerId: string; error: CometError }
  /** Answer to a peer's VoteSetMaj23: which votes we hold for that block. */
  | { kind: 'voteSetBits'; peerId: string; height: bigint; round: number; type: number; blockId: BlockID; votes: BitArray };

export interface ApplyResult {
  state: RoundState;
  effects: Effect[];
}
