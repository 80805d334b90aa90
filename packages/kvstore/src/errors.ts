/** The kvstore's failures: a block it cannot execute, or a damaged database. */
import { CometError } from '@cometts/types';

export class KVStoreError extends CometError {
  readonly code = 'KVSTORE_FAILURE';
  constructor(readonly reason: string) {
    super(`kvstore: ${reason}`);
  }
}
