/**
 * Per-channel delivery of complete messages to onReceive. Messages are handed
 * over after the current read is processed (a microtask), so a receiver never
 * runs inside the packet parser; a receiver that returns a promise holds back
 * only its own channel until it settles. A throw or rejection is reported once
 * as ReceiverError and stops the queue.
 */
import { ReceiverError } from './errors.js';
import { Fifo } from './fifo.js';

/** Per-message bookkeeping cost counted against the bound (object headers, queue slot). */
const MESSAGE_OVERHEAD = 64;
/** Above this many queued bytes on one channel, reading from the stream pauses. */
export const DELIVERY_HIGH_WATER = 4 * 1024 * 1024;

export type Receive = (channelId: number, message: Uint8Array) => unknown;

export class DeliveryQueue {
  private readonly queue = new Fifo<Uint8Array>(16);
  private queued = 0;
  private scheduled = false;
  private awaiting = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    readonly channelId: number,
    private readonly receive: Receive,
    private readonly onFailure: (error: ReceiverError) => void,
    /** Called when the queue went below the high-water mark (the reader may resume). */
    private readonly onDrained: () => void,
  ) {}

  /** Queued bytes (with per-message overhead) not yet handed to the receiver. */
  get queuedBytes(): number {
    return this.queued;
  }

  get overHighWater(): boolean {
    return this.queued > DELIVERY_HIGH_WATER;
  }

  get idle(): boolean {
    return this.queue.length === 0 && !this.awaiting;
  }

  push(message: Uint8Array): void {
    if (this.closed) return;
    this.queue.push(message);
    this.queued += message.length + MESSAGE_OVERHEAD;
    if (!this.scheduled && !this.awaiting) {
      this.scheduled = true;
      queueMicrotask(this.drain);
    }
  }

  /** Resolves once everything queued so far has been delivered (or the queue closed). */
  whenIdle(): Promise<void> {
    if (this.idle || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops undelivered messages; nothing is delivered after this. */
  close(): void {
    this.closed = true;
    this.queue.clear();
    this.queued = 0;
    this.settleIdle();
  }

  private settleIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private fail(error: unknown): void {
    if (this.closed) return;
    this.close();
    this.onFailure(new ReceiverError(this.channelId, error));
  }

  private readonly drain = (): void => {
    this.scheduled = false;
    while (!this.closed && this.queue.length > 0) {
      const message = this.queue.shift()!;
      this.queued -= message.length + MESSAGE_OVERHEAD;
      let result: unknown;
      try {
        result = this.receive(this.channelId, message);
      } catch (error) {
        this.fail(error);
        return;
      }
      if (result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function') {
        this.awaiting = true;
        (result as PromiseLike<unknown>).then(
          () => {
            this.awaiting = false;
            this.drain();
          },
          (error: unknown) => {
            this.awaiting = false;
            this.fail(error);
          },
        );
        if (!this.overHighWater) this.onDrained();
        return;
      }
    }
    if (this.closed) return;
    this.settleIdle();
    this.onDrained();
  };
}
