/**
 * Typed failures of the SecretConnection. Each closes the connection; callers
 * branch on `code` (or `instanceof`) rather than on message text.
 */
import { CometError } from '@cometts/types';

/** Common base so callers can recognise any SecretConnection failure. */
export abstract class SecretConnectionError extends CometError {}

/** The handshake did not finish within `timeoutMs`. */
export class HandshakeTimeoutError extends SecretConnectionError {
  readonly code = 'SECRET_HANDSHAKE_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`secret connection handshake did not finish within ${timeoutMs} ms`);
  }
}

/** The caller's AbortSignal fired during the handshake. */
export class HandshakeAbortedError extends SecretConnectionError {
  readonly code = 'SECRET_HANDSHAKE_ABORTED';
  constructor(reason?: unknown) {
    super('secret connection handshake aborted', { cause: reason });
  }
}

/** The transport ended, closed or failed before the handshake finished. */
export class HandshakeClosedError extends SecretConnectionError {
  readonly code = 'SECRET_HANDSHAKE_CLOSED';
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`connection closed during secret connection handshake: ${reason}`, options);
  }
}

/** A length-delimited handshake message announced more than the 1 MiB limit. */
export class HandshakeMessageTooLargeError extends SecretConnectionError {
  readonly code = 'SECRET_HANDSHAKE_MESSAGE_TOO_LARGE';
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`handshake message of ${size} bytes exceeds the ${limit}-byte limit`);
  }
}

/** A handshake message that is not a well-formed length-delimited protobuf. */
export class MalformedHandshakeMessageError extends SecretConnectionError {
  readonly code = 'SECRET_HANDSHAKE_MALFORMED';
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`malformed handshake message: ${reason}`, options);
  }
}

/** The peer's ephemeral X25519 key is not 32 bytes, or equals ours. */
export class InvalidEphemeralKeyError extends SecretConnectionError {
  readonly code = 'SECRET_INVALID_EPHEMERAL_KEY';
  constructor(reason: string) {
    super(`invalid remote ephemeral key: ${reason}`);
  }
}

/** The X25519 shared secret is all zero: the peer sent a low-order point. */
export class LowOrderPointError extends SecretConnectionError {
  readonly code = 'SECRET_LOW_ORDER_POINT';
  constructor() {
    super('bad input point: low order point (all-zero shared secret)');
  }
}

/** The peer's AuthSigMessage does not prove its identity. */
export class AuthFailureError extends SecretConnectionError {
  readonly code = 'SECRET_AUTH_FAILURE';
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`secret connection authentication failed: ${reason}`, options);
  }
}

/** A sealed frame failed ChaCha20-Poly1305 authentication (tampered, replayed or reordered). */
export class FrameAuthError extends SecretConnectionError {
  readonly code = 'SECRET_FRAME_AUTH';
  constructor() {
    super('failed to decrypt SecretConnection frame');
  }
}

/** A decrypted frame declares more than 1024 data bytes. */
export class FrameLengthError extends SecretConnectionError {
  readonly code = 'SECRET_FRAME_LENGTH';
  constructor(readonly length: number) {
    super(`chunkLength ${length} is greater than dataMaxSize 1024`);
  }
}

/** The transport ended in the middle of a sealed frame. */
export class TruncatedFrameError extends SecretConnectionError {
  readonly code = 'SECRET_FRAME_TRUNCATED';
  constructor(readonly received: number) {
    super(`connection ended inside a frame (${received} of 1044 bytes received)`);
  }
}

/** A direction's 64-bit nonce counter is exhausted; a nonce is never reused. */
export class NonceOverflowError extends SecretConnectionError {
  readonly code = 'SECRET_NONCE_OVERFLOW';
  constructor(direction: 'send' | 'receive') {
    super(`can't increase ${direction} nonce without overflow`);
  }
}

/** A write was attempted after the underlying transport closed. */
export class TransportClosedError extends SecretConnectionError {
  readonly code = 'SECRET_TRANSPORT_CLOSED';
  constructor() {
    super('cannot write: the underlying connection is closed');
  }
}
