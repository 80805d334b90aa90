/**
 * The start-up check behind `consensus.double_sign_check_height`: before
 * signing anything, look for our own COMMIT signature in the seen commits of
 * the last `checkHeight − 1` heights. Finding one means a validator with our
 * key was signing while this node was down (another instance, or a restore
 * from an old backup), so starting could double sign.
 */
import { BlockIDFlag, bytesEqual, type Commit } from '@cometts/types';
import { SignatureFoundInPastBlocksError } from './errors.js';

export interface SeenCommitSource {
  loadSeenCommit(height: bigint): Promise<Commit | undefined>;
}

/**
 * Throws SignatureFoundInPastBlocksError if `validatorAddress` has a COMMIT
 * signature in the seen commits of heights `height − 1` down to
 * `height − (checkHeight − 1)`. `height` is the height about to be decided;
 * `checkHeight` 0 disables the check, and the window never reaches below 1.
 */
export async function checkDoubleSigningRisk(
  commits: SeenCommitSource,
  validatorAddress: Uint8Array,
  height: bigint,
  checkHeight: bigint,
): Promise<void> {
  if (checkHeight <= 0n) return;
  const window = checkHeight > height ? height : checkHeight;
  for (let i = 1n; i < window; i++) {
    const commit = await commits.loadSeenCommit(height - i);
    if (commit === undefined) continue;
    for (const sig of commit.signatures) {
      if (sig.blockIdFlag === BlockIDFlag.Commit && bytesEqual(sig.validatorAddress, validatorAddress)) {
        throw new SignatureFoundInPastBlocksError(height - i, Buffer.from(validatorAddress).toString('hex').toUpperCase());
      }
    }
  }
}
