/**
 * The single writer of an MConnection: picks packets from the channels by
 * priority, packs them into batches and writes them to the stream, under
 * the send rate limit and the stream's backpressure.
 *
 * Batching and the flush throttle: upstream writes packets into a 64 KiB
 * bufio.Writer that reaches the socket when it fills up, when a ping/pong is
 * written, or when the flush-throttle timer (scheduled after a PacketMsg,
 * 100 ms in v0.38) fires. Our batch is that buffer: a full batch is written
 * at once (so bulk transfers never wait for the throttle), pings and pongs
 * are written at once, and a partly filled batch waits at most
 * flushThrottleMs for more packets, so bursts of small messages coalesce into
 * one write per interval. flushThrottleMs = 0 writes every batch at once.
 * Upstream's "10 packets per batch" is only its unit between rate-limit
 * checks; we size each step by the flow-rate allowance instead.
 */
import type { Writable } from 'node:stream';
import { BATCH_SIZE, BatchWriter } from './batch-writer.js';
import type { MConnectionConfig, ResolvedChannelDescriptor } from './config.js';
import { maxPacketMsgSize } from './config.js';
import { FlowMonitor } from './flow-monitor.js';
import { PING_WIRE, PONG_WIRE } from './packet-codec.js';
import { SendChannel } from './send-channel.js';

const DECAY_PERIOD_MS = 2000;
const DECAY_FACTOR = 0.8;

export class SendRoutine {
  readonly channels: SendChannel[];
  readonly monitor = new FlowMonitor();
  private readonly byId: (SendChannel | undefined)[] = new Array<SendChannel | undefined>(256);
  private readonly writer: BatchWriter;
  private scheduled = false;
  private closed = false;
  private pongPending = false;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private rateTimer: ReturnType<typeof setTimeout> | undefined;
  private lastDecay = performance.now();
  private drainWaiters: (() => void)[] = [];

  constructor(
    stream: Writable,
    descriptors: readonly ResolvedChannelDescriptor[],
    private readonly config: MConnectionConfig,
  ) {
    this.writer = new BatchWriter(stream);
    const maxPacket = maxPacketMsgSize(config.maxPacketMsgPayloadSize);
    this.channels = descriptors.map((d) => new SendChannel(d, config.maxPacketMsgPayloadSize, maxPacket));
    for (const ch of this.channels) this.byId[ch.id] = ch;
  }

  channel(id: number): SendChannel | undefined {
    return Number.isInteger(id) && id >= 0 && id <= 255 ? this.byId[id] : undefined;
  }

  /** Runs the routine soon (once per tick however often it is called). */
  readonly kick = (): void => {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    queueMicrotask(this.pump);
  };

  /** Answers a ping. At most one pong is pending, and it waits for the stream to take it, so a ping flood is O(1) memory. */
  queuePong(): void {
    if (this.pongPending) return;
    this.pongPending = true;
    this.kick();
  }

  /** Writes a ping now, behind whatever is batched (keepalive: a few bytes a minute, so it skips backpressure). */
  writePing(): void {
    if (this.closed) return;
    this.writer.append(PING_WIRE);
    this.monitor.update(PING_WIRE.length);
    this.flushNow();
  }

  /** Resolves once every queued message has been written to the stream (graceful stop). */
  drain(): Promise<void> {
    return new Promise((resolve) => {
      this.drainWaiters.push(resolve);
      this.kick();
    });
  }

  /** Stops for good: timers cleared, queues dropped, waiting send() calls get false. */
  close(): void {
    this.closed = true;
    clearTimeout(this.flushTimer);
    clearTimeout(this.rateTimer);
    this.flushTimer = undefined;
    this.rateTimer = undefined;
    for (const ch of this.channels) ch.clear();
    this.drainWaiters = [];
  }

  rejectWaiters(): void {
    for (const ch of this.channels) ch.rejectWaiters();
  }

  /** Applies the ×0.8-per-2 s decay of recentlySent for the periods that passed. */
  decay(): void {
    const periods = Math.floor((performance.now() - this.lastDecay) / DECAY_PERIOD_MS);
    if (periods <= 0) return;
    this.lastDecay += periods * DECAY_PERIOD_MS;
    for (const ch of this.channels) {
      let sent = ch.recentlySent;
      for (let i = 0; i < periods && sent > 0; i++) sent = Math.trunc(sent * DECAY_FACTOR);
      ch.recentlySent = sent;
    }
  }

  private hasPending(): boolean {
    for (const ch of this.channels) if (ch.hasPending) return true;
    return false;
  }

  /** The pending channel with the strictly smallest recentlySent/priority; ties go to the earlier channel. */
  private pick(): SendChannel | undefined {
    let best: SendChannel | undefined;
    let bestRatio = Infinity;
    for (const ch of this.channels) {
      if (!ch.hasPending) continue;
      const ratio = ch.recentlySent / ch.priority;
      if (ratio < bestRatio) {
        best = ch;
        bestRatio = ratio;
      }
    }
    return best;
  }

  /** Adds packets to the batch until `budget` bytes are written, nothing is pending, or the batch is full. */
  private fillBatch(budget: number): { written: number; full: boolean; urgent: boolean } {
    const writer = this.writer;
    let written = 0;
    let urgent = false;
    while (written < budget) {
      const ch = this.pick();
      if (ch === undefined) break;
      const size = ch.nextPacketWireSize();
      if (size > writer.room) return { written, full: true, urgent };
      const buffer = writer.reserve(size);
      writer.commit(ch.writeNextPacket(buffer, writer.position));
      written += size;
      urgent ||= ch.flushImmediately;
    }
    return { written, full: false, urgent };
  }

  private flushNow(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.writer.flush();
  }

  private readonly onFlushTimer = (): void => {
    this.flushTimer = undefined;
    if (!this.closed) this.writer.flush();
  };

  private readonly onRateTimer = (): void => {
    this.rateTimer = undefined;
    this.pump();
  };

  private readonly pump = (): void => {
    this.scheduled = false;
    if (this.closed) return;
    this.decay();
    const writer = this.writer;
    let flushAtOnce = this.config.flushThrottleMs === 0 || this.drainWaiters.length > 0;
    if (this.pongPending && !writer.congested) {
      this.pongPending = false;
      writer.append(PONG_WIRE);
      this.monitor.update(PONG_WIRE.length);
      flushAtOnce = true;
    }
    const rate = this.config.sendRate;
    while (!writer.congested && this.rateTimer === undefined && this.hasPending()) {
      let budget = BATCH_SIZE;
      if (rate > 0) {
        const allowance = this.monitor.allowance(rate);
        if (allowance <= 0) {
          this.rateTimer = setTimeout(this.onRateTimer, this.monitor.msUntilNextSample());
          break;
        }
        budget = Math.min(budget, allowance);
      }
      const { written, full, urgent } = this.fillBatch(budget);
      this.monitor.update(written);
      if (urgent) flushAtOnce = true;
      if (full) this.flushNow();
    }
    // When congested, the stream's 'drain' kicks us again; when rate-limited, the rate timer does.
    if (writer.pendingBytes > 0) {
      if (flushAtOnce) this.flushNow();
      else this.flushTimer ??= setTimeout(this.onFlushTimer, this.config.flushThrottleMs);
    }
    if (this.drainWaiters.length > 0 && !this.hasPending() && writer.pendingBytes === 0) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };
}
