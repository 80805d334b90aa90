/**
 * The logger the book and reactor take: the same shape as @cometts/switch's
 * Logger (so a switch logger can be passed as is), declared here so the
 * address book can be used without a switch.
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
