/**
 * Why a connection was refused before it became a peer. Every rejection has
 * its own class (stable `name` and `code`); nothing is sent to the remote,
 * the socket is just closed, as CometBFT does.
 */
import { CometError } from '@cometts/types';

/** The TCP connect did not complete in time. */
export class DialTimeoutError extends CometError {
  readonly code = 'DIAL_TIMEOUT';
  constructor(
    readonly address: string,
    readonly timeoutMs: number,
  ) {
    super(`dial ${address} timed out after ${timeoutMs} ms`);
  }
}

/** The TCP connect failed (refused, unreachable, …). */
export class DialFailedError extends CometError {
  readonly code = 'DIAL_FAILED';
  constructor(
    readonly address: string,
    cause: unknown,
  ) {
    super(`dial ${address} failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** The NodeInfo exchange did not finish within the handshake timeout. */
export class NodeInfoTimeoutError extends CometError {
  readonly code = 'NODE_INFO_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`node info exchange timed out after ${timeoutMs} ms`);
  }
}

/** The connection closed or failed before the peer's NodeInfo arrived. */
export class NodeInfoExchangeError extends CometError {
  readonly code = 'NODE_INFO_EXCHANGE_FAILED';
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`node info exchange failed: ${reason}`, options);
  }
}

/** The peer announced a NodeInfo larger than the 10240-byte limit. */
export class NodeInfoTooLargeError extends CometError {
  readonly code = 'NODE_INFO_TOO_LARGE';
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`peer node info of ${size} bytes exceeds the ${limit}-byte limit`);
  }
}

/** The peer's NodeInfo breaks one of the Validate() rules; `rule` names it. */
export class InvalidNodeInfoError extends CometError {
  readonly code = 'INVALID_NODE_INFO';
  constructor(
    readonly rule: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid peer node info: ${rule}`, options);
  }
}

export type CompatibilityRule = 'block version' | 'network' | 'channels';

/** The peer's NodeInfo is valid but cannot talk to us (CompatibleWith). */
export class IncompatiblePeerError extends CometError {
  readonly code = 'INCOMPATIBLE_PEER';
  constructor(
    readonly rule: CompatibilityRule,
    readonly ours: string,
    readonly theirs: string,
  ) {
    super(`incompatible peer: ${rule} differs (ours ${ours}, theirs ${theirs})`);
  }
}

/** The authenticated key does not match the expected node ID. */
export class PeerIdMismatchError extends CometError {
  readonly code = 'PEER_ID_MISMATCH';
  constructor(
    /** 'dialed address': we dialed id X and met Y; 'node info': NodeInfo claims an ID its key does not give. */
    readonly check: 'dialed address' | 'node info',
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`peer ID mismatch (${check}): expected ${expected}, got ${actual}`);
  }
}

/** The remote end is this node (we dialed our own address). */
export class SelfConnectionError extends CometError {
  readonly code = 'SELF_CONNECTION';
  constructor(readonly id: string) {
    super(`connection to self (${id})`);
  }
}

/** Another connection from the same IP is already tracked (allowDuplicateIp is off). */
export class DuplicateIpError extends CometError {
  readonly code = 'DUPLICATE_IP';
  constructor(readonly ip: string) {
    super(`a connection from ${ip} already exists`);
  }
}

/** A connection filter refused the remote IP. */
export class ConnectionFilteredError extends CometError {
  readonly code = 'CONNECTION_FILTERED';
  constructor(
    readonly ip: string,
    options?: { cause?: unknown },
  ) {
    super(`connection from ${ip} refused by a filter${options?.cause ? `: ${(options.cause as Error).message}` : ''}`, options);
  }
}

/** A peer filter refused the peer ID. */
export class PeerFilteredError extends CometError {
  readonly code = 'PEER_FILTERED';
  constructor(
    readonly id: string,
    options?: { cause?: unknown },
  ) {
    super(`peer ${id} refused by a filter${options?.cause ? `: ${(options.cause as Error).message}` : ''}`, options);
  }
}

/** A connection or peer filter did not answer in time. */
export class FilterTimeoutError extends CometError {
  readonly code = 'FILTER_TIMEOUT';
  constructor(
    readonly what: 'connection' | 'peer',
    readonly timeoutMs: number,
  ) {
    super(`${what} filter did not answer within ${timeoutMs} ms`);
  }
}

/** The transport is not listening/running, or was closed during the upgrade. */
export class TransportStoppedError extends CometError {
  readonly code = 'TRANSPORT_STOPPED';
  constructor() {
    super('transport is not listening or was stopped');
  }
}
