/**
 * ABCI VerifyVoteExtension for peers' non-nil precommits while vote
 * extensions are enabled. The core checks the extension signature itself;
 * the application is only asked about extensions whose signature holds.
 */
import { CometError, isNonNilPrecommit, voteExtensionSignBytes, type Vote } from '@cometts/types';
import type { DriverInternals } from './effects.js';
import { voteExtensionsEnabled } from './ports.js';

/** The application refused a peer's vote extension: the vote is dropped. */
export class VoteExtensionRejectedError extends CometError {
  readonly code = 'VOTE_EXTENSION_REJECTED';
  constructor(readonly validatorIndex: number) {
    super(`the application rejected the vote extension of validator ${validatorIndex}`);
  }
}

export async function acceptVoteExtension(d: DriverInternals, vote: Vote, peerId: string): Promise<boolean> {
  const core = d.core;
  const verify = d.executor.verifyVoteExtension;
  if (verify === undefined || vote.height !== core.height || !isNonNilPrecommit(vote)) return true;
  if (!voteExtensionsEnabled(core.chain.consensusParams, vote.height)) return true;
  const val = core.chain.validators.getByIndex(vote.validatorIndex);
  if (val === undefined || !core.config.verify(val.pubKey, voteExtensionSignBytes(core.chain.chainId, vote), vote.extensionSignature)) {
    return true; // the core rejects it with the precise reason
  }
  if (await verify.call(d.executor, core.chain, vote)) return true;
  d.events.emit({ type: 'peerError', peerId, error: new VoteExtensionRejectedError(vote.validatorIndex) });
  return false;
}
