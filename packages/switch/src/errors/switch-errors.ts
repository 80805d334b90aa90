/** Errors of the Switch, its reactors' registration and the peer lifecycle. */
import { CometError } from '@cometts/types';

/** A peer with this ID is already connected; the existing connection is kept. */
export class DuplicatePeerError extends CometError {
  readonly code = 'DUPLICATE_PEER';
  constructor(readonly id: string) {
    super(`peer ${id} is already connected`);
  }
}

/** Accepting this inbound peer would exceed maxInboundPeers. */
export class InboundLimitError extends CometError {
  readonly code = 'INBOUND_LIMIT';
  constructor(readonly limit: number) {
    super(`inbound peer limit (${limit}) reached`);
  }
}

/** Dialing this address would exceed maxOutboundPeers (connected + dialing). */
export class OutboundLimitError extends CometError {
  readonly code = 'OUTBOUND_LIMIT';
  constructor(readonly limit: number) {
    super(`outbound peer limit (${limit}) reached`);
  }
}

/** The address (or its ID, or its IP without allowDuplicateIp) is being dialed or is connected. */
export class AlreadyDialingOrConnectedError extends CometError {
  readonly code = 'ALREADY_DIALING_OR_CONNECTED';
  constructor(readonly address: string) {
    super(`${address} is already being dialed or connected`);
  }
}

/** The switch is not running (not started yet, or stopped). */
export class SwitchNotRunningError extends CometError {
  readonly code = 'SWITCH_NOT_RUNNING';
  constructor() {
    super('switch is not running');
  }
}

/** Reactors can only be added before the switch starts (and a stopped switch cannot restart). */
export class SwitchAlreadyStartedError extends CometError {
  readonly code = 'SWITCH_ALREADY_STARTED';
  constructor() {
    super('switch was already started');
  }
}

/** Two reactors (or one reactor twice) declare the same channel ID. */
export class DuplicateChannelError extends CometError {
  readonly code = 'DUPLICATE_CHANNEL';
  constructor(
    readonly channelId: number,
    readonly reactor: string,
    readonly owner: string,
  ) {
    super(`channel 0x${channelId.toString(16).padStart(2, '0')} of reactor ${reactor} is already registered by ${owner}`);
  }
}

/** A reactor with this name is already registered. */
export class DuplicateReactorError extends CometError {
  readonly code = 'DUPLICATE_REACTOR';
  constructor(readonly reactor: string) {
    super(`reactor ${reactor} is already registered`);
  }
}

/** A channel descriptor is malformed (ID outside 0..255, priority ≤ 0, no codec, …). */
export class InvalidChannelError extends CometError {
  readonly code = 'INVALID_CHANNEL';
  constructor(
    readonly channelId: number,
    readonly reason: string,
  ) {
    super(`invalid channel ${channelId}: ${reason}`);
  }
}

/** Sending on a channel that no registered reactor declared: a programming error. */
export class UnregisteredChannelError extends CometError {
  readonly code = 'UNREGISTERED_CHANNEL';
  constructor(readonly channelId: number) {
    super(`channel 0x${channelId.toString(16).padStart(2, '0')} is not registered by any reactor`);
  }
}

/** A reactor threw from initPeer, addPeer or receive; the peer is stopped with this reason. */
export class ReactorError extends CometError {
  readonly code = 'REACTOR_FAILED';
  constructor(
    readonly reactor: string,
    readonly phase: 'initPeer' | 'addPeer' | 'receive',
    cause: unknown,
  ) {
    super(`reactor ${reactor} failed in ${phase}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** The reason a peer's AbortSignal carries once the peer is removed. */
export class PeerRemovedError extends CometError {
  readonly code = 'PEER_REMOVED';
  constructor(
    readonly peerId: string,
    /** The stop reason (undefined for a graceful stop). */
    readonly reason: unknown,
  ) {
    super(`peer ${peerId} removed${reason instanceof Error ? `: ${reason.message}` : ''}`, { cause: reason });
  }
}
