/**
 * Channel descriptors and connection settings, with CometBFT's defaults
 * (p2p/conn/connection.go and config/config.go, v0.38).
 */
import { InvalidInputError } from '@cometts/types';

export interface ChannelDescriptor {
  /** One byte: 0..255. */
  id: number;
  /** > 0; a higher priority gets a bigger share of send bandwidth. */
  priority: number;
  /** Whole messages queued before send() waits / trySend() fails. Default 1. */
  sendQueueCapacity?: number;
  /** Initial reassembly buffer size (an allocation hint only). Default 4096. */
  recvBufferCapacity?: number;
  /** Largest reassembled message in bytes. Default 22020096 (21 MiB). */
  recvMessageCapacity?: number;
  /**
   * Write this channel's packets out as soon as the send routine runs instead
   * of letting them wait up to flushThrottleMs (latency-bound traffic such as
   * consensus). Local policy only; the wire is unchanged. Default false.
   */
  flushImmediately?: boolean;
}

export interface MConnectionConfig {
  /** Send rate limit in bytes/s; 0 = unlimited. Default 5_120_000 (config p2p.send_rate). */
  sendRate: number;
  /** Receive rate limit in bytes/s; 0 = unlimited. Default 5_120_000 (config p2p.recv_rate). */
  recvRate: number;
  /** Largest PacketMsg data. Both sides must agree; do not change. Default 1024. */
  maxPacketMsgPayloadSize: number;
  /** Longest a written PacketMsg may wait in the batch buffer before it is written out. Default 100 (v0.38). */
  flushThrottleMs: number;
  /** Default 60_000. */
  pingIntervalMs: number;
  /** Default 45_000; must be below pingIntervalMs. */
  pongTimeoutMs: number;
}

export const DEFAULT_SEND_QUEUE_CAPACITY = 1;
export const DEFAULT_RECV_BUFFER_CAPACITY = 4096;
export const DEFAULT_RECV_MESSAGE_CAPACITY = 22_020_096;
export const DEFAULT_SEND_TIMEOUT_MS = 10_000;

export const DEFAULT_MCONNECTION_CONFIG: Readonly<MConnectionConfig> = Object.freeze({
  sendRate: 5_120_000,
  recvRate: 5_120_000,
  maxPacketMsgPayloadSize: 1024,
  flushThrottleMs: 100,
  pingIntervalMs: 60_000,
  pongTimeoutMs: 45_000,
});

export type ResolvedChannelDescriptor = Required<ChannelDescriptor>;

const uvarintSize = (n: number): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : 4);

/**
 * Encoded size of Packet{packet_msg{channel_id: 1, eof: true, data: payload}}
 * (without the length prefix): the largest length prefix a receiver accepts.
 * 1034 for the default payload of 1024.
 */
export function maxPacketMsgSize(maxPayload: number): number {
  const msgBody = 2 + 2 + 1 + uvarintSize(maxPayload) + maxPayload;
  return 1 + uvarintSize(msgBody) + msgBody;
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new InvalidInputError(what, `must be a positive integer, got ${value}`);
  return value;
}

function nonNegative(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0) throw new InvalidInputError(what, `must be a finite number ≥ 0, got ${value}`);
  return value;
}

/** Fills defaults (a 0 or missing capacity means the default, as upstream) and rejects bad descriptors. */
export function resolveChannels(channels: readonly ChannelDescriptor[]): ResolvedChannelDescriptor[] {
  const seen = new Set<number>();
  return channels.map((desc) => {
    const { id } = desc;
    if (!Number.isInteger(id) || id < 0 || id > 255) throw new InvalidInputError('channel id', `must be 0..255, got ${id}`);
    if (seen.has(id)) throw new InvalidInputError('channel id', `duplicate channel ${id}`);
    seen.add(id);
    return {
      id,
      priority: positiveInteger(desc.priority, `priority of channel ${id}`),
      sendQueueCapacity: positiveInteger(desc.sendQueueCapacity || DEFAULT_SEND_QUEUE_CAPACITY, `sendQueueCapacity of channel ${id}`),
      recvBufferCapacity: positiveInteger(desc.recvBufferCapacity || DEFAULT_RECV_BUFFER_CAPACITY, `recvBufferCapacity of channel ${id}`),
      recvMessageCapacity: positiveInteger(
        desc.recvMessageCapacity || DEFAULT_RECV_MESSAGE_CAPACITY,
        `recvMessageCapacity of channel ${id}`,
      ),
      flushImmediately: desc.flushImmediately === true,
    };
  });
}

export function resolveConfig(config: Partial<MConnectionConfig> = {}): MConnectionConfig {
  const merged = { ...DEFAULT_MCONNECTION_CONFIG };
  for (const [key, value] of Object.entries(config) as [keyof MConnectionConfig, number | undefined][]) {
    if (value !== undefined) merged[key] = value;
  }
  nonNegative(merged.sendRate, 'sendRate');
  nonNegative(merged.recvRate, 'recvRate');
  nonNegative(merged.flushThrottleMs, 'flushThrottleMs');
  positiveInteger(merged.maxPacketMsgPayloadSize, 'maxPacketMsgPayloadSize');
  if (merged.maxPacketMsgPayloadSize > 1 << 20) throw new InvalidInputError('maxPacketMsgPayloadSize', 'must be ≤ 1 MiB');
  positiveInteger(merged.pingIntervalMs, 'pingIntervalMs');
  positiveInteger(merged.pongTimeoutMs, 'pongTimeoutMs');
  if (merged.pongTimeoutMs >= merged.pingIntervalMs) {
    throw new InvalidInputError('pongTimeoutMs', 'must be less than pingIntervalMs');
  }
  return merged;
}
