/** Typed errors of the consensus write-ahead log. */
import { CometError } from '@cometts/types';

/** Why a WAL record could not be read back. */
export type WalCorruptionReason = 'truncated header' | 'truncated data' | 'record too large' | 'checksum mismatch' | 'undecodable message';

/**
 * A record in a WAL file that cannot be read back: a torn write at the end of
 * the file (crash during append) or damaged bytes. `offset` is where the bad
 * record starts; everything before it is intact.
 */
export class WalCorruptionError extends CometError {
  readonly code = 'WAL_CORRUPTION';
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly reason: WalCorruptionReason,
    options?: { cause?: unknown },
  ) {
    super(`corrupted WAL record in ${file} at offset ${offset}: ${reason}`, options);
  }

  /** A torn tail: the file simply ends inside the last record. */
  get isTornTail(): boolean {
    return this.reason === 'truncated header' || this.reason === 'truncated data';
  }
}

/** A message too big for one WAL record (upstream's limit is 1 MiB + 24 bytes). */
export class WalRecordTooLargeError extends CometError {
  readonly code = 'WAL_RECORD_TOO_LARGE';
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`WAL record of ${size} bytes exceeds the limit of ${limit} bytes`);
  }
}

/** The WAL already holds the end of a height the node has not committed: it is ahead of the stores. */
export class WalAheadOfStateError extends CometError {
  readonly code = 'WAL_AHEAD_OF_STATE';
  constructor(readonly height: bigint) {
    super(`WAL contains end_height ${height}, but the node has not committed that height`);
  }
}

/** The WAL was used after close() (a programming error in the caller). */
export class WalClosedError extends CometError {
  readonly code = 'WAL_CLOSED';
  constructor() {
    super('consensus WAL is closed');
  }
}
