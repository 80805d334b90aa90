/**
 * CometBFT's persistent-peer redial schedule (switch.go reconnectToPeer):
 * a first dial at once, then `attempts` retries each after `intervalMs` +
 * jitter, then exponential backoff `unitMs × factor^i` + jitter for i = 1..
 * `backoffAttempts`. Upstream gives up after that (about a day); we keep
 * redialing at the last backoff interval forever, as persistent means.
 */

export interface ReconnectSchedule {
  /** Phase 1 retries. Default 20. */
  attempts: number;
  /** Phase 1 wait. Default 5000 ms. */
  intervalMs: number;
  /** Uniform random extra wait 0..jitterMs added to every wait. Default 3000 ms. */
  jitterMs: number;
  /** Phase 2 steps. Default 10 (3 s … 59049 s). */
  backoffAttempts: number;
  /** Phase 2 unit. Default 1000 ms. */
  backoffUnitMs: number;
  /** Phase 2 base. Default 3. */
  backoffFactor: number;
  /** Cap on any single wait (p2p.persistent_peers_max_dial_period); 0 = no cap. Default 0. */
  maxDialPeriodMs: number;
}

export const DEFAULT_RECONNECT_SCHEDULE: Readonly<ReconnectSchedule> = Object.freeze({
  attempts: 20,
  intervalMs: 5000,
  jitterMs: 3000,
  backoffAttempts: 10,
  backoffUnitMs: 1000,
  backoffFactor: 3,
  maxDialPeriodMs: 0,
});

/** Milliseconds to wait before dial number `dial` (0 = the first, which is immediate). */
export function reconnectDelayMs(dial: number, schedule: ReconnectSchedule, random: () => number = Math.random): number {
  if (dial <= 0) return 0;
  let base: number;
  if (dial <= schedule.attempts) {
    base = schedule.intervalMs;
  } else {
    const step = Math.min(dial - schedule.attempts, Math.max(1, schedule.backoffAttempts));
    base = schedule.backoffUnitMs * schedule.backoffFactor ** step;
  }
  const delay = base + random() * schedule.jitterMs;
  return schedule.maxDialPeriodMs > 0 ? Math.min(delay, schedule.maxDialPeriodMs) : delay;
}
