/**
 * The reader of an MConnection: parses delimited Packets from the stream,
 * answers pings, reassembles PacketMsgs per channel and queues complete
 * messages for delivery. Reading pauses while the receive rate limit is used
 * up for the current sample, or while a channel's delivery queue is over its
 * bound, so memory stays bounded whatever the peer sends.
 */
import type { Readable } from 'node:stream';
import type { MConnectionConfig, ResolvedChannelDescriptor } from './config.js';
import { maxPacketMsgSize } from './config.js';
import { DeliveryQueue, type Receive } from './delivery-queue.js';
import { MalformedPacketError, UnknownChannelError, type ReceiverError } from './errors.js';
import { FlowMonitor } from './flow-monitor.js';
import { decodePacket, newDecodedPacket, PACKET_MSG, PACKET_PING } from './packet-codec.js';
import { PacketReader } from './packet-reader.js';
import { RecvChannel } from './recv-channel.js';

export interface ReceiveEvents {
  ping(): void;
  pong(): void;
  /** A protocol or receiver error: the connection must close. */
  failure(error: Error): void;
}

const PAUSE_RATE = 1;
const PAUSE_DELIVERY = 2;

export class ReceiveRoutine {
  readonly monitor = new FlowMonitor();
  private readonly reader: PacketReader;
  private readonly packet = newDecodedPacket();
  private readonly channels: (RecvChannel | undefined)[] = new Array<RecvChannel | undefined>(256);
  private readonly deliveries: (DeliveryQueue | undefined)[] = new Array<DeliveryQueue | undefined>(256);
  private readonly deliveryList: DeliveryQueue[] = [];
  private paused = 0;
  /** The unread rest of a chunk, kept while the receive rate limit is used up. */
  private held: Uint8Array | null = null;
  private rateTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private reading = false;

  constructor(
    private readonly stream: Readable,
    descriptors: readonly ResolvedChannelDescriptor[],
    private readonly config: MConnectionConfig,
    receive: Receive,
    private readonly events: ReceiveEvents,
  ) {
    this.reader = new PacketReader(maxPacketMsgSize(config.maxPacketMsgPayloadSize));
    const onFailure = (error: ReceiverError): void => this.events.failure(error);
    for (const desc of descriptors) {
      this.channels[desc.id] = new RecvChannel(desc);
      const queue = new DeliveryQueue(desc.id, receive, onFailure, this.onDeliveryDrained);
      this.deliveries[desc.id] = queue;
      this.deliveryList.push(queue);
    }
  }

  start(): void {
    if (this.closed || this.reading) return;
    this.reading = true;
    this.stream.on('data', this.onData);
  }

  /** True while reading is held back because a receiver is behind. */
  get pausedForDelivery(): boolean {
    return (this.paused & PAUSE_DELIVERY) !== 0;
  }

  deliveryQueuedBytes(channelId: number): number {
    return this.deliveries[channelId]?.queuedBytes ?? 0;
  }

  /** Resolves once every message received so far has been handed to its receiver. */
  async whenDelivered(): Promise<void> {
    await Promise.all(this.deliveryList.map((queue) => queue.whenIdle()));
  }

  /** Stops reading; what is already queued is still delivered (close() drops it). */
  stopReading(): void {
    if (this.reading) this.stream.off('data', this.onData);
    this.reading = false;
    clearTimeout(this.rateTimer);
    this.rateTimer = undefined;
  }

  close(): void {
    this.closed = true;
    this.held = null;
    this.stopReading();
    for (const queue of this.deliveryList) queue.close();
    for (const ch of this.channels) ch?.reset();
  }

  private pause(reason: number): void {
    if (this.paused === 0) this.stream.pause();
    this.paused |= reason;
  }

  private resume(reason: number): void {
    if ((this.paused & reason) === 0) return;
    this.paused &= ~reason;
    if (this.paused !== 0 || !this.reading) return;
    const held = this.held;
    if (held !== null) {
      this.held = null;
      this.process(held);
      if (this.paused !== 0 || this.closed) return;
    }
    this.stream.resume();
  }

  private readonly onDeliveryDrained = (): void => {
    if (!this.pausedForDelivery || this.closed) return;
    for (const queue of this.deliveryList) if (queue.overHighWater) return;
    this.resume(PAUSE_DELIVERY);
  };

  private readonly onRateTimer = (): void => {
    this.rateTimer = undefined;
    this.resume(PAUSE_RATE);
  };

  private readonly onPacket = (buf: Uint8Array, start: number, end: number): void => {
    const packet = this.packet;
    decodePacket(buf, start, end, packet);
    if (packet.kind === PACKET_MSG) {
      const id = packet.channelId;
      const channel = id >= 0 && id <= 255 ? this.channels[id] : undefined;
      if (channel === undefined) throw new UnknownChannelError(id);
      const message = channel.append(buf, packet.dataStart, packet.dataEnd, packet.eof);
      if (message !== null) this.deliveries[id]!.push(message);
    } else if (packet.kind === PACKET_PING) {
      this.events.ping();
    } else {
      this.events.pong();
    }
  };

  private readonly onData = (chunk: unknown): void => {
    if (this.closed || !this.reading) return;
    if (!(chunk instanceof Uint8Array)) {
      this.events.failure(new MalformedPacketError('stream delivered a non-binary chunk'));
      return;
    }
    this.process(chunk);
  };

  /**
   * Parses as much of `chunk` as the receive rate allows in this sample (at
   * least one packet); the rest is held and reading pauses until the next
   * sample, like upstream's wait before each packet read.
   */
  private process(chunk: Uint8Array): void {
    const rate = this.config.recvRate;
    const budget = rate > 0 ? Math.max(1, this.monitor.allowance(rate)) : Infinity;
    let consumed: number;
    try {
      consumed = this.reader.push(chunk, this.onPacket, budget);
    } catch (error) {
      this.events.failure(error as Error);
      return;
    }
    this.monitor.update(consumed);
    if (this.closed) return;
    if (consumed < chunk.length || (rate > 0 && this.monitor.allowance(rate) <= 0)) {
      if (consumed < chunk.length) this.held = chunk.subarray(consumed);
      this.pause(PAUSE_RATE);
      this.rateTimer ??= setTimeout(this.onRateTimer, this.monitor.msUntilNextSample());
    }
    for (const queue of this.deliveryList) {
      if (queue.overHighWater) {
        this.pause(PAUSE_DELIVERY);
        break;
      }
    }
  }
}
