/** Switch settings, with CometBFT's [p2p] defaults. */
import type { MConnectionConfig } from '@cometts/mconn';
import type { NetAddress, NodeId, NodeKey } from '@cometts/types';
import type { AddrBookHook } from '../addr-book-hook.js';
import type { Logger, SwitchMetrics } from '../logging.js';
import type { NodeInfoOptions } from '../node/node-info.js';
import type { ConnectionFilter, TransportConfig } from '../transport/transport.js';
import type { PeerFilter } from '../transport/upgrade.js';
import type { ReconnectSchedule } from './reconnect-schedule.js';

export interface SwitchOptions extends Partial<TransportConfig> {
  nodeKey: NodeKey;
  /** Chain ID. */
  network: string;
  moniker: string;
  /** `tcp://host:port` to listen on (port 0 = any free port). Omit to only dial out. */
  listenAddress?: string;
  /** The address announced in our NodeInfo (p2p.external_address); default: the bound listen address. */
  externalAddress?: string;
  /** Extra NodeInfo fields (software version, app version, tx_index, rpc_address). */
  nodeInfo?: Partial<Pick<NodeInfoOptions, 'version' | 'appVersion' | 'blockVersion' | 'p2pVersion' | 'txIndex' | 'rpcAddress'>>;
  /** Default 40. */
  maxInboundPeers?: number;
  /** Default 10. */
  maxOutboundPeers?: number;
  persistentPeers?: readonly NetAddress[];
  unconditionalPeerIds?: readonly NodeId[];
  privatePeerIds?: readonly NodeId[];
  /** Dial the persistent peers when the switch starts (as a CometBFT node does). Default true. */
  dialPersistentPeersOnStart?: boolean;
  /** dialPeersAsync waits a random 0..this before each dial. Default 3000 ms. */
  dialRandomDelayMs?: number;
  reconnect?: Partial<ReconnectSchedule>;
  connectionFilters?: readonly ConnectionFilter[];
  peerFilters?: readonly PeerFilter[];
  mconnConfig?: Partial<MConnectionConfig>;
  addrBook?: AddrBookHook;
  logger?: Logger;
  metrics?: Partial<SwitchMetrics>;
  /** DNS for host names (peers' listen addresses). */
  resolver?: (host: string) => Promise<string>;
}

export const DEFAULT_MAX_INBOUND_PEERS = 40;
export const DEFAULT_MAX_OUTBOUND_PEERS = 10;
export const DEFAULT_DIAL_RANDOM_DELAY_MS = 3000;

/** The transport settings present in `options`. */
export function pickTransportConfig(options: SwitchOptions): Partial<TransportConfig> {
  const out: Partial<TransportConfig> = {};
  if (options.handshakeTimeoutMs !== undefined) out.handshakeTimeoutMs = options.handshakeTimeoutMs;
  if (options.dialTimeoutMs !== undefined) out.dialTimeoutMs = options.dialTimeoutMs;
  if (options.filterTimeoutMs !== undefined) out.filterTimeoutMs = options.filterTimeoutMs;
  if (options.allowDuplicateIp !== undefined) out.allowDuplicateIp = options.allowDuplicateIp;
  return out;
}
