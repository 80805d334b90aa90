/** Why the consensus reactor disconnects a peer (the reason reaches every reactor's removePeer). */
import { CometError } from '@cometts/types';

/** A p2p 8 (v0.38) peer sent a message only v1 defines: a v0.38 node cannot decode it either. */
export class UnsupportedConsensusMessageError extends CometError {
  readonly code = 'UNSUPPORTED_CONSENSUS_MESSAGE';
  constructor(
    readonly messageCase: string,
    readonly p2pVersion: bigint,
  ) {
    super(`consensus message ${messageCase} is not part of p2p protocol ${p2pVersion}`);
  }
}

/** [0.38.2x] A proposal announcing more block parts than block.max_bytes allows. */
export class ProposalTooManyPartsError extends CometError {
  readonly code = 'PROPOSAL_TOO_MANY_PARTS';
  constructor(
    readonly total: number,
    readonly max: bigint,
  ) {
    super(`proposal has too many parts: ${total} > ${max}`);
  }
}

/** The reactor was used before start() or after stop(). */
export class ConsensusReactorNotRunningError extends CometError {
  readonly code = 'CONSENSUS_REACTOR_NOT_RUNNING';
  constructor() {
    super('the consensus reactor is not running');
  }
}
