/** Typed errors of NetAddress parsing and resolution (Go's ErrNetAddress*). */
import { CometError } from '../errors.js';

/** The address has no `id@` part. */
export class NetAddressNoIdError extends CometError {
  readonly code = 'NET_ADDRESS_NO_ID';
  constructor(readonly address: string) {
    super(`address (${address}) does not contain ID`);
  }
}

/** The address is malformed (bad ID, host:port, IP or port). */
export class InvalidNetAddressError extends CometError {
  readonly code = 'NET_ADDRESS_INVALID';
  constructor(
    readonly address: string,
    readonly reason: string,
  ) {
    super(`invalid address (${address}): ${reason}`);
  }
}

/**
 * The host is a name that did not resolve (or was not resolved because the
 * caller asked for no DNS). Persistent-peer and seed lists skip such entries.
 */
export class NetAddressLookupError extends CometError {
  readonly code = 'NET_ADDRESS_LOOKUP';
  constructor(
    readonly host: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`error looking up host (${host}): ${reason}`, options);
  }
}
