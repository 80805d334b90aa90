/**
 * Send side of one channel: a bounded queue of whole messages, the message
 * being packetised, its recentlySent counter for the scheduler, and the
 * send() calls waiting for room.
 */
import type { ResolvedChannelDescriptor } from './config.js';
import { Fifo } from './fifo.js';
import { packetMsgSize, packetMsgWireSize, writePacketMsg } from './packet-codec.js';

interface Waiter {
  readonly message: Uint8Array;
  readonly resolve: (sent: boolean) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class SendChannel {
  readonly id: number;
  readonly priority: number;
  readonly capacity: number;
  /** Packets of this channel do not wait for the flush throttle. */
  readonly flushImmediately: boolean;
  /** Largest chunk per PacketMsg on this channel. */
  readonly payloadSize: number;
  /** Bytes written recently (decayed ×0.8 every 2 s); the scheduler's measure of use. */
  recentlySent = 0;
  private readonly queue: Fifo<Uint8Array>;
  private current: Uint8Array | null = null;
  private offset = 0;
  private readonly waiters = new Set<Waiter>();

  constructor(desc: ResolvedChannelDescriptor, maxPayload: number, maxPacketSize: number) {
    this.id = desc.id;
    this.priority = desc.priority;
    this.capacity = desc.sendQueueCapacity;
    this.flushImmediately = desc.flushImmediately;
    this.queue = new Fifo(Math.min(desc.sendQueueCapacity, 64));
    // Channel ids ≥ 128 take a 2-byte varint: shrink the chunk by one byte so
    // every packet still fits the receiver's maxPacketMsgSize (computed for id 1).
    let payload = maxPayload;
    while (payload > 1 && packetMsgSize(this.id, payload, true) > maxPacketSize) payload--;
    this.payloadSize = payload;
  }

  /** Messages queued or partly sent (upstream's sendQueueSize). */
  get queuedMessages(): number {
    return this.queue.length + (this.current === null ? 0 : 1);
  }

  get hasPending(): boolean {
    return this.current !== null || this.queue.length > 0;
  }

  get hasRoom(): boolean {
    return this.queue.length < this.capacity;
  }

  /** Queues a whole message if there is room. The message is not copied: callers must not mutate it. */
  enqueue(message: Uint8Array): boolean {
    if (!this.hasRoom) return false;
    this.queue.push(message);
    return true;
  }

  /** Waits up to timeoutMs for room; resolves true once queued, false on timeout or close. */
  waitForRoom(message: Uint8Array, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const waiter: Waiter = { message, resolve, timer: undefined };
      waiter.timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Resolves every waiting send() with false (the connection is closing). */
  rejectWaiters(): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(false);
    }
    this.waiters.clear();
  }

  /** Drops everything queued (forced close). */
  clear(): void {
    this.queue.clear();
    this.current = null;
    this.offset = 0;
    this.rejectWaiters();
  }

  private admitWaiters(): void {
    for (const waiter of this.waiters) {
      if (!this.hasRoom) return;
      this.waiters.delete(waiter);
      clearTimeout(waiter.timer);
      this.queue.push(waiter.message);
      waiter.resolve(true);
    }
  }

  /** Wire size of the next packet; call only when hasPending. */
  nextPacketWireSize(): number {
    const message = this.current ?? this.queue.peek()!;
    const remaining = message.length - (this.current === null ? 0 : this.offset);
    const chunk = Math.min(remaining, this.payloadSize);
    return packetMsgWireSize(this.id, chunk, chunk === remaining);
  }

  /** Writes the next chunk into out[pos…]; returns the new position. Call only when hasPending. */
  writeNextPacket(out: Uint8Array, pos: number): number {
    let message = this.current;
    if (message === null) {
      message = this.queue.shift()!;
      this.current = message;
      this.offset = 0;
      if (this.waiters.size > 0) this.admitWaiters();
    }
    const start = this.offset;
    const end = Math.min(message.length, start + this.payloadSize);
    const eof = end === message.length;
    const next = writePacketMsg(out, pos, this.id, eof, message, start, end);
    this.recentlySent += next - pos;
    if (eof) {
      this.current = null;
      this.offset = 0;
    } else {
      this.offset = end;
    }
    return next;
  }
}
