/**
 * Typed errors of @cometts/types. Every failure has a stable `name` and `code`
 * so callers (and peers' removal reasons) can branch on them without parsing
 * messages.
 */
export abstract class CometError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bytes that are not a well-formed protobuf encoding of the expected message. */
export class DecodeError extends CometError {
  readonly code = 'DECODE_ERROR';
  constructor(
    readonly messageType: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot decode ${messageType}: ${reason}`, options);
  }
}

/** A well-formed message that breaks one of its ValidateBasic rules. */
export class ValidationError extends CometError {
  readonly code = 'VALIDATION_ERROR';
  constructor(
    readonly messageType: string,
    readonly rule: string,
    readonly path: readonly (string | number)[] = [],
  ) {
    super(`invalid ${messageType}${path.length ? ` at ${path.join('.')}` : ''}: ${rule}`);
  }
}

/** A value given by a user (config, CLI, file) that does not have the expected form. */
export class InvalidInputError extends CometError {
  readonly code = 'INVALID_INPUT';
  constructor(
    readonly what: string,
    readonly reason: string,
  ) {
    super(`invalid ${what}: ${reason}`);
  }
}
