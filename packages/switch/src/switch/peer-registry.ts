/**
 * The peer set and every peer's lifecycle: admit an upgraded connection
 * (duplicate ID, inbound limit, initPeer → start → addPeer, all in one
 * synchronous step so no message or second connection can interleave), the
 * channel boundary (decode + validate once, then the owning reactor), and
 * removal (signal aborted, every reactor's removePeer with the reason, store
 * cleared).
 */
import type { MConnectionConfig } from '@cometts/mconn';
import type { NodeId } from '@cometts/types';
import type { ChannelTable } from '../channels.js';
import { DuplicatePeerError, InboundLimitError, ReactorError, SwitchNotRunningError } from '../errors/switch-errors.js';
import { errorCode, type Logger, type SwitchMetrics } from '../logging.js';
import type { Peer } from '../peer/peer.js';
import { SwitchPeer } from '../peer/switch-peer.js';
import type { Reactor } from '../reactor.js';
import type { UpgradedConnection } from '../transport/upgrade.js';
import type { OutboundSlot, PeerSlots } from './peer-slots.js';

export interface PeerRegistryHost {
  readonly isRunning: boolean;
  readonly reactors: readonly Reactor[];
  readonly channels: ChannelTable;
  readonly slots: PeerSlots;
  readonly mconnConfig: Partial<MConnectionConfig> | undefined;
  readonly logger: Logger;
  readonly metrics: SwitchMetrics;
  isUnconditional(id: NodeId): boolean;
  isPersistent(id: NodeId): boolean;
  peerAdded(peer: Peer): void;
  /** After removal; `forError` is true for stopPeerForError (persistent peers are then redialed). */
  peerRemoved(peer: Peer, reason: unknown, forError: boolean): void;
  countsChanged(): void;
}

export class PeerRegistry {
  private readonly byId = new Map<NodeId, SwitchPeer>();
  private readonly stopping = new Set<SwitchPeer>();

  constructor(private readonly host: PeerRegistryHost) {}

  get peers(): ReadonlyMap<NodeId, Peer> {
    return this.byId;
  }

  /** Turns an upgraded connection into a running peer, or closes it and throws the typed reason. */
  admit(connection: UpgradedConnection, slot: OutboundSlot | undefined): SwitchPeer {
    const host = this.host;
    const id = connection.nodeInfo.defaultNodeId;
    const refuse = (err: Error): never => {
      connection.stream.destroy();
      throw err;
    };
    if (!host.isRunning) refuse(new SwitchNotRunningError());
    if (this.byId.has(id)) refuse(new DuplicatePeerError(id));
    const unconditional = host.isUnconditional(id);
    if (!connection.isOutbound && !unconditional && !host.slots.tryAddInbound()) refuse(new InboundLimitError(host.slots.maxInbound));
    slot?.commit();

    let peer: SwitchPeer;
    try {
      peer = this.createPeer(connection, unconditional);
    } catch (err) {
      if (!unconditional) host.slots.remove(connection.isOutbound);
      return refuse(err as Error);
    }
    this.byId.set(id, peer);
    host.countsChanged();
    for (const reactor of host.reactors) {
      if (!this.callReactor(peer, reactor, 'initPeer', () => reactor.initPeer?.(peer))) return peer;
    }
    peer.start();
    for (const reactor of host.reactors) {
      if (!this.callReactor(peer, reactor, 'addPeer', () => reactor.addPeer(peer))) return peer;
    }
    host.logger.info('peer added', { peer: id, address: connection.remoteAddress.toString(), outbound: connection.isOutbound });
    host.peerAdded(peer);
    return peer;
  }

  private createPeer(connection: UpgradedConnection, unconditional: boolean): SwitchPeer {
    const id = connection.nodeInfo.defaultNodeId;
    return new SwitchPeer({
      stream: connection.stream,
      nodeInfo: connection.nodeInfo,
      remoteAddress: connection.remoteAddress,
      listenAddress: connection.listenAddress,
      isOutbound: connection.isOutbound,
      isPersistent: this.host.isPersistent(id),
      isUnconditional: unconditional,
      channels: this.host.channels,
      mconnConfig: this.host.mconnConfig,
      metrics: this.host.metrics,
      onReceive: (p, channelId, bytes) => this.deliver(p, channelId, bytes),
      onError: (p, error) => void this.stopForError(p, error),
    });
  }

  /** Runs a reactor hook; a throw stops the peer for a ReactorError. Returns false if the peer is gone. */
  private callReactor(peer: SwitchPeer, reactor: Reactor, phase: 'initPeer' | 'addPeer', call: () => void): boolean {
    try {
      call();
    } catch (err) {
      void this.stopForError(peer, new ReactorError(reactor.name, phase, err));
    }
    return !peer.isRemoved;
  }

  /** The channel boundary: decode and validate once; a bad message stops the peer with the DecodeError/ValidationError. */
  private deliver(peer: SwitchPeer, channelId: number, bytes: Uint8Array): void {
    if (peer.isRemoved || this.stopping.has(peer)) return;
    const entry = this.host.channels.get(channelId);
    if (!entry) return; // MConnection only delivers channels we registered.
    this.host.metrics.messageReceived(channelId, bytes.length);
    let message: unknown;
    try {
      message = entry.channel.codec.decode(bytes);
    } catch (err) {
      void this.stopForError(peer, err);
      return;
    }
    try {
      entry.reactor.receive({ src: peer, channelId, message });
    } catch (err) {
      void this.stopForError(peer, new ReactorError(entry.reactor.name, 'receive', err));
    }
  }

  /** Stops the peer at once (no flush) and tells every reactor why. No-op for a peer already gone. */
  async stopForError(peer: Peer, reason: unknown): Promise<void> {
    const own = this.own(peer);
    if (!own || this.stopping.has(own)) return;
    this.host.logger.warn('stopping peer for error', { peer: own.id, reason: reason instanceof Error ? reason.message : String(reason) });
    this.host.metrics.peerStoppedForError(errorCode(reason));
    this.detach(own, reason, true);
    await own.close(false).catch(() => {});
  }

  /** Flushes what is queued for the peer, then removes it (reason undefined). */
  async stopGracefully(peer: Peer): Promise<void> {
    const own = this.own(peer);
    if (!own || this.stopping.has(own)) return;
    this.stopping.add(own);
    try {
      await own.close(true);
    } catch (err) {
      this.host.logger.debug('graceful stop did not flush', { peer: own.id, error: (err as Error).message });
    } finally {
      this.stopping.delete(own);
      this.detach(own, undefined, false);
    }
  }

  /** Removes every peer (switch stop). */
  async stopAll(): Promise<void> {
    const all = [...this.byId.values()];
    for (const peer of all) this.detach(peer, undefined, false);
    await Promise.all(all.map((peer) => peer.close(false).catch(() => {})));
  }

  private own(peer: Peer): SwitchPeer | undefined {
    const own = this.byId.get(peer.id);
    return own === peer ? own : undefined;
  }

  private detach(peer: SwitchPeer, reason: unknown, forError: boolean): void {
    if (this.byId.get(peer.id) !== peer || !peer.markRemoved(reason)) return;
    this.byId.delete(peer.id);
    if (!peer.isUnconditional) this.host.slots.remove(peer.isOutbound);
    this.host.countsChanged();
    for (const reactor of this.host.reactors) {
      try {
        reactor.removePeer(peer, reason);
      } catch (err) {
        this.host.logger.error('reactor removePeer threw', { reactor: reactor.name, peer: peer.id, error: (err as Error).message });
      }
    }
    peer.clearStore();
    this.host.logger.info('peer removed', { peer: peer.id, reason: reason instanceof Error ? reason.message : reason });
    this.host.peerRemoved(peer, reason, forError);
  }
}
