/**
 * Logging and metrics are injected as small interfaces so this package needs
 * neither pino nor prom-client (apps/node adapts them).
 */

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const noop = (): void => {};
export const noopLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

/** What the switch reports; every method is optional to implement (noop by default). */
export interface SwitchMetrics {
  /** Connected peers after each change. */
  peers(count: { inbound: number; outbound: number; dialing: number; total: number }): void;
  /** A message (reassembled, still encoded) arrived on a channel. */
  messageReceived(channelId: number, bytes: number): void;
  /** A message was queued for a peer on a channel. */
  messageSent(channelId: number, bytes: number): void;
  /** A connection or dial was refused before becoming a peer; `code` is the error code. */
  connectionRejected(code: string, outbound: boolean): void;
  /** A peer was stopped for an error; `code` is the reason's code (or its name). */
  peerStoppedForError(code: string): void;
}

export const noopMetrics: SwitchMetrics = {
  peers: noop,
  messageReceived: noop,
  messageSent: noop,
  connectionRejected: noop,
  peerStoppedForError: noop,
};

/** The stable code of an error (CometError.code, Node's err.code, else the name). */
export function errorCode(error: unknown): string {
  if (error && typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string') return name;
  }
  return 'UNKNOWN';
}

/**
 * Fills the methods `metrics` lacks with no-ops, keeping `this` bound, so a
 * class instance (whose methods live on its prototype) works as well as a
 * plain object.
 */
export function withDefaults(metrics: Partial<SwitchMetrics> | undefined): SwitchMetrics {
  if (metrics === undefined) return noopMetrics;
  const pick = <K extends keyof SwitchMetrics>(key: K): SwitchMetrics[K] => {
    const method = metrics[key];
    return (typeof method === 'function' ? method.bind(metrics) : noopMetrics[key]) as SwitchMetrics[K];
  };
  return {
    peers: pick('peers'),
    messageReceived: pick('messageReceived'),
    messageSent: pick('messageSent'),
    connectionRejected: pick('connectionRejected'),
    peerStoppedForError: pick('peerStoppedForError'),
  };
}
