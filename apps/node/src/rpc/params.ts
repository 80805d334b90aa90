/**
 * Route parameters, decoded as CometBFT does (rpc.md §1): in JSON bodies
 * int64/int params must be JSON strings, bytes are base64 and hex bytes are
 * hex; in URIs integers are bare, strings quoted, bytes `0x…` or quoted.
 * `undefined` means "not given".
 */
import { RpcError, RPC_INVALID_PARAMS } from './json-rpc.js';

export type ParamKind = 'int64' | 'int' | 'string' | 'bool' | 'bytes' | 'hexbytes';

export interface ParamSpec {
  name: string;
  kind: ParamKind;
}

export type ParamValue = bigint | number | string | boolean | Uint8Array | undefined;
export type RouteArgs = Record<string, ParamValue>;

class ParamError extends Error {}

const INT = /^-?\d+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function int64(text: string): bigint {
  const v = BigInt(text);
  if (v < -(2n ** 63n) || v >= 2n ** 63n) throw new ParamError(`value ${text} overflows int64`);
  return v;
}

/** One JSON value for a parameter (cmtjson decoding). */
function fromJson(spec: ParamSpec, value: unknown): ParamValue {
  if (value === null || value === undefined) return undefined;
  switch (spec.kind) {
    case 'int64':
    case 'int': {
      if (typeof value !== 'string') {
        throw new ParamError(`invalid 64-bit integer encoding ${JSON.stringify(JSON.stringify(value))}, expected string`);
      }
      if (!INT.test(value)) throw new ParamError(`invalid 64-bit integer ${JSON.stringify(value)}`);
      return spec.kind === 'int' ? Number(int64(value)) : int64(value);
    }
    case 'string':
      if (typeof value !== 'string') throw new ParamError(`${spec.name}: expected a string`);
      return value;
    case 'bool':
      if (typeof value !== 'boolean') throw new ParamError(`${spec.name}: expected true or false`);
      return value;
    case 'bytes':
      if (typeof value !== 'string' || !BASE64.test(value)) throw new ParamError(`${spec.name}: expected base64 bytes`);
      return new Uint8Array(Buffer.from(value, 'base64'));
    case 'hexbytes':
      if (typeof value !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(value)) throw new ParamError(`${spec.name}: expected hex bytes`);
      return new Uint8Array(Buffer.from(value, 'hex'));
  }
}

/** JSON-RPC `params`: an object by name or an array by position. */
export function decodeJsonParams(specs: readonly ParamSpec[], params: unknown): RouteArgs {
  const args: RouteArgs = {};
  try {
    if (params === undefined || params === null) return args;
    if (Array.isArray(params)) {
      if (params.length !== specs.length) {
        throw new ParamError(`expected ${specs.length} parameters (${specs.map((s) => s.name).join(', ')}), got ${params.length}`);
      }
      specs.forEach((spec, i) => (args[spec.name] = fromJson(spec, params[i])));
      return args;
    }
    if (typeof params !== 'object') throw new ParamError('params must be an object or an array');
    for (const spec of specs) args[spec.name] = fromJson(spec, (params as Record<string, unknown>)[spec.name]);
    return args;
  } catch (err) {
    if (err instanceof ParamError) {
      throw new RpcError(RPC_INVALID_PARAMS, `error converting json params to arguments: ${err.message}`);
    }
    throw err;
  }
}

function fromUri(spec: ParamSpec, raw: string): ParamValue {
  const quoted = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"');
  const isHex = raw.toLowerCase().startsWith('0x');
  const unquote = (): string => {
    try {
      return JSON.parse(raw) as string;
    } catch {
      throw new ParamError(`${spec.name}: invalid quoted string ${raw}`);
    }
  };
  switch (spec.kind) {
    case 'int64':
    case 'int':
      if (INT.test(raw)) return spec.kind === 'int' ? Number(int64(raw)) : int64(raw);
      if (quoted && INT.test(raw.slice(1, -1))) return fromJson(spec, raw.slice(1, -1));
      throw new ParamError(`${spec.name}: expected an integer, got ${raw}`);
    case 'bool':
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw new ParamError(`${spec.name}: expected true or false, got ${raw}`);
    case 'string':
      if (isHex) return Buffer.from(hexDigits(spec, raw.slice(2)), 'hex').toString('latin1');
      if (quoted) return unquote();
      throw new ParamError(`${spec.name}: strings must be quoted, e.g. ${spec.name}="abc"`);
    case 'bytes':
    case 'hexbytes':
      if (isHex) return new Uint8Array(Buffer.from(hexDigits(spec, raw.slice(2)), 'hex'));
      if (quoted) return new Uint8Array(Buffer.from(unquote(), 'utf8'));
      if (spec.kind === 'hexbytes') return new Uint8Array(Buffer.from(hexDigits(spec, raw), 'hex'));
      throw new ParamError(`${spec.name}: expected 0x-prefixed hex or a quoted string, got ${raw}`);
  }
}

function hexDigits(spec: ParamSpec, digits: string): string {
  if (!/^([0-9a-fA-F]{2})*$/.test(digits)) throw new ParamError(`${spec.name}: invalid hex ${digits}`);
  return digits;
}

/** URI query parameters (GET /<method>?a=..). Empty or missing = not given. */
export function decodeUriParams(specs: readonly ParamSpec[], query: URLSearchParams): RouteArgs {
  const args: RouteArgs = {};
  try {
    for (const spec of specs) {
      const raw = query.get(spec.name);
      args[spec.name] = raw === null || raw === '' ? undefined : fromUri(spec, raw);
    }
    return args;
  } catch (err) {
    if (err instanceof ParamError) {
      throw new RpcError(RPC_INVALID_PARAMS, `error converting http params to arguments: ${err.message}`);
    }
    throw err;
  }
}
