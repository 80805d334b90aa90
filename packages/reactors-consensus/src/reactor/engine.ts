/**
 * What the reactor needs from the consensus engine (ConsensusDriver
 * implements it) and from the block store (@cometts/store's BlockStore
 * implements it). Narrow structural types keep the reactor testable and
 * read-only towards the round state.
 */
import type {
  BitArray,
  BlockID,
  Commit,
  ConsensusMessage,
  ConsensusParams,
  ExtendedCommit,
  Part,
  PartSet,
  Proposal,
  VoteSetMaj23,
} from '@cometts/types';
import type { ConsensusListener } from '../driver/events.js';
import type { VoteSetLike } from './vote-source.js';

export interface GossipVoteSet extends VoteSetLike {
  bitArrayByBlockID(blockId: BlockID): BitArray | undefined;
}

/** The round state as gossip reads it (a subset of the core's RoundState). */
export interface GossipRoundState {
  readonly height: bigint;
  readonly round: number;
  readonly step: number;
  readonly proposal: Proposal | undefined;
  readonly proposalBlockParts: PartSet | undefined;
  readonly votes: {
    prevotes(round: number): GossipVoteSet | undefined;
    precommits(round: number): GossipVoteSet | undefined;
  };
  /** Precommits of height − 1 (undefined at the initial height). */
  readonly lastCommit: GossipVoteSet | undefined;
  readonly validators: { readonly size: number };
  readonly chain: { readonly initialHeight: bigint; readonly consensusParams: ConsensusParams };
}

export interface ConsensusEngine {
  /** The current round state; undefined until the engine has started. */
  readonly roundState: GossipRoundState | undefined;
  /** Local time (ms) the current height started (NewRoundStep's seconds_since_start_time). */
  readonly startTimeMs: number;
  on(listener: ConsensusListener): () => void;
  /** Queues a peer's Proposal, BlockPart or Vote without waiting; false if the queue is full. */
  deliver(msg: ConsensusMessage, peerId: string): boolean;
  /** Same, waiting up to timeoutMs for room. */
  deliverWait(msg: ConsensusMessage, peerId: string, timeoutMs: number): Promise<boolean>;
  /** A peer's +2/3 claim; answered by a voteSetBits event (a conflicting claim by a peerError event). */
  setPeerMaj23(peerId: string, m: VoteSetMaj23): boolean;
}

export interface GossipBlockStore {
  base(): bigint;
  height(): bigint;
  loadBlockMeta(height: bigint): Promise<{ readonly blockId: BlockID } | undefined>;
  loadBlockPart(height: bigint, index: number): Promise<Part | undefined>;
  /** The commit for `height` carried by block height + 1. */
  loadBlockCommit(height: bigint): Promise<Commit | undefined>;
  /** Our own +2/3 precommits for `height`. */
  loadSeenCommit(height: bigint): Promise<Commit | undefined>;
  loadExtendedCommit(height: bigint): Promise<ExtendedCommit | undefined>;
}
