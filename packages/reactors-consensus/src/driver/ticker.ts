/**
 * The timeout ticker (consensus-algorithm.md §3): one timer, replaced by each
 * newer request. A request older than the last scheduled (H, R, S) is
 * dropped, even if that one already fired.
 */
import type { RoundStep } from '../core/types.js';
import type { Clock } from './ports.js';

export interface ScheduledTimeout {
  height: bigint;
  round: number;
  step: RoundStep;
  /** Go's duration of the timeout (for the WAL record), in ms. */
  durationMs: number;
}

export class TimeoutTicker {
  private last: ScheduledTimeout | undefined;
  private handle: unknown = undefined;

  constructor(
    private readonly clock: Clock,
    private readonly onFire: (timeout: ScheduledTimeout) => void,
  ) {}

  /** Schedules `timeout` to fire after `delayMs` (≤ 0: at once); returns false if it was dropped as stale. */
  schedule(timeout: ScheduledTimeout, delayMs: number = timeout.durationMs): boolean {
    const last = this.last;
    if (last !== undefined) {
      if (timeout.height < last.height) return false;
      if (timeout.height === last.height) {
        if (timeout.round < last.round) return false;
        if (timeout.round === last.round && last.step > 0 && timeout.step <= last.step) return false;
      }
    }
    this.cancel();
    this.last = timeout;
    this.handle = this.clock.setTimer(() => {
      this.handle = undefined;
      this.onFire(timeout);
    }, delayMs);
    return true;
  }

  /** Cancels the pending timer (the last scheduled request is still remembered). */
  cancel(): void {
    if (this.handle !== undefined) this.clock.clearTimer(this.handle);
    this.handle = undefined;
  }
}
