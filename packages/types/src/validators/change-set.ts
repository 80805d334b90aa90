/**
 * Applying a validator change set (UpdateWithChangeSet) to a validator list:
 * validate the changes, give new validators the priority −(T + T>>3) and let
 * existing ones keep theirs, then merge updates and removals by address.
 * The caller recomputes the total, rescales, centres and re-sorts.
 */
import { InvalidValidatorUpdateError } from './errors.js';
import { compareByAddress, compareBytes, type Validator } from './validator.js';

/** MaxTotalVotingPower = MaxInt64 / 8, so sums of priorities and powers cannot overflow. */
export const MAX_TOTAL_VOTING_POWER = (2n ** 63n - 1n) / 8n;

const hex = (a: Uint8Array) => Buffer.from(a).toString('hex').toUpperCase();

/** Splits changes (sorted by address) into updates (power > 0) and removals (power 0). */
function processChanges(changes: readonly Validator[]): { updates: Validator[]; removals: Validator[] } {
  const sorted = changes.map((v) => v.copy()).sort(compareByAddress);
  const updates: Validator[] = [];
  const removals: Validator[] = [];
  let prev: Uint8Array | undefined;
  for (const change of sorted) {
    if (prev !== undefined && compareBytes(prev, change.address) === 0) {
      throw new InvalidValidatorUpdateError('DUPLICATE_ENTRY', `duplicate entry for ${change.addressHex}`);
    }
    if (change.votingPower < 0n) {
      throw new InvalidValidatorUpdateError('NEGATIVE_POWER', `voting power can't be negative: ${change.votingPower}`);
    }
    if (change.votingPower > MAX_TOTAL_VOTING_POWER) {
      throw new InvalidValidatorUpdateError(
        'POWER_TOO_HIGH',
        `to prevent clipping/overflow, voting power can't be higher than ${MAX_TOTAL_VOTING_POWER}, got ${change.votingPower}`,
      );
    }
    (change.votingPower === 0n ? removals : updates).push(change);
    prev = change.address;
  }
  return { updates, removals };
}

export interface ChangeSetTarget {
  readonly validators: readonly Validator[];
  readonly totalVotingPower: bigint;
  getByAddress(address: Uint8Array): { index: number; validator: Validator } | undefined;
}

/**
 * The validator list after applying `changes` to `current` (ordered by
 * address; priorities of updates filled in). Throws InvalidValidatorUpdateError
 * and leaves `current` untouched when the change set is not acceptable.
 */
export function applyChangeSet(current: ChangeSetTarget, changes: readonly Validator[], allowDeletes: boolean): Validator[] {
  const { updates, removals } = processChanges(changes);
  if (!allowDeletes && removals.length > 0) {
    throw new InvalidValidatorUpdateError('DELETES_NOT_ALLOWED', `cannot process validators with voting power 0: ${removals.map((v) => v.addressHex).join(', ')}`);
  }
  const newCount = updates.filter((u) => current.getByAddress(u.address) === undefined).length;
  if (newCount === 0 && current.validators.length === removals.length) {
    throw new InvalidValidatorUpdateError('EMPTY_RESULT', 'applying the validator changes would result in empty set');
  }
  let removedPower = 0n;
  for (const r of removals) {
    const found = current.getByAddress(r.address);
    if (found === undefined) throw new InvalidValidatorUpdateError('REMOVAL_OF_UNKNOWN', `failed to find validator ${hex(r.address)} to remove`);
    removedPower += found.validator.votingPower;
  }
  // Apply power changes smallest delta first, so the running total only exceeds the cap if the result does.
  const delta = (u: Validator) => u.votingPower - (current.getByAddress(u.address)?.validator.votingPower ?? 0n);
  const byDelta = updates.map((u) => [delta(u), u] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let total = current.totalVotingPower - removedPower;
  for (const [d] of byDelta) {
    total += d;
    if (total > MAX_TOTAL_VOTING_POWER) {
      throw new InvalidValidatorUpdateError('TOTAL_POWER_OVERFLOW', `total voting power would exceed ${MAX_TOTAL_VOTING_POWER}`);
    }
  }
  const totalAfterUpdatesBeforeRemovals = total + removedPower;
  for (const u of updates) {
    const existing = current.getByAddress(u.address);
    u.proposerPriority =
      existing === undefined ? -(totalAfterUpdatesBeforeRemovals + (totalAfterUpdatesBeforeRemovals >> 3n)) : existing.validator.proposerPriority;
  }
  return applyRemovals(applyUpdates([...current.validators].sort(compareByAddress), updates), removals);
}

/** Merges address-sorted lists; an update replaces the validator with its address. */
function applyUpdates(existing: readonly Validator[], updates: readonly Validator[]): Validator[] {
  const merged: Validator[] = [];
  let i = 0;
  let j = 0;
  while (i < existing.length && j < updates.length) {
    const c = compareBytes(existing[i]!.address, updates[j]!.address);
    if (c < 0) {
      merged.push(existing[i++]!);
    } else {
      merged.push(updates[j++]!);
      if (c === 0) i++;
    }
  }
  while (i < existing.length) merged.push(existing[i++]!);
  while (j < updates.length) merged.push(updates[j++]!);
  return merged;
}

function applyRemovals(existing: readonly Validator[], removals: readonly Validator[]): Validator[] {
  if (removals.length === 0) return [...existing];
  const gone = new Set(removals.map((r) => hex(r.address)));
  return existing.filter((v) => !gone.has(hex(v.address)));
}
