/**
 * @cometts/switch: CometBFT's p2p layer above the connection — NodeKey,
 * NodeInfo, the TCP Transport and its handshake, Peers with a typed store,
 * the Reactor contract and the Switch.
 */
export * from './errors/handshake-errors.js';
export * from './errors/switch-errors.js';
export * from './logging.js';
export * from './reactor.js';
export { checkChannel } from './channels.js';
export type { AddrBookHook } from './addr-book-hook.js';

export * from './peer/peer.js';
export * from './peer/peer-key.js';

export * from './node/node-key.js';
export * from './node/node-info.js';
export * from './node/address-list.js';

export { Transport, DEFAULT_TRANSPORT_CONFIG } from './transport/transport.js';
export type { TransportConfig, TransportOptions, ConnectionFilter, InboundHandlers } from './transport/transport.js';
export type { PeerFilter, PeerFilterInput, UpgradedConnection } from './transport/upgrade.js';

export { Switch } from './switch/switch.js';
export type { SwitchEvents } from './switch/switch.js';
export type { SwitchHandle, PeerCounts, BroadcastResult } from './switch-handle.js';
export { DEFAULT_MAX_INBOUND_PEERS, DEFAULT_MAX_OUTBOUND_PEERS, DEFAULT_DIAL_RANDOM_DELAY_MS, type SwitchOptions } from './switch/options.js';
export { DEFAULT_RECONNECT_SCHEDULE, reconnectDelayMs, type ReconnectSchedule } from './switch/reconnect-schedule.js';

