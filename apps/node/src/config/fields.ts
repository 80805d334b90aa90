/**
 * zod builders for config.toml values. Each one states the expected form in
 * its error message, so a bad value is reported as "<key>: expected …".
 */
import { z } from 'zod';
import { parseGoDuration } from './duration.js';

export const str = (fallback: string) => z.string({ error: 'expected a string' }).default(fallback);

export const bool = (fallback: boolean) => z.boolean({ error: 'expected true or false' }).default(fallback);

export const int = (fallback: number, min = 0) =>
  z
    .number({ error: 'expected an integer' })
    .int({ error: 'expected an integer' })
    .min(min, { error: `expected an integer ≥ ${min}` })
    .default(fallback);

/** A Go duration string, held as milliseconds. */
export const duration = (fallback: string, minMs = 0) =>
  z
    .string({ error: 'expected a Go duration string such as "3s" or "500ms"' })
    .transform((text, ctx) => {
      const ms = parseGoDuration(text);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: 'expected a Go duration string such as "3s" or "500ms"' });
        return z.NEVER;
      }
      if (ms < minMs) {
        ctx.addIssue({ code: 'custom', message: `expected a duration ≥ ${minMs === 0 ? '0s' : `${minMs}ms`}` });
        return z.NEVER;
      }
      return ms;
    })
    .default(parseGoDuration(fallback) ?? 0);

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z.enum(values, { error: `expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}` }).default(fallback);

export const stringList = (fallback: string[]) =>
  z.array(z.string({ error: 'expected a string' }), { error: 'expected an array of strings' }).default(fallback);

const HOST_PORT = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(\[[0-9a-fA-F:.]+\]|[^\s:/@[\]]*):(\d{1,5})$/;

function validPort(text: string): boolean {
  const port = Number(text);
  return Number.isInteger(port) && port >= 0 && port <= 65535;
}

/** `[scheme://]host:port` with host possibly empty (all interfaces), or `unix://path`. */
export function isListenAddress(text: string): boolean {
  if (text.startsWith('unix://')) return text.length > 'unix://'.length;
  const match = HOST_PORT.exec(text);
  return match !== null && validPort(match[2]!);
}

export const listenAddress = (fallback: string, options: { allowEmpty?: boolean; list?: boolean } = {}) => {
  const expected = `expected ${options.allowEmpty ? '"" or ' : ''}an address like "tcp://127.0.0.1:26657"${options.list ? ' (comma-separated list allowed)' : ''}`;
  return z
    .string({ error: expected })
    .refine(
      (text) => {
        if (text === '') return options.allowEmpty === true;
        const parts = options.list ? text.split(',').map((p) => p.trim()) : [text];
        return parts.every(isListenAddress);
      },
      { error: expected },
    )
    .default(fallback);
};

const NODE_ID = /^[0-9a-fA-F]{40}$/;

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** Comma-separated `id@host:port` list (the host may be a DNS name, resolved when dialing). */
export const peerList = (fallback: string) => {
  const expected = 'expected a comma-separated list of "<40-hex node id>@<host>:<port>"';
  return z
    .string({ error: expected })
    .refine(
      (text) =>
        splitList(text).every((entry) => {
          const at = entry.indexOf('@');
          if (at < 0) return false;
          const id = entry.slice(0, at).replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
          const match = HOST_PORT.exec(entry.slice(at + 1));
          return NODE_ID.test(id) && match !== null && match[1] !== '' && validPort(match[2]!);
        }),
      { error: expected },
    )
    .default(fallback);
};

/** Comma-separated node ID list. */
export const idList = (fallback: string) => {
  const expected = 'expected a comma-separated list of 40-hex node ids';
  return z
    .string({ error: expected })
    .refine((text) => splitList(text).every((id) => NODE_ID.test(id)), { error: expected })
    .default(fallback);
};

export { splitList };
