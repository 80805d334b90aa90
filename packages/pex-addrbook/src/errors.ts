/** Typed errors of @cometts/pex-addrbook: every failure has a stable `name` and `code`. */
import { CometError } from '@cometts/types';

/** Why an address was not added to the book (callers usually only log it, as upstream does). */
export abstract class AddrBookAddError extends CometError {
  constructor(
    readonly address: string,
    reason: string,
  ) {
    super(`cannot add ${address} to the address book: ${reason}`);
  }
}

export class InvalidBookAddressError extends AddrBookAddError {
  readonly code = 'ADDRBOOK_INVALID_ADDRESS';
  constructor(
    address: string,
    readonly problem: string,
  ) {
    super(address, `invalid address (${problem})`);
  }
}

export class BannedAddressError extends AddrBookAddError {
  readonly code = 'ADDRBOOK_ADDRESS_BANNED';
  constructor(address: string) {
    super(address, 'the ID is banned');
  }
}

export class PrivateAddressError extends AddrBookAddError {
  readonly code = 'ADDRBOOK_PRIVATE_ADDRESS';
  constructor(address: string) {
    super(address, 'the ID is private');
  }
}

export class PrivateSourceError extends AddrBookAddError {
  readonly code = 'ADDRBOOK_PRIVATE_SOURCE';
  constructor(
    address: string,
    readonly source: string,
  ) {
    super(address, `its source ${source} is private`);
  }
}

export class SelfAddressError extends AddrBookAddError {
  readonly code = 'ADDRBOOK_SELF_ADDRESS';
  constructor(address: string) {
    super(address, 'it is one of our own addresses');
  }
}

export class NonRoutableAddressError extends AddrBookAddError {
  readonly code = 'ADDRBOOK_NON_ROUTABLE';
  constructor(address: string) {
    super(address, 'it is not routable and the book is strict');
  }
}

/** The address book file exists but its content is not a valid address book. */
export class AddrBookFileCorruptError extends CometError {
  readonly code = 'ADDRBOOK_FILE_CORRUPT';
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`address book file ${file} is corrupt: ${reason}`, options);
  }
}

/** The address book file exists but cannot be read (permissions, a directory, I/O error). */
export class AddrBookFileUnreadableError extends CometError {
  readonly code = 'ADDRBOOK_FILE_UNREADABLE';
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`address book file ${file} cannot be read: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** Saving the address book failed; the previous file (if any) is left untouched. */
export class AddrBookSaveError extends CometError {
  readonly code = 'ADDRBOOK_SAVE_FAILED';
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`cannot save address book to ${file}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** A peer asked for addresses again sooner than the allowed interval. */
export class PexRequestTooSoonError extends CometError {
  readonly code = 'PEX_REQUEST_TOO_SOON';
  constructor(
    readonly peerId: string,
    readonly sinceLastMs: number,
    readonly minIntervalMs: number,
  ) {
    super(`peer ${peerId} sent the next PEX request too soon (${sinceLastMs} ms after the last one, minimum ${minIntervalMs} ms)`);
  }
}

/** A peer sent PexAddrs that we did not ask for. */
export class UnsolicitedPexAddrsError extends CometError {
  readonly code = 'PEX_UNSOLICITED_ADDRS';
  constructor(readonly peerId: string) {
    super(`peer ${peerId} sent an unsolicited PEX address list`);
  }
}

/** A PexAddrs carried more entries than this node accepts in one message. */
export class TooManyPexAddrsError extends CometError {
  readonly code = 'PEX_TOO_MANY_ADDRS';
  constructor(
    readonly peerId: string,
    readonly count: number,
    readonly max: number,
  ) {
    super(`peer ${peerId} sent ${count} addresses in one PEX message (maximum ${max})`);
  }
}

/** A PexAddrs entry whose IP or port cannot be used: the whole message is rejected. */
export class InvalidPexAddressError extends CometError {
  readonly code = 'PEX_INVALID_ADDRESS';
  constructor(
    readonly peerId: string,
    readonly reason: string,
  ) {
    super(`peer ${peerId} sent an invalid PEX address: ${reason}`);
  }
}

/** A peer whose ID is banned in the address book connected; it is disconnected. */
export class BannedPeerError extends CometError {
  readonly code = 'PEX_PEER_BANNED';
  constructor(readonly peerId: string) {
    super(`peer ${peerId} is banned`);
  }
}
