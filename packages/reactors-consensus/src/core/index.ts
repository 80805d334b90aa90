/** The pure consensus core's public API (re-exported by the package index). */
export { start as startCore, apply as applyCore } from './apply.js';
export { nextHeight, type StartOptions } from './commit-steps.js';
export { makeExtendedCommit, emptyExtendedCommit, voteSetFromCommit } from './commit.js';
export { VoteSet, type VoteSetParams, type AddVoteResult, type VoteConflict } from './vote-set.js';
export { HeightVoteSet, MAX_PEER_CATCHUP_ROUNDS } from './height-vote-set.js';
export { defaultVerifier, type SignatureVerifier } from './verifier.js';
export {
  DEFAULT_TIMEOUTS,
  type ConsensusTimeouts,
  type CoreConfig,
  type RoundState,
  type RoundStep,
  type FullBlock,
  type SelfValidator,
  type Input,
  type Effect,
  type ApplyResult,
} from './types.js';
export {
  InvalidVoteError,
  NonDeterministicSignatureError,
  UnwantedRoundVoteError,
  ConflictingPeerMaj23Error,
  InvalidProposalError,
  InvalidBlockPartError,
  ConsensusFailureError,
  type InvalidVoteReason,
  type InvalidProposalReason,
  type InvalidBlockPartReason,
} from './errors.js';
