/**
 * The double-sign rules of FilePV (consensus-algorithm.md §12): CheckHRS
 * and the "only the timestamp differs" comparison of canonical sign bytes.
 */
import { CanonicalProposal, CanonicalVote, bytesEqual, type MessageType, type Timestamp } from '@cometts/types';
import { DoubleSignRiskError } from './errors.js';
import type { LastSignState } from './sign-state.js';

/**
 * Whether (height, round, step) repeats the last signed one ("sameHRS").
 * Throws DoubleSignRiskError on any regression or a repeat without stored sign bytes.
 */
export function checkHRS(last: LastSignState, height: bigint, round: number, step: number): boolean {
  if (last.height > height) throw new DoubleSignRiskError('HEIGHT_REGRESSION', `height regression: got ${height}, last height ${last.height}`);
  if (last.height !== height) return false;
  if (last.round > round) {
    throw new DoubleSignRiskError('ROUND_REGRESSION', `round regression at height ${height}: got ${round}, last round ${last.round}`);
  }
  if (last.round !== round) return false;
  if (last.step > step) {
    throw new DoubleSignRiskError('STEP_REGRESSION', `step regression at height ${height} round ${round}: got ${step}, last step ${last.step}`);
  }
  if (last.step !== step) return false;
  if (last.signBytes.length === 0) throw new DoubleSignRiskError('NO_SIGN_BYTES', `no sign bytes stored for height ${height} round ${round} step ${step}`);
  return true;
}

function decodeDelimited<T>(type: MessageType<T>, bytes: Uint8Array): T | undefined {
  let len = 0;
  let shift = 0;
  let i = 0;
  for (; i < bytes.length && i < 5; i++) {
    len |= (bytes[i]! & 0x7f) << shift;
    shift += 7;
    if ((bytes[i]! & 0x80) === 0) break;
  }
  const body = bytes.subarray(i + 1);
  if (body.length !== len) return undefined;
  try {
    return type.decodeUnvalidated(body);
  } catch {
    return undefined;
  }
}

/**
 * When the last and the new sign bytes decode to the same canonical
 * message once their timestamps are equalised, the last timestamp (to reuse
 * with the stored signature); otherwise undefined.
 */
function onlyTimestampDiffers<T extends { timestamp: Timestamp }>(type: MessageType<T>, last: Uint8Array, now: Uint8Array): Timestamp | undefined {
  const a = decodeDelimited(type, last);
  const b = decodeDelimited(type, now);
  if (a === undefined || b === undefined) return undefined;
  const same = { seconds: 0n, nanos: 0 };
  return bytesEqual(type.encode({ ...a, timestamp: same }), type.encode({ ...b, timestamp: same })) ? a.timestamp : undefined;
}

export const voteTimestampIfOnlyDiffering = (last: Uint8Array, now: Uint8Array) => onlyTimestampDiffers(CanonicalVote, last, now);
export const proposalTimestampIfOnlyDiffering = (last: Uint8Array, now: Uint8Array) => onlyTimestampDiffers(CanonicalProposal, last, now);
