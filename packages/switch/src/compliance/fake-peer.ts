/**
 * A Peer without a network, for reactor unit tests: sends are encoded with
 * the channel's codec (as the real peer does) and recorded; removal aborts
 * the signal and clears the store, like the Switch.
 */
import type { MConnectionStatus } from '@cometts/mconn';
import {
  BLOCK_PROTOCOL_VERSION,
  DefaultNodeInfo,
  Ed25519PrivateKey,
  NetAddress,
  P2P_PROTOCOL_VERSION,
  nodeIdFromPubKey,
  type NodeId,
} from '@cometts/types';
import { PeerRemovedError, UnregisteredChannelError } from '../errors/switch-errors.js';
import type { Peer } from '../peer/peer.js';
import { PeerStore, type PeerKey } from '../peer/peer-key.js';
import type { ReactorChannel } from '../reactor.js';

export interface SentMessage {
  channelId: number;
  message: unknown;
  bytes: Uint8Array;
}

export interface FakePeerOptions {
  /** Channels known to the (fake) switch: sends on others throw UnregisteredChannelError. */
  channels: readonly ReactorChannel[];
  /** Channels the peer advertises; default: all of `channels`. */
  peerChannels?: readonly number[];
  id?: NodeId;
  isOutbound?: boolean;
  isPersistent?: boolean;
  isUnconditional?: boolean;
  network?: string;
}

const EMPTY_FLOW = { bytes: 0, durationMs: 0, currentRate: 0, averageRate: 0, peakRate: 0 };

export class FakePeer implements Peer {
  readonly id: NodeId;
  readonly nodeInfo: DefaultNodeInfo;
  readonly remoteAddress: NetAddress;
  readonly listenAddress: NetAddress;
  readonly isOutbound: boolean;
  readonly isPersistent: boolean;
  readonly isUnconditional: boolean;
  /** Every message queued to this peer, in order. */
  readonly sent: SentMessage[] = [];
  /** Sends attempted after removal (a reactor that keeps sending to a removed peer leaks a loop). */
  sendsAfterRemoval = 0;
  /** Sends whose bytes the channel codec refuses (a reactor must only send valid messages). */
  readonly invalidSends: { channelId: number; error: unknown }[] = [];
  /** When false, sends fail as if the queue were full. */
  acceptSends = true;
  private readonly controller = new AbortController();
  private readonly store = new PeerStore();
  private readonly codecs = new Map<number, ReactorChannel>();
  private readonly startedAt = Date.now();
  private removed = false;

  constructor(options: FakePeerOptions) {
    for (const channel of options.channels) this.codecs.set(channel.id, channel);
    this.id = options.id ?? nodeIdFromPubKey(Ed25519PrivateKey.generate().publicKey);
    const peerChannels = options.peerChannels ?? options.channels.map((c) => c.id);
    this.nodeInfo = DefaultNodeInfo.create({
      protocolVersion: { p2p: P2P_PROTOCOL_VERSION, block: BLOCK_PROTOCOL_VERSION, app: 0n },
      defaultNodeId: this.id,
      listenAddr: 'tcp://127.0.0.1:26656',
      network: options.network ?? 'test-chain',
      version: '0.38.17',
      channels: Uint8Array.from(peerChannels),
      moniker: 'fake-peer',
      other: { txIndex: 'on', rpcAddress: '' },
    });
    this.remoteAddress = NetAddress.fromIPPort('127.0.0.1', 26656, this.id);
    this.listenAddress = this.remoteAddress;
    this.isOutbound = options.isOutbound ?? false;
    this.isPersistent = options.isPersistent ?? false;
    this.isUnconditional = options.isUnconditional ?? false;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get isRunning(): boolean {
    return !this.removed;
  }

  /** Does what the Switch does on removal, minus the reactors (the caller notifies them). */
  markRemoved(reason: unknown): void {
    if (this.removed) return;
    this.removed = true;
    this.controller.abort(new PeerRemovedError(this.id, reason));
  }

  clearStore(): void {
    this.store.clear();
  }

  hasChannel(channelId: number): boolean {
    return this.nodeInfo.channels.includes(channelId);
  }

  /** Messages sent on one channel. */
  messagesOn<M = unknown>(channelId: number): M[] {
    return this.sent.filter((s) => s.channelId === channelId).map((s) => s.message as M);
  }

  private record(channelId: number, bytes: Uint8Array): boolean {
    const channel = this.codecs.get(channelId);
    if (!channel) throw new UnregisteredChannelError(channelId);
    if (this.removed) {
      this.sendsAfterRemoval++;
      return false;
    }
    if (!this.acceptSends || !this.hasChannel(channelId)) return false;
    let message: unknown;
    try {
      message = channel.codec.decode(bytes);
    } catch (error) {
      this.invalidSends.push({ channelId, error });
      return true;
    }
    this.sent.push({ channelId, bytes, message });
    return true;
  }

  private encode(channelId: number, message: unknown): Uint8Array {
    const channel = this.codecs.get(channelId);
    if (!channel) throw new UnregisteredChannelError(channelId);
    return channel.codec.encode(message);
  }

  send<M>(channelId: number, message: M): Promise<boolean> {
    return Promise.resolve(this.record(channelId, this.encode(channelId, message)));
  }

  trySend<M>(channelId: number, message: M): boolean {
    return this.record(channelId, this.encode(channelId, message));
  }

  sendBytes(channelId: number, bytes: Uint8Array): Promise<boolean> {
    return Promise.resolve(this.record(channelId, bytes));
  }

  trySendBytes(channelId: number, bytes: Uint8Array): boolean {
    return this.record(channelId, bytes);
  }

  status(): MConnectionStatus {
    const durationMs = Date.now() - this.startedAt;
    return {
      durationMs,
      sendMonitor: { ...EMPTY_FLOW, durationMs },
      recvMonitor: { ...EMPTY_FLOW, durationMs },
      channels: [...this.codecs.values()].map((c) => ({
        id: c.id,
        priority: c.priority,
        sendQueueCapacity: c.sendQueueCapacity || 1,
        sendQueueSize: 0,
        recentlySent: 0,
        deliveryQueuedBytes: 0,
      })),
    };
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
}
