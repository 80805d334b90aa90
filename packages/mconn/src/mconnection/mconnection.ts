/**
 * MConnection: CometBFT's multiplexed connection. Many channels share one
 * byte stream (a SecretConnection, or any Duplex); messages are split into
 * PacketMsgs, sent by channel priority under a rate limit, reassembled on the
 * other side and handed to onReceive. Any protocol error closes the
 * connection and is reported once through onError.
 */
import { finished, type Duplex } from 'node:stream';
import { CometError } from '@cometts/types';
import {
  DEFAULT_SEND_TIMEOUT_MS,
  resolveChannels,
  resolveConfig,
  type ChannelDescriptor,
  type MConnectionConfig,
} from './config.js';
import { ConnectionClosedError, PongTimeoutError, ReceiverError, StreamError } from './errors.js';
import type { FlowStatus } from './flow-monitor.js';
import { Keepalive } from './keepalive.js';
import { ReceiveRoutine } from './receive-routine.js';
import { SendRoutine } from './send-routine.js';

export interface MConnectionHandlers {
  /**
   * A complete reassembled message (owned by the callee). Called from the
   * channel's delivery queue, never from inside the packet parser. If it
   * returns a promise, later messages of that channel wait for it; a throw or
   * rejection closes the connection with ReceiverError.
   */
  onReceive(channelId: number, message: Uint8Array): void;
  /** Called once when the connection dies for a reason (not after stop()); it is then closed. */
  onError(error: Error): void;
}

export interface ChannelStatus {
  id: number;
  priority: number;
  sendQueueCapacity: number;
  /** Messages queued or partly sent. */
  sendQueueSize: number;
  recentlySent: number;
  /** Received bytes waiting for onReceive. */
  deliveryQueuedBytes: number;
}

export interface MConnectionStatus {
  /** Time since start(), ms (0 before). */
  durationMs: number;
  sendMonitor: FlowStatus;
  recvMonitor: FlowStatus;
  channels: ChannelStatus[];
}

export interface StopOptions {
  /** Write everything queued, end the stream and wait for the peer to close. Default false (drop at once). */
  graceful?: boolean;
  /** Longest a graceful stop waits before dropping the stream. Default 10_000. */
  timeoutMs?: number;
}

type State = 'new' | 'running' | 'stopping' | 'closed';
const DEFAULT_STOP_TIMEOUT_MS = 10_000;
/** Longest onError waits for receivers to take the messages that arrived before the failure. */
const DELIVERY_GRACE_MS = 5_000;
const ignoreError = (): void => {};

export class MConnection {
  private state: State = 'new';
  private readonly config: MConnectionConfig;
  private readonly sender: SendRoutine;
  private readonly receiver: ReceiveRoutine;
  private readonly keepalive: Keepalive;
  private startedAt = 0;
  /** While stopping: the error to report when closing (an EOF waits for deliveries), or null for stop(). */
  private stopReport: Error | null = null;
  private stopTimer: ReturnType<typeof setTimeout> | undefined;
  private stopPromise: Promise<void> | undefined;
  private settleStop: (() => void) | undefined;
  private finishedCleanup: (() => void) | undefined;

  constructor(
    private readonly stream: Duplex,
    channels: readonly ChannelDescriptor[],
    private readonly handlers: MConnectionHandlers,
    config: Partial<MConnectionConfig> = {},
  ) {
    this.config = resolveConfig(config);
    const descriptors = resolveChannels(channels);
    this.sender = new SendRoutine(stream, descriptors, this.config);
    this.receiver = new ReceiveRoutine(stream, descriptors, this.config, (id, msg) => handlers.onReceive(id, msg), {
      ping: () => this.sender.queuePong(),
      pong: () => this.keepalive.pongReceived(),
      failure: (error) => this.fail(error),
    });
    this.keepalive = new Keepalive(
      this.config.pingIntervalMs,
      this.config.pongTimeoutMs,
      () => this.sender.writePing(),
      this.onPongTimeout,
    );
  }

  get isRunning(): boolean {
    return this.state === 'running';
  }

  /** Starts reading, writing and the keepalive. */
  start(): void {
    if (this.state !== 'new') {
      if (this.state === 'running') return;
      throw new ConnectionClosedError('cannot start a stopped MConnection');
    }
    this.state = 'running';
    this.startedAt = performance.now();
    const stream = this.stream;
    stream.on('end', this.onEnd);
    stream.on('error', this.onStreamError);
    stream.on('close', this.onClose);
    stream.on('drain', this.sender.kick);
    this.receiver.start();
    this.keepalive.start();
    if (stream.destroyed) queueMicrotask(() => this.fail(new ConnectionClosedError('stream already destroyed')));
  }

  /**
   * Queues `message` on the channel, waiting up to timeoutMs for room.
   * Resolves false on timeout, an unknown channel, or when not running. The
   * message is not copied: do not change it afterwards.
   */
  async send(channelId: number, message: Uint8Array, timeoutMs = DEFAULT_SEND_TIMEOUT_MS): Promise<boolean> {
    if (this.state !== 'running') return false;
    const channel = this.sender.channel(channelId);
    if (channel === undefined) return false;
    if (channel.enqueue(message)) {
      this.sender.kick();
      return true;
    }
    if (timeoutMs <= 0) return false;
    return channel.waitForRoom(message, timeoutMs);
  }

  /** Queues `message` if there is room right now; never waits. */
  trySend(channelId: number, message: Uint8Array): boolean {
    if (this.state !== 'running') return false;
    const channel = this.sender.channel(channelId);
    if (channel === undefined || !channel.enqueue(message)) return false;
    this.sender.kick();
    return true;
  }

  /** True if trySend on the channel would succeed now. */
  canSend(channelId: number): boolean {
    return this.state === 'running' && (this.sender.channel(channelId)?.hasRoom ?? false);
  }

  /**
   * Stops the connection; onError is not called for it (only for a failure
   * that happened before). Waiting send() calls resolve false.
   */
  stop(options: StopOptions = {}): Promise<void> {
    if (this.state === 'closed') return Promise.resolve();
    if (this.state === 'stopping') {
      // A failure already waiting to be reported is still reported.
      if (this.stopReport !== null) this.close(this.stopReport);
      else if (!options.graceful) this.close(null);
      return this.stopPromise ?? Promise.resolve();
    }
    if (this.state === 'new' || !options.graceful) {
      this.close(null);
      return Promise.resolve();
    }
    this.beginStopping(null);
    const timer = setTimeout(() => this.close(null), options.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS);
    this.stopTimer = timer;
    this.receiver.close();
    this.stream.resume(); // discard what still arrives, so the peer's EOF can be seen
    void this.sender.drain().then(() => {
      if (this.state !== 'stopping') return;
      this.stream.end();
      // Done when both directions finished (our data is out and the peer closed), or the stream closed.
      this.finishedCleanup = finished(this.stream, () => this.close(null));
    });
    return this.stopPromise!;
  }

  status(): MConnectionStatus {
    this.sender.decay();
    return {
      durationMs: this.startedAt === 0 ? 0 : performance.now() - this.startedAt,
      sendMonitor: this.sender.monitor.status(),
      recvMonitor: this.receiver.monitor.status(),
      channels: this.sender.channels.map((ch) => ({
        id: ch.id,
        priority: ch.priority,
        sendQueueCapacity: ch.capacity,
        sendQueueSize: ch.queuedMessages,
        recentlySent: ch.recentlySent,
        deliveryQueuedBytes: this.receiver.deliveryQueuedBytes(ch.id),
      })),
    };
  }

  private beginStopping(report: Error | null): void {
    this.state = 'stopping';
    this.stopReport = report;
    this.keepalive.stop();
    this.sender.rejectWaiters();
    this.stopPromise = new Promise((resolve) => (this.settleStop = resolve));
  }

  /**
   * A failure while running closes the connection and reports it once. As
   * upstream hands each message to its reactor before parsing the next
   * packet, messages completed before the failure are still delivered first
   * (a receiver's own failure drops them). While stopping, a failure just
   * completes a stop() or is ignored behind the first report.
   */
  private fail(error: Error): void {
    if (this.state === 'running') {
      if (error instanceof ReceiverError) this.close(error);
      else this.closeAfterDelivery(error);
    } else if (this.state === 'stopping' && this.stopReport === null) {
      this.close(null);
    }
  }

  private closeAfterDelivery(report: Error): void {
    this.beginStopping(report);
    this.receiver.stopReading();
    this.sender.close();
    this.releaseStream();
    this.stopTimer = setTimeout(() => this.close(report), DELIVERY_GRACE_MS);
    void this.receiver.whenDelivered().then(() => this.close(report));
  }

  private close(report: Error | null): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.keepalive.stop();
    this.sender.close();
    this.receiver.close();
    clearTimeout(this.stopTimer);
    this.stopTimer = undefined;
    this.releaseStream();
    this.settleStop?.();
    if (report !== null) this.handlers.onError(report);
  }

  /** Detaches from the stream and destroys it. */
  private releaseStream(): void {
    this.finishedCleanup?.();
    this.finishedCleanup = undefined;
    const stream = this.stream;
    stream.off('end', this.onEnd);
    stream.off('error', this.onStreamError);
    stream.off('close', this.onClose);
    stream.off('drain', this.sender.kick);
    // Late errors from a destroyed stream must not become uncaught exceptions.
    if (!stream.listeners('error').includes(ignoreError)) stream.on('error', ignoreError);
    if (!stream.destroyed) stream.destroy();
  }

  private readonly onPongTimeout = (): void => {
    // While our own reader is held back by a slow receiver a pong may be sitting
    // unread; that is not the peer's fault, so the deadline restarts.
    if (this.receiver.pausedForDelivery) this.keepalive.armPongTimer();
    else this.fail(new PongTimeoutError(this.config.pongTimeoutMs));
  };

  private readonly onEnd = (): void => {
    this.fail(new ConnectionClosedError('EOF'));
  };

  private readonly onStreamError = (error: Error): void => {
    this.fail(error instanceof CometError ? error : new StreamError(error));
  };

  private readonly onClose = (): void => {
    if (this.state === 'running') this.fail(new ConnectionClosedError('stream closed'));
  };
}
