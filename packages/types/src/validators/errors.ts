/** Typed errors of validators, validator sets and set updates. */
import { CometError } from '../errors.js';

/** A validator that breaks Validator.ValidateBasic. */
export class InvalidValidatorError extends CometError {
  readonly code = 'INVALID_VALIDATOR';
  constructor(readonly reason: string) {
    super(`invalid validator: ${reason}`);
  }
}

/** A validator set that cannot be used (empty, bad member, bad proposer, power overflow). */
export class InvalidValidatorSetError extends CometError {
  readonly code = 'INVALID_VALIDATOR_SET';
  constructor(readonly reason: string, options?: { cause?: unknown }) {
    super(`invalid validator set: ${reason}`, options);
  }
}

export type ValidatorUpdateFailure =
  | 'DUPLICATE_ENTRY'
  | 'NEGATIVE_POWER'
  | 'POWER_TOO_HIGH'
  | 'DELETES_NOT_ALLOWED'
  | 'EMPTY_RESULT'
  | 'REMOVAL_OF_UNKNOWN'
  | 'TOTAL_POWER_OVERFLOW';

/** A change set that UpdateWithChangeSet refuses; the set is left unchanged. */
export class InvalidValidatorUpdateError extends CometError {
  readonly code = 'INVALID_VALIDATOR_UPDATE';
  constructor(
    readonly reason: ValidatorUpdateFailure,
    readonly detail: string,
  ) {
    super(`invalid validator update (${reason}): ${detail}`);
  }
}
