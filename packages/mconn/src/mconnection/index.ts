export { MConnection } from './mconnection.js';
export type { MConnectionHandlers, MConnectionStatus, ChannelStatus, StopOptions } from './mconnection.js';
export {
  DEFAULT_MCONNECTION_CONFIG,
  DEFAULT_RECV_BUFFER_CAPACITY,
  DEFAULT_RECV_MESSAGE_CAPACITY,
  DEFAULT_SEND_QUEUE_CAPACITY,
  DEFAULT_SEND_TIMEOUT_MS,
  maxPacketMsgSize,
} from './config.js';
export type { ChannelDescriptor, MConnectionConfig } from './config.js';
export type { FlowStatus } from './flow-monitor.js';
export {
  ConnectionClosedError,
  MalformedPacketError,
  MessageTooLargeError,
  PacketTooLargeError,
  PongTimeoutError,
  ReceiverError,
  StreamError,
  UnknownChannelError,
} from './errors.js';
