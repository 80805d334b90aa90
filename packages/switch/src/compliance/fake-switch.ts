/**
 * A SwitchHandle without a network for reactor tests: it adds and removes
 * FakePeers the way the Switch does (initPeer → addPeer; signal aborted →
 * removePeer(reason) → store cleared) and records what reactors ask of it.
 */
import type { NetAddress, NodeId } from '@cometts/types';
import { checkChannel } from '../channels.js';
import { DialFailedError } from '../errors/handshake-errors.js';
import { UnregisteredChannelError } from '../errors/switch-errors.js';
import type { Peer } from '../peer/peer.js';
import type { Reactor, ReactorChannel } from '../reactor.js';
import type { BroadcastResult, PeerCounts, SwitchHandle } from '../switch-handle.js';
import { FakePeer, type FakePeerOptions } from './fake-peer.js';

export class FakeSwitch implements SwitchHandle {
  readonly nodeId: NodeId;
  readonly stoppedForError: { peer: Peer; reason: unknown }[] = [];
  readonly stoppedGracefully: Peer[] = [];
  readonly markedGood: Peer[] = [];
  readonly dialed: NetAddress[] = [];
  /** Encodings done by broadcast (one per call). */
  broadcastEncodings = 0;
  private readonly peerMap = new Map<NodeId, FakePeer>();
  private readonly reactors: Reactor[] = [];
  private readonly channelMap = new Map<number, ReactorChannel>();

  constructor(nodeId: NodeId = '0'.repeat(40)) {
    this.nodeId = nodeId;
  }

  /** Registers a reactor (its channels must be valid and not taken). */
  addReactor(reactor: Reactor): void {
    for (const channel of reactor.channels()) {
      checkChannel(channel);
      if (this.channelMap.has(channel.id)) throw new Error(`channel ${channel.id} registered twice`);
      this.channelMap.set(channel.id, channel);
    }
    this.reactors.push(reactor);
  }

  get channels(): ReactorChannel[] {
    return [...this.channelMap.values()];
  }

  get peers(): ReadonlyMap<NodeId, Peer> {
    return this.peerMap;
  }

  /** Creates a FakePeer with this switch's channels and adds it to every reactor. */
  connectPeer(options: Partial<FakePeerOptions> = {}, prepare?: (peer: FakePeer) => void): FakePeer {
    const peer = new FakePeer({ channels: this.channels, ...options });
    prepare?.(peer);
    this.peerMap.set(peer.id, peer);
    for (const reactor of this.reactors) reactor.initPeer?.(peer);
    for (const reactor of this.reactors) reactor.addPeer(peer);
    return peer;
  }

  /** Removes the peer as the Switch does; unknown peers are ignored. */
  disconnectPeer(peer: Peer, reason: unknown): void {
    const own = this.peerMap.get(peer.id);
    if (own !== peer) return;
    this.peerMap.delete(peer.id);
    own.markRemoved(reason);
    for (const reactor of this.reactors) reactor.removePeer(own, reason);
    own.clearStore();
  }

  /**
   * Delivers a message as the channel boundary would (encoded, decoded and
   * validated, then to the owning reactor); returns what receive returned.
   */
  deliver(peer: Peer, channelId: number, message: unknown): unknown {
    const channel = this.channelMap.get(channelId);
    if (!channel) throw new UnregisteredChannelError(channelId);
    const decoded = channel.codec.decode(channel.codec.encode(message));
    return this.reactorReceive(peer, channelId, decoded);
  }

  /** Calls the owning reactor's receive with an already decoded message; returns what receive returned. */
  reactorReceive(peer: Peer, channelId: number, message: unknown): unknown {
    const owner = this.reactors.find((r) => r.channels().some((c) => c.id === channelId));
    if (!owner) throw new UnregisteredChannelError(channelId);
    return owner.receive({ src: peer, channelId, message }) as unknown;
  }

  numPeers(): PeerCounts {
    let inbound = 0;
    let outbound = 0;
    for (const peer of this.peerMap.values()) {
      if (peer.isUnconditional) continue;
      if (peer.isOutbound) outbound++;
      else inbound++;
    }
    return { inbound, outbound, dialing: 0 };
  }

  async broadcast<M>(channelId: number, message: M): Promise<BroadcastResult> {
    const channel = this.channelMap.get(channelId);
    if (!channel) throw new UnregisteredChannelError(channelId);
    const bytes = channel.codec.encode(message);
    this.broadcastEncodings++;
    const result: BroadcastResult = { sent: [], failed: [] };
    for (const peer of this.peerMap.values()) (peer.trySendBytes(channelId, bytes) ? result.sent : result.failed).push(peer);
    return result;
  }

  async stopPeerForError(peer: Peer, reason: unknown): Promise<void> {
    this.stoppedForError.push({ peer, reason });
    this.disconnectPeer(peer, reason);
  }

  async stopPeerGracefully(peer: Peer): Promise<void> {
    this.stoppedGracefully.push(peer);
    this.disconnectPeer(peer, undefined);
  }

  markPeerAsGood(peer: Peer): void {
    this.markedGood.push(peer);
  }

  async dialPeerWithAddress(address: NetAddress): Promise<Peer> {
    this.dialed.push(address);
    throw new DialFailedError(address.dialString(), new Error('FakeSwitch does not dial'));
  }

  async dialPeersAsync(addresses: readonly NetAddress[]): Promise<void> {
    this.dialed.push(...addresses);
  }

  isDialingOrExistingAddress(address: NetAddress): boolean {
    return this.peerMap.has(address.id);
  }
}
