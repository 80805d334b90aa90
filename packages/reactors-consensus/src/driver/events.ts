/**
 * What the driver publishes (for the consensus reactor, RPC and tests): step
 * changes, votes added, our own messages to broadcast, committed blocks.
 */
import type {
  BitArray,
  Block,
  BlockID,
  CometError,
  ConsensusMessage,
  PartSetHeader,
  Vote,
} from '@cometts/types';
import type { RoundStep } from '../core/types.js';
import type { State } from './ports.js';

export type ConsensusEvent =
  /** Every step change (NewRoundStep). `secondsSinceStartTime` is negative while waiting for the height to start. */
  | { type: 'newRoundStep'; height: bigint; round: number; step: RoundStep; secondsSinceStartTime: bigint; lastCommitRound: number }
  /** A vote was added to our vote sets (HasVote). */
  | { type: 'vote'; vote: Vote }
  /** Our own proposal, block part or vote, accepted by the state machine: send it to peers. */
  | { type: 'broadcast'; message: ConsensusMessage }
  | { type: 'validBlock'; height: bigint; round: number; partSetHeader: PartSetHeader; parts: BitArray; isCommit: boolean }
  /** A block was committed and applied; `state` is the state after it. */
  | { type: 'newBlock'; height: bigint; blockId: BlockID; block: Block; state: State }
  /** A peer's message was dropped by the state machine (v0.38 only logs these). */
  | { type: 'peerError'; peerId: string; error: CometError }
  /** Reply to a peer's VoteSetMaj23. */
  | { type: 'voteSetBits'; peerId: string; height: bigint; round: number; voteType: number; blockId: BlockID; votes: BitArray }
  /** Conflicting votes of one validator (also handed to the EvidenceReporter). */
  | { type: 'conflictingVotes'; voteA: Vote; voteB: Vote }
  /** Consensus stopped on an unrecoverable error (a failed port, a WAL failure, >1/3 faulty power). */
  | { type: 'halted'; error: unknown };

export type ConsensusListener = (event: ConsensusEvent) => void;

export class EventHub {
  private readonly listeners = new Set<ConsensusListener>();

  on(listener: ConsensusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ConsensusEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A listener's failure must not stop consensus.
      }
    }
  }
}
