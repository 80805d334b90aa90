/**
 * Transfer-rate monitor and limiter with the behaviour of CometBFT's
 * libs/flowrate: bytes are counted in fixed sample periods (100 ms); each
 * closed sample updates an exponential moving average (window 1 s; longer
 * samples weigh more) and the peak. A limit of `rate` B/s allows
 * `rate × sample period` bytes per sample; the caller waits for the next
 * sample once that is used up.
 */

export interface FlowStatus {
  /** Total bytes transferred. */
  bytes: number;
  /** Time since the monitor started, ms. */
  durationMs: number;
  /** Exponential moving average of the sample rates, B/s. */
  currentRate: number;
  /** bytes / duration, B/s. */
  averageRate: number;
  /** Highest sample rate seen, B/s. */
  peakRate: number;
}

export type Clock = () => number;

export class FlowMonitor {
  private readonly startedAt: number;
  private sampleStart: number;
  private sampleBytes = 0;
  private totalBytes = 0;
  private samples = 0;
  private emaRate = 0;
  private peak = 0;

  constructor(
    readonly sampleMs = 100,
    readonly windowMs = 1000,
    private readonly now: Clock = () => performance.now(),
  ) {
    this.startedAt = now();
    this.sampleStart = this.startedAt;
  }

  /** Closes the current sample if its period has passed. */
  private tick(): number {
    const now = this.now();
    const elapsed = now - this.sampleStart;
    if (elapsed >= this.sampleMs) {
      const rate = (this.sampleBytes * 1000) / elapsed;
      if (rate > this.peak) this.peak = rate;
      if (this.samples === 0) this.emaRate = rate;
      else this.emaRate = rate + Math.exp(-elapsed / this.windowMs) * (this.emaRate - rate);
      this.samples++;
      this.sampleStart = now;
      this.sampleBytes = 0;
    }
    return now;
  }

  /** Records `bytes` transferred now. */
  update(bytes: number): void {
    this.tick();
    this.sampleBytes += bytes;
    this.totalBytes += bytes;
  }

  /** Bytes that may still move in the current sample under `rate` B/s (≤ 0: wait for the next sample). */
  allowance(rate: number): number {
    this.tick();
    const perSample = Math.max(1, Math.round((rate * this.sampleMs) / 1000));
    return perSample - this.sampleBytes;
  }

  /** Time until the current sample closes (≥ 1 ms). */
  msUntilNextSample(): number {
    return Math.max(1, Math.ceil(this.sampleStart + this.sampleMs - this.now()));
  }

  status(): FlowStatus {
    const now = this.tick();
    const durationMs = now - this.startedAt;
    return {
      bytes: this.totalBytes,
      durationMs,
      currentRate: Math.round(this.emaRate),
      averageRate: durationMs > 0 ? Math.round((this.totalBytes * 1000) / durationMs) : 0,
      peakRate: Math.round(this.peak),
    };
  }
}
