/**
 * The per-direction 96-bit nonce: 4 zero bytes ‖ 64-bit little-endian frame
 * counter. The counter lives in two uint32 halves (no bigint on the hot path)
 * and the 12-byte buffer is rewritten in place.
 */
import { NonceOverflowError } from './errors.js';

const UINT32_MAX = 0xffffffff;
const UINT64_MAX = (1n << 64n) - 1n;

export class FrameNonce {
  /** The current nonce bytes; valid until the next `advance()`. */
  readonly bytes = Buffer.alloc(12);
  private low: number;
  private high: number;

  constructor(
    private readonly direction: 'send' | 'receive',
    start: bigint = 0n,
  ) {
    if (start < 0n || start > UINT64_MAX) throw new RangeError(`nonce counter ${start} is not a uint64`);
    this.low = Number(start & 0xffffffffn);
    this.high = Number(start >> 32n);
    this.write();
  }

  get counter(): bigint {
    return (BigInt(this.high) << 32n) | BigInt(this.low);
  }

  /**
   * Throws unless the current nonce may be used. CometBFT increments after
   * every frame and panics when the counter is already 2^64−1, so that value
   * is never used on the wire.
   */
  check(): void {
    if (this.low === UINT32_MAX && this.high === UINT32_MAX) throw new NonceOverflowError(this.direction);
  }

  advance(): void {
    if (this.low === UINT32_MAX) {
      this.low = 0;
      this.high++;
    } else {
      this.low++;
    }
    this.write();
  }

  private write(): void {
    this.bytes.writeUInt32LE(this.low, 4);
    this.bytes.writeUInt32LE(this.high, 8);
  }
}
