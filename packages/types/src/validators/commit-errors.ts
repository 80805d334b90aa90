/** Typed errors of commit verification. */
import { CometError } from '../errors.js';

export type InvalidCommitReason =
  | 'WRONG_SIGNATURE_COUNT'
  | 'WRONG_HEIGHT'
  | 'WRONG_BLOCK_ID'
  | 'WRONG_VALIDATOR_ADDRESS'
  | 'DOUBLE_VOTE'
  | 'INVALID_BLOCK_ID_FLAG'
  | 'WRONG_SIGNATURE'
  | 'INVALID_TRUST_LEVEL';

/** A commit that does not prove what it is checked for. `index` names the offending signature. */
export class InvalidCommitError extends CometError {
  readonly code = 'INVALID_COMMIT';
  constructor(
    readonly reason: InvalidCommitReason,
    detail: string,
    readonly index?: number,
  ) {
    super(`invalid commit (${reason}): ${detail}`);
  }
}

/** Valid signatures, but their voting power does not exceed the threshold. */
export class NotEnoughVotingPowerError extends CometError {
  readonly code = 'NOT_ENOUGH_VOTING_POWER';
  constructor(
    readonly got: bigint,
    readonly needed: bigint,
  ) {
    super(`invalid commit -- insufficient voting power: got ${got}, needed more than ${needed}`);
  }
}
