/**
 * The node's logging: pino underneath, one child per module with its own
 * level, exposed to packages through @cometts/switch's small Logger
 * interface. JSON for pipes and files (or log_format = "json"), a human
 * format on a terminal.
 */
import pino from 'pino';
import type { Writable } from 'node:stream';
import { levelFor, parseLogLevel, type LogLevelName, type ModuleLevels } from './levels.js';
import { prettyDestination } from './pretty.js';

export interface NodeLoggerOptions {
  /** `log_level` from config.toml, e.g. "info" or "p2p:debug,*:info". */
  level: string;
  /** `log_format`: "json" always writes JSON; "plain" is human on a TTY, JSON otherwise. */
  format: 'plain' | 'json';
  /** Where lines go (default stdout). */
  out?: Writable & { isTTY?: boolean };
}

/** The logging interface packages take (the same shape as @cometts/switch's Logger). */
export type LogFields = Record<string, unknown>;
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const PINO_LEVEL: Record<LogLevelName, pino.LevelWithSilent> = {
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  error: 'error',
  none: 'silent',
};

function errorFields(fields: LogFields | undefined): LogFields | undefined {
  if (!fields) return fields;
  let out: LogFields | undefined;
  for (const [key, value] of Object.entries(fields)) {
    if (value instanceof Error) {
      out ??= { ...fields };
      const code = (value as { code?: unknown }).code;
      out[key] = typeof code === 'string' ? `${value.message} (${code})` : value.message;
    } else if (typeof value === 'bigint') {
      out ??= { ...fields };
      out[key] = value.toString();
    }
  }
  return out ?? fields;
}

function adapt(child: pino.Logger): Logger {
  return {
    debug: (msg, fields) => (fields ? child.debug(errorFields(fields), msg) : child.debug(msg)),
    info: (msg, fields) => (fields ? child.info(errorFields(fields), msg) : child.info(msg)),
    warn: (msg, fields) => (fields ? child.warn(errorFields(fields), msg) : child.warn(msg)),
    error: (msg, fields) => (fields ? child.error(errorFields(fields), msg) : child.error(msg)),
  };
}

export class NodeLogger {
  private readonly root: pino.Logger;
  private readonly levels: ModuleLevels;
  private readonly children = new Map<string, Logger>();

  constructor(options: NodeLoggerOptions) {
    this.levels = parseLogLevel(options.level);
    const out = options.out ?? process.stdout;
    const human = options.format === 'plain' && out.isTTY === true;
    const destination = human ? prettyDestination(out, true) : out;
    this.root = pino({ level: 'debug', base: undefined, timestamp: pino.stdTimeFunctions.epochTime }, destination);
  }

  /** The logger of one module ("p2p", "pex", "rpc", "main", …) at its configured level. */
  module(name: string): Logger {
    let logger = this.children.get(name);
    if (!logger) {
      logger = adapt(this.root.child({ module: name }, { level: PINO_LEVEL[levelFor(this.levels, name)] }));
      this.children.set(name, logger);
    }
    return logger;
  }
}
