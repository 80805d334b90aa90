/**
 * Typed errors of the consensus state machine. Except ConsensusFailureError,
 * they describe a bad message (logged and dropped, as v0.38 does) and reach
 * the driver as a `messageRejected` effect.
 */
import { CometError } from '@cometts/types';

export type InvalidVoteReason =
  | 'UNEXPECTED_STEP'
  | 'INVALID_VALIDATOR_INDEX'
  | 'VALIDATOR_ADDRESS_MISMATCH'
  | 'INVALID_SIGNATURE'
  | 'INVALID_EXTENSION_SIGNATURE'
  | 'UNEXPECTED_EXTENSION'
  | 'INVALID_VOTE_TYPE';

/** A vote that cannot belong to the vote set it was offered to. */
export class InvalidVoteError extends CometError {
  readonly code = 'INVALID_VOTE';
  constructor(
    readonly reason: InvalidVoteReason,
    detail: string,
  ) {
    super(`invalid vote (${reason.toLowerCase().replaceAll('_', ' ')}): ${detail}`);
  }
}

/** Two different signatures over the same vote: ed25519 signing is deterministic, so one is forged. */
export class NonDeterministicSignatureError extends CometError {
  readonly code = 'VOTE_NON_DETERMINISTIC_SIGNATURE';
  constructor(readonly validatorIndex: number) {
    super(`validator ${validatorIndex} sent the same vote with a different signature`);
  }
}

/** A peer sent votes for more rounds we do not track than it is allowed (2 catch-up rounds). */
export class UnwantedRoundVoteError extends CometError {
  readonly code = 'VOTE_FROM_UNWANTED_ROUND';
  constructor(
    readonly peerId: string,
    readonly round: number,
  ) {
    super(`peer ${peerId || '(self)'} sent a vote for round ${round}, beyond its catch-up rounds`);
  }
}

/** A peer claimed +2/3 for two different blocks in the same round and step (the reactor disconnects it). */
export class ConflictingPeerMaj23Error extends CometError {
  readonly code = 'CONFLICTING_PEER_MAJ23';
  constructor(
    readonly peerId: string,
    readonly round: number,
  ) {
    super(`peer ${peerId} claimed +2/3 for two different blocks in round ${round}`);
  }
}

export type InvalidProposalReason = 'INVALID_POL_ROUND' | 'INVALID_SIGNATURE' | 'TOO_MANY_PARTS';

export class InvalidProposalError extends CometError {
  readonly code = 'INVALID_PROPOSAL';
  constructor(
    readonly reason: InvalidProposalReason,
    detail: string,
  ) {
    super(`invalid proposal (${reason.toLowerCase().replaceAll('_', ' ')}): ${detail}`);
  }
}

export type InvalidBlockPartReason = 'BAD_PART' | 'BLOCK_TOO_LARGE' | 'UNDECODABLE_BLOCK';

export class InvalidBlockPartError extends CometError {
  readonly code = 'INVALID_BLOCK_PART';
  constructor(
    readonly reason: InvalidBlockPartReason,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid block part (${reason.toLowerCase().replaceAll('_', ' ')}): ${detail}`, options);
  }
}

/**
 * A state only reachable if more than 1/3 of the voting power is faulty or the
 * node itself is broken (upstream panics): consensus must stop.
 */
export class ConsensusFailureError extends CometError {
  readonly code = 'CONSENSUS_FAILURE';
}
