/**
 * The contract between the Switch and a reactor. Bytes from a peer are
 * decoded and validated once, at the channel boundary, with the channel's
 * codec: `receive` only ever sees a valid typed message.
 */
import type { ChannelDescriptor } from '@cometts/mconn';
import type { MessageType } from '@cometts/types';
import type { Peer } from './peer/peer.js';

/** A channel descriptor plus the codec of the wrapper message carried on it. */
// `any` by default: a reactor's channels carry different message types, and MessageType<T> is invariant in T.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ReactorChannel<M = any> extends ChannelDescriptor {
  readonly codec: MessageType<M>;
}

export interface Envelope<M = unknown> {
  readonly src: Peer;
  readonly channelId: number;
  readonly message: M;
}

export interface Reactor {
  readonly name: string;
  /** The channels this reactor owns; read once, at registration. */
  channels(): ReactorChannel[];
  start?(): Promise<void> | void;
  stop?(): Promise<void> | void;
  /** Called before the peer's connection starts: set up per-peer state here. */
  initPeer?(peer: Peer): void;
  /** Called once the peer is running and in the peer set. */
  addPeer(peer: Peer): void;
  /** Called when the peer is stopped; `reason` is undefined for a graceful stop. Must not throw, even for unknown peers. */
  removePeer(peer: Peer, reason: unknown): void;
  /** Must return quickly: queue heavy work (a slow receive delays that channel's later messages). */
  receive(envelope: Envelope): void;
}
