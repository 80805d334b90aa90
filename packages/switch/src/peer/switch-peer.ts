/** The Peer the Switch creates for every accepted connection, over an MConnection. */
import type { Duplex } from 'node:stream';
import { MConnection, type MConnectionConfig, type MConnectionStatus } from '@cometts/mconn';
import type { DefaultNodeInfo, NetAddress, NodeId } from '@cometts/types';
import type { ChannelTable } from '../channels.js';
import { PeerRemovedError, UnregisteredChannelError } from '../errors/switch-errors.js';
import type { SwitchMetrics } from '../logging.js';
import type { Peer } from './peer.js';
import { PeerStore, type PeerKey } from './peer-key.js';

export interface SwitchPeerInit {
  stream: Duplex;
  nodeInfo: DefaultNodeInfo;
  remoteAddress: NetAddress;
  listenAddress: NetAddress;
  isOutbound: boolean;
  isPersistent: boolean;
  isUnconditional: boolean;
  channels: ChannelTable;
  mconnConfig?: Partial<MConnectionConfig>;
  metrics: SwitchMetrics;
  /** A complete message arrived (still encoded); the switch decodes it at the channel boundary. */
  onReceive(peer: SwitchPeer, channelId: number, bytes: Uint8Array): void;
  /** The connection died; called at most once. */
  onError(peer: SwitchPeer, error: Error): void;
}

export class SwitchPeer implements Peer {
  readonly id: NodeId;
  readonly nodeInfo: DefaultNodeInfo;
  readonly remoteAddress: NetAddress;
  readonly listenAddress: NetAddress;
  readonly isOutbound: boolean;
  readonly isPersistent: boolean;
  readonly isUnconditional: boolean;
  private readonly controller = new AbortController();
  private readonly store = new PeerStore();
  private readonly theirChannels: Set<number>;
  private readonly channels: ChannelTable;
  private readonly metrics: SwitchMetrics;
  private readonly mconn: MConnection;
  private removed = false;

  constructor(init: SwitchPeerInit) {
    this.id = init.nodeInfo.defaultNodeId;
    this.nodeInfo = init.nodeInfo;
    this.remoteAddress = init.remoteAddress;
    this.listenAddress = init.listenAddress;
    this.isOutbound = init.isOutbound;
    this.isPersistent = init.isPersistent;
    this.isUnconditional = init.isUnconditional;
    this.channels = init.channels;
    this.metrics = init.metrics;
    this.theirChannels = new Set(init.nodeInfo.channels);
    this.mconn = new MConnection(
      init.stream,
      init.channels.descriptors(),
      {
        onReceive: (channelId, bytes) => init.onReceive(this, channelId, bytes),
        onError: (error) => init.onError(this, error),
      },
      init.mconnConfig,
    );
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get isRunning(): boolean {
    return !this.removed && this.mconn.isRunning;
  }

  /** Starts the connection's send/receive routines (after the reactors' initPeer). */
  start(): void {
    this.mconn.start();
  }

  /**
   * Marks the peer removed and aborts its signal. Returns false if it already
   * was. The store is cleared after the reactors' removePeer (`clearStore`),
   * and the connection is stopped separately (`close`).
   */
  markRemoved(reason: unknown): boolean {
    if (this.removed) return false;
    this.removed = true;
    this.controller.abort(new PeerRemovedError(this.id, reason));
    return true;
  }

  clearStore(): void {
    this.store.clear();
  }

  get isRemoved(): boolean {
    return this.removed;
  }

  /** Stops the connection; `graceful` flushes what is queued first. */
  close(graceful: boolean): Promise<void> {
    return this.mconn.stop({ graceful });
  }

  hasChannel(channelId: number): boolean {
    return this.theirChannels.has(channelId);
  }

  private encode(channelId: number, message: unknown): Uint8Array {
    const entry = this.channels.get(channelId);
    if (!entry) throw new UnregisteredChannelError(channelId);
    return entry.channel.codec.encode(message);
  }

  private sendable(channelId: number): boolean {
    if (!this.channels.get(channelId)) throw new UnregisteredChannelError(channelId);
    return !this.removed && this.theirChannels.has(channelId);
  }

  send<M>(channelId: number, message: M): Promise<boolean> {
    if (!this.sendable(channelId)) return Promise.resolve(false);
    return this.sendBytes(channelId, this.encode(channelId, message));
  }

  trySend<M>(channelId: number, message: M): boolean {
    if (!this.sendable(channelId)) return false;
    return this.trySendBytes(channelId, this.encode(channelId, message));
  }

  async sendBytes(channelId: number, bytes: Uint8Array): Promise<boolean> {
    if (!this.sendable(channelId)) return false;
    const queued = await this.mconn.send(channelId, bytes);
    if (queued) this.metrics.messageSent(channelId, bytes.length);
    return queued;
  }

  trySendBytes(channelId: number, bytes: Uint8Array): boolean {
    if (!this.sendable(channelId)) return false;
    const queued = this.mconn.trySend(channelId, bytes);
    if (queued) this.metrics.messageSent(channelId, bytes.length);
    return queued;
  }

  status(): MConnectionStatus {
    return this.mconn.status();
  }

  get<T>(key: PeerKey<T>): T | undefined {
    return this.store.get(key);
  }

  set<T>(key: PeerKey<T>, value: T): void {
    if (!this.removed) this.store.set(key, value);
  }

  has(key: PeerKey<unknown>): boolean {
    return this.store.has(key);
  }

  delete(key: PeerKey<unknown>): boolean {
    return this.store.delete(key);
  }

  /** A short summary (loggers and test diffs would otherwise walk the whole connection). */
  toJSON(): { id: string; remoteAddress: string; isOutbound: boolean } {
    return { id: this.id, remoteAddress: this.remoteAddress.toString(), isOutbound: this.isOutbound };
  }

  toString(): string {
    return `Peer{${this.id}@${this.remoteAddress.toString()} ${this.isOutbound ? 'out' : 'in'}}`;
  }
}
