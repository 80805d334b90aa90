/**
 * A connected peer: identity, NodeInfo, addresses, typed sends over its
 * MConnection, an AbortSignal for per-peer loops, and a typed store.
 */
import type { MConnectionStatus } from '@cometts/mconn';
import type { DefaultNodeInfo, NetAddress, NodeId } from '@cometts/types';
import type { PeerKey } from './peer-key.js';

export interface Peer {
  readonly id: NodeId;
  readonly nodeInfo: DefaultNodeInfo;
  /** Outbound: the dialed address. Inbound: the remote IP:port with the authenticated ID. */
  readonly remoteAddress: NetAddress;
  /** The peer's self-reported listen address (ID@listen_addr), checked at the handshake. */
  readonly listenAddress: NetAddress;
  /** We dialed this peer. */
  readonly isOutbound: boolean;
  /** The peer's ID is one of our persistent peers. */
  readonly isPersistent: boolean;
  /** The peer's ID is unconditional (not counted against the limits). */
  readonly isUnconditional: boolean;
  /** Aborted (with a PeerRemovedError) when the peer is removed: tie per-peer loops to it. */
  readonly signal: AbortSignal;
  /** True from start until the peer is removed. */
  readonly isRunning: boolean;
  /** True if the peer listed `channelId` in its NodeInfo (otherwise sends return false). */
  hasChannel(channelId: number): boolean;
  /** Encodes with the channel's codec and queues, waiting (up to the send timeout) for room. */
  send<M>(channelId: number, message: M): Promise<boolean>;
  /** Encodes and queues only if there is room now. */
  trySend<M>(channelId: number, message: M): boolean;
  /** Queues already encoded bytes (used by broadcast: one encoding for all peers). */
  sendBytes(channelId: number, bytes: Uint8Array): Promise<boolean>;
  trySendBytes(channelId: number, bytes: Uint8Array): boolean;
  /** Connection status (queues, rates, duration). */
  status(): MConnectionStatus;
  get<T>(key: PeerKey<T>): T | undefined;
  set<T>(key: PeerKey<T>, value: T): void;
  has(key: PeerKey<unknown>): boolean;
  delete(key: PeerKey<unknown>): boolean;
}
