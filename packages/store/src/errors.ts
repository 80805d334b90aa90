/** Typed errors of the block and state stores. */
import { CometError } from '@cometts/types';

/** A stored value that does not decode: the database is damaged or was written by something else. */
export class StoreCorruptionError extends CometError {
  readonly code = 'STORE_CORRUPTED';
  constructor(
    readonly key: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`corrupted store entry ${JSON.stringify(key)}: ${reason}`, options);
  }
}

/** A save the block store refuses (non-contiguous height, incomplete parts, mismatched commit). */
export class InvalidBlockSaveError extends CometError {
  readonly code = 'INVALID_BLOCK_SAVE';
  constructor(readonly reason: string) {
    super(`cannot save block: ${reason}`);
  }
}

/** A prune request outside the stored range. */
export class InvalidPruneError extends CometError {
  readonly code = 'INVALID_PRUNE';
  constructor(readonly reason: string) {
    super(`cannot prune: ${reason}`);
  }
}

/** Something the state store was asked for and does not hold. */
export class StateNotFoundError extends CometError {
  readonly code = 'STATE_NOT_FOUND';
  constructor(
    readonly what: string,
    readonly height?: bigint,
  ) {
    super(`state store has no ${what}${height === undefined ? '' : ` for height ${height}`}`);
  }
}
