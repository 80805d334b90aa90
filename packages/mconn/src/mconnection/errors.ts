/**
 * Typed MConnection failures. Every reason the connection closes has its own
 * class with a stable `name` and `code`, so the switch (and peer-removal logs)
 * can branch on them without parsing messages.
 */
import { CometError } from '@cometts/types';

/** A PacketMsg named a channel we did not register (or one outside 0..255). */
export class UnknownChannelError extends CometError {
  readonly code = 'UNKNOWN_CHANNEL';
  constructor(readonly channelId: number) {
    super(`unknown channel ${channelId}`);
  }
}

/** A Packet's length prefix is larger than maxPacketMsgSize ("message exceeds max size"). */
export class PacketTooLargeError extends CometError {
  readonly code = 'PACKET_TOO_LARGE';
  constructor(
    readonly size: number,
    readonly maxSize: number,
  ) {
    super(`packet length prefix ${size} exceeds max size ${maxSize}`);
  }
}

/** A reassembled message would exceed the channel's recvMessageCapacity. */
export class MessageTooLargeError extends CometError {
  readonly code = 'MESSAGE_TOO_LARGE';
  constructor(
    readonly channelId: number,
    readonly size: number,
    readonly capacity: number,
  ) {
    super(`received message on channel ${channelId} exceeds available capacity: ${size} > ${capacity}`);
  }
}

/** Bytes that are not a delimited protobuf Packet, or a Packet with no oneof set. */
export class MalformedPacketError extends CometError {
  readonly code = 'MALFORMED_PACKET';
  constructor(readonly reason: string) {
    super(`malformed packet: ${reason}`);
  }
}

/** No pong arrived within pongTimeoutMs of our ping. */
export class PongTimeoutError extends CometError {
  readonly code = 'PONG_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`pong timeout after ${timeoutMs} ms`);
  }
}

/** The peer closed the stream (EOF), or it was destroyed underneath us. */
export class ConnectionClosedError extends CometError {
  readonly code = 'CONNECTION_CLOSED';
  constructor(reason: string) {
    super(`connection closed: ${reason}`);
  }
}

/** The underlying stream reported an error (socket reset, write failure, …). */
export class StreamError extends CometError {
  readonly code = 'STREAM_ERROR';
  constructor(cause: unknown) {
    super(`stream error: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** A reactor's onReceive threw (or its returned promise rejected). */
export class ReceiverError extends CometError {
  readonly code = 'RECEIVER_ERROR';
  constructor(
    readonly channelId: number,
    cause: unknown,
  ) {
    super(`receiver for channel ${channelId} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}
