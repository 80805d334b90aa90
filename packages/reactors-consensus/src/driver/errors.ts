/** Typed errors of the consensus driver. */
import { CometError } from '@cometts/types';

/** The block store holds blocks beyond the one the state is missing: the stores disagree. */
export class StoreAheadOfStateError extends CometError {
  readonly code = 'STORE_AHEAD_OF_STATE';
  constructor(
    readonly storeHeight: bigint,
    readonly stateHeight: bigint,
  ) {
    super(`block store is at height ${storeHeight} but the state only at ${stateHeight}`);
  }
}

/** No stored commit for the last block: consensus cannot rebuild LastCommit. */
export class MissingLastCommitError extends CometError {
  readonly code = 'MISSING_LAST_COMMIT';
  constructor(readonly height: bigint) {
    super(`no stored commit for height ${height}`);
  }
}

/** The driver stopped (stop() or an unrecoverable error) and takes no more input. */
export class ConsensusHaltedError extends CometError {
  readonly code = 'CONSENSUS_HALTED';
  constructor(options?: { cause?: unknown }) {
    super('consensus is not running', options);
  }
}
