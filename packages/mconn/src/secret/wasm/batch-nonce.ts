/**
 * The per-direction frame counter for batched backends: same nonce rule as
 * FrameNonce (4 zero bytes ‖ le64 counter, 2^64−1 never used), but handed out
 * in runs so a whole batch is checked and advanced at once.
 */
import { NonceOverflowError } from '../errors.js';

const UINT32_MAX = 0xffffffff;
const UINT64_MAX = (1n << 64n) - 1n;
const TWO_32 = 0x100000000;

export class BatchNonce {
  /** Low and high 32 bits of the next counter. */
  low: number;
  high: number;

  constructor(
    private readonly direction: 'send' | 'receive',
    start: bigint = 0n,
  ) {
    if (start < 0n || start > UINT64_MAX) throw new RangeError(`nonce counter ${start} is not a uint64`);
    this.low = Number(start & 0xffffffffn);
    this.high = Number(start >> 32n);
  }

  get counter(): bigint {
    return (BigInt(this.high) << 32n) | BigInt(this.low);
  }

  /**
   * How many of the next `wanted` (≥ 1) counters may be used; throws
   * NonceOverflowError when the counter is exhausted.
   */
  available(wanted: number): number {
    if (this.high !== UINT32_MAX) return wanted; // at least 2^32 left
    const left = UINT32_MAX - this.low;
    if (left === 0) throw new NonceOverflowError(this.direction);
    return Math.min(wanted, left);
  }

  /** Moves past `used` counters (no more than `available` granted). */
  advance(used: number): void {
    this.low += used;
    if (this.low >= TWO_32) {
      this.low -= TWO_32;
      this.high++;
    }
  }
}
