/**
 * Per-address dial bookkeeping (pex.md §3 dialPeer), keyed by `ip:port`:
 * failed attempts and when we last dialed, for exponential backoff. The map is
 * bounded (upstream's grew without limit): the least recently failed entry goes first.
 */
import type { NetAddress } from '@cometts/types';
import type { Clock, RandomSource } from '../clock.js';

export const MAX_TRACKED_DIAL_ADDRESSES = 10_000;

interface Attempts {
  count: number;
  lastDialed: number;
}

export type DialVerdict =
  | { kind: 'dial' }
  | { kind: 'too-many-attempts'; attempts: number }
  | { kind: 'too-early'; attempts: number; waitMs: number };

export interface BackoffPolicy {
  maxAttempts: number;
  unitMs: number;
  /** Backoff cap for persistent addresses (0 = none). */
  persistentMaxMs: number;
}

export class DialAttempts {
  private readonly byDialString = new Map<string, Attempts>();

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly clock: Clock,
    private readonly random: RandomSource,
  ) {}

  get size(): number {
    return this.byDialString.size;
  }

  attempts(addr: NetAddress): number {
    return this.byDialString.get(addr.dialString())?.count ?? 0;
  }

  /** May `addr` be dialed now? More than maxAttempts (non-persistent) → ban; within 2^n units (+jitter) of the last dial → wait. */
  check(addr: NetAddress, persistent: boolean): DialVerdict {
    const entry = this.byDialString.get(addr.dialString());
    if (!entry || entry.count === 0) return { kind: 'dial' };
    if (!persistent && entry.count > this.policy.maxAttempts) return { kind: 'too-many-attempts', attempts: entry.count };
    const unit = this.policy.unitMs;
    let backoff = 2 ** Math.min(entry.count, 40) * unit + this.random() * unit;
    if (persistent && this.policy.persistentMaxMs > 0) backoff = Math.min(backoff, this.policy.persistentMaxMs);
    const since = this.clock.now() - entry.lastDialed;
    return since < backoff ? { kind: 'too-early', attempts: entry.count, waitMs: backoff - since } : { kind: 'dial' };
  }

  failed(addr: NetAddress): void {
    const key = addr.dialString();
    const count = (this.byDialString.get(key)?.count ?? 0) + 1;
    this.byDialString.delete(key); // re-insert so Map order = least recently failed first
    if (this.byDialString.size >= MAX_TRACKED_DIAL_ADDRESSES) {
      const oldest = this.byDialString.keys().next().value;
      if (oldest !== undefined) this.byDialString.delete(oldest);
    }
    this.byDialString.set(key, { count, lastDialed: this.clock.now() });
  }

  /** Success (or a ban that already punished the address): start over. */
  reset(addr: NetAddress): void {
    this.byDialString.delete(addr.dialString());
  }
}
