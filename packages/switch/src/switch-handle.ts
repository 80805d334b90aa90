/**
 * What a reactor may ask of the Switch (the Switch implements it; tests can
 * pass the compliance suite's FakeSwitch). Reactors take it in their
 * constructor, e.g. to stop a peer that breaks a protocol rule.
 */
import type { NetAddress, NodeId } from '@cometts/types';
import type { Peer } from './peer/peer.js';

export interface PeerCounts {
  /** Connected inbound peers, unconditional ones excluded (as CometBFT counts). */
  inbound: number;
  /** Connected outbound peers, unconditional ones excluded. */
  outbound: number;
  /** Dials in progress. */
  dialing: number;
}

export interface BroadcastResult {
  /** Peers whose queue took the message. */
  sent: Peer[];
  /** Peers that do not list the channel, or whose queue stayed full. */
  failed: Peer[];
}

export interface SwitchHandle {
  readonly nodeId: NodeId;
  readonly peers: ReadonlyMap<NodeId, Peer>;
  numPeers(): PeerCounts;
  /** Encodes once with the channel's codec and queues the same bytes to every peer. */
  broadcast<M>(channelId: number, message: M): Promise<BroadcastResult>;
  /** Stops the peer at once; `reason` reaches every reactor's removePeer. */
  stopPeerForError(peer: Peer, reason: unknown): Promise<void>;
  /** Flushes the peer's queues, then stops it (reason undefined). */
  stopPeerGracefully(peer: Peer): Promise<void>;
  markPeerAsGood(peer: Peer): void;
  dialPeerWithAddress(address: NetAddress): Promise<Peer>;
  dialPeersAsync(addresses: readonly NetAddress[]): Promise<void>;
  isDialingOrExistingAddress(address: NetAddress): boolean;
}
