/**
 * Proposer selection (IncrementProposerPriority) over a list of validators,
 * exactly as CometBFT's ValidatorSet does it: rescale the spread of
 * priorities to 2·T, centre them on zero (floor average), then per step add
 * each validator's power and charge the winner T. Additions clip at int64.
 */
import type { Validator } from './validator.js';
import { floorDiv, safeAddClip, safeSubClip, wrapInt64 } from './safe-math.js';

/** PriorityWindowSizeFactor: the priority spread is kept within 2·T. */
export const PRIORITY_WINDOW_SIZE_FACTOR = 2n;

/** max(priority) − min(priority) with Go's int64 wrap-around, made non-negative. */
export function maxMinPriorityDiff(validators: readonly Validator[]): bigint {
  let max = validators[0]!.proposerPriority;
  let min = max;
  for (const v of validators) {
    if (v.proposerPriority > max) max = v.proposerPriority;
    if (v.proposerPriority < min) min = v.proposerPriority;
  }
  const diff = wrapInt64(max - min);
  return diff < 0n ? wrapInt64(-diff) : diff;
}

/** Divides every priority by ceil(diff / diffMax) when the spread exceeds diffMax. */
export function rescalePriorities(validators: readonly Validator[], diffMax: bigint): void {
  if (validators.length === 0 || diffMax <= 0n) return;
  const diff = maxMinPriorityDiff(validators);
  if (diff <= diffMax) return;
  const ratio = wrapInt64(diff + diffMax - 1n) / diffMax;
  for (const v of validators) v.proposerPriority /= ratio;
}

/** floor(sum of priorities / n), computed without overflow. */
export function averagePriority(validators: readonly Validator[]): bigint {
  let sum = 0n;
  for (const v of validators) sum += v.proposerPriority;
  return floorDiv(sum, BigInt(validators.length));
}

/** Subtracts the average priority from every validator (clipped). */
export function shiftByAveragePriority(validators: readonly Validator[]): void {
  if (validators.length === 0) return;
  const avg = averagePriority(validators);
  for (const v of validators) v.proposerPriority = safeSubClip(v.proposerPriority, avg);
}

/** The validator with the highest priority (ties: smallest address). */
export function withMostPriority(validators: readonly Validator[]): Validator {
  let best = validators[0]!;
  for (let i = 1; i < validators.length; i++) best = best.compareProposerPriority(validators[i]!);
  return best;
}

/** One round of selection: everyone gains their power, the winner pays the total. */
export function incrementOnce(validators: readonly Validator[], totalPower: bigint): Validator {
  for (const v of validators) v.proposerPriority = safeAddClip(v.proposerPriority, v.votingPower);
  const proposer = withMostPriority(validators);
  proposer.proposerPriority = safeSubClip(proposer.proposerPriority, totalPower);
  return proposer;
}

/** IncrementProposerPriority(times): rescale, centre, then `times` rounds; returns the last proposer. */
export function incrementProposerPriority(validators: readonly Validator[], totalPower: bigint, times: number): Validator {
  if (validators.length === 0) throw new RangeError('cannot increment proposer priority of an empty validator set');
  if (!Number.isInteger(times) || times <= 0 || times > 2 ** 31 - 1) {
    throw new RangeError(`proposer priority increments must be a positive int32, got ${times}`);
  }
  rescalePriorities(validators, PRIORITY_WINDOW_SIZE_FACTOR * totalPower);
  shiftByAveragePriority(validators);
  let proposer = validators[0]!;
  for (let i = 0; i < times; i++) proposer = incrementOnce(validators, totalPower);
  return proposer;
}
