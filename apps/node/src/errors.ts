/**
 * Typed errors of @cometts/node: each failure has a stable `name` and `code`;
 * the CLI prints the message and exits non-zero.
 */
import { CometError } from '@cometts/types';

/** config.toml is not valid TOML. */
export class ConfigSyntaxError extends CometError {
  readonly code = 'CONFIG_SYNTAX';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: not valid TOML: ${reason}`);
  }
}

export interface ConfigProblem {
  /** Dotted TOML key, e.g. "p2p.max_num_inbound_peers". */
  key: string;
  /** The expected form, e.g. "expected an integer ≥ 0". */
  expected: string;
  /** The value found, when there was one. */
  received?: unknown;
}

/** One or more config values do not have the expected form. */
export class ConfigValidationError extends CometError {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly source: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      `${source}: invalid configuration:\n` +
        problems
          .map((p) => `  ${p.key}: ${p.expected}${p.received === undefined ? '' : `, got ${JSON.stringify(p.received)}`}`)
          .join('\n'),
    );
  }
}

/** A command-line flag that does not exist or lacks its value. */
export class UsageError extends CometError {
  readonly code = 'USAGE';
}

/** A home file (genesis, keys, signer state) is missing or malformed. */
export class HomeFileError extends CometError {
  readonly code = 'HOME_FILE';
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${reason}`, options);
  }
}

/** genesis.json breaks one of CometBFT's ValidateAndComplete rules. */
export class GenesisError extends CometError {
  readonly code = 'GENESIS_INVALID';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: invalid genesis: ${reason}`);
  }
}

/** A listen address cannot be bound or parsed at start. */
export class ListenError extends CometError {
  readonly code = 'LISTEN';
}

/** proxy_app names an application cometts cannot run (it has no ABCI socket/gRPC client). */
export class UnsupportedAppError extends CometError {
  readonly code = 'UNSUPPORTED_APP';
  constructor(
    readonly proxyApp: string,
    readonly supported: readonly string[],
  ) {
    super(
      `proxy_app = ${JSON.stringify(proxyApp)} is not supported: cometts runs its applications in process (${supported.map((s) => JSON.stringify(s)).join(', ')}); an ABCI socket/gRPC client is not available`,
    );
  }
}
