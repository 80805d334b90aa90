/** Failures of block creation, execution and the start-up handshake (fatal for consensus). */
import { CometError } from '@cometts/types';

/** The application or the state transition produced something consensus cannot continue from. */
export class BlockExecutionError extends CometError {
  readonly code = 'BLOCK_EXECUTION_FAILED';
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`block execution failed: ${reason}`, options);
  }
}

/** The application's app hash differs from the one the chain recorded. */
export class AppHashMismatchError extends CometError {
  readonly code = 'APP_HASH_MISMATCH';
  constructor(
    readonly expected: Uint8Array,
    readonly got: Uint8Array,
    readonly where: string,
  ) {
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();
    super(`app hash mismatch (${where}): expected ${hex(expected)}, got ${hex(got)}`);
  }
}

/** The stores and the application are in a combination the handshake cannot reconcile. */
export class HandshakeError extends CometError {
  readonly code = 'HANDSHAKE_FAILED';
  constructor(readonly reason: string) {
    super(`handshake failed: ${reason}`);
  }
}
