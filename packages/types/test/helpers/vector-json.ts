/**
 * Builds typed message values from the test vectors' JSON `input`s, driven by
 * the messages' zod schemas: snake_case keys become camelCase fields, `*_hex`
 * and `*_utf8` keys are bytes, int64 values may be strings, RFC 3339 strings
 * are Timestamps, `{ "<case>": {...} }` selects a oneof case, and every field
 * the JSON leaves out gets its proto3/gogoproto default. Unknown keys throw, so
 * a typo in a field name cannot pass silently.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { GO_ZERO_TIME_SECONDS } from '../../src/index.js';
import { unhex } from '../../../../testing/vectors.js';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  values?: unknown[];
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

type BytesMode = 'hex' | 'utf8' | undefined;

const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

const isTimestamp = (def: Def) =>
  def.type === 'object' && def.shape !== undefined && Object.keys(def.shape).sort().join() === 'nanos,seconds';

/** RFC 3339 UTC with up to 9 fractional digits → {seconds, nanos}. */
export function parseTimestamp(text: string): { seconds: bigint; nanos: number } {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(text);
  if (!m) throw new Error(`not an RFC 3339 UTC timestamp: ${text}`);
  const ms = Date.parse(`${m[1]}Z`);
  return { seconds: BigInt(ms / 1000), nanos: Number((m[2] ?? '').padEnd(9, '0')) };
}

/** The value a field has when the JSON leaves it out (what decoding an absent field gives). */
export function defaultFor(schema: z.ZodType): unknown {
  return defaultForDef(defOf(schema));
}

function defaultForDef(def: Def): unknown {
  switch (def.type) {
    case 'optional':
      return undefined;
    case 'bigint':
      return 0n;
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'string':
      return '';
    case 'custom':
      return new Uint8Array(0);
    case 'array':
      return [];
    case 'object':
      if (isTimestamp(def)) return { seconds: GO_ZERO_TIME_SECONDS, nanos: 0 };
      return Object.fromEntries(Object.entries(def.shape!).map(([k, s]) => [k, defaultFor(s)]));
    default:
      throw new Error(`no default for a ${def.type} (a oneof must be given)`);
  }
}

function toBytes(json: unknown, mode: BytesMode): Uint8Array {
  if (typeof json !== 'string') throw new Error(`bytes must be a string, got ${JSON.stringify(json)}`);
  if (mode === 'hex') return unhex(json);
  if (mode === 'utf8') return new TextEncoder().encode(json);
  throw new Error(`bytes field without _hex/_utf8 suffix: ${json}`);
}

export function fromVectorJson(schema: z.ZodType, json: unknown, aliases: Record<string, string> = {}, mode?: BytesMode): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
      return json === null || json === undefined ? undefined : fromVectorJson(def.innerType!, json, aliases, mode);
    case 'bigint':
      return BigInt(json as string | number);
    case 'number':
      if (!Number.isInteger(json)) throw new Error(`expected an integer, got ${JSON.stringify(json)}`);
      return json;
    case 'boolean':
    case 'string':
      if (typeof json !== def.type) throw new Error(`expected a ${def.type}, got ${JSON.stringify(json)}`);
      return json;
    case 'custom':
      return toBytes(json, mode);
    case 'array':
      if (!Array.isArray(json)) throw new Error(`expected an array, got ${JSON.stringify(json)}`);
      return json.map((item) => fromVectorJson(def.element!, item, aliases, mode));
    case 'union':
      return oneofFromJson(def, json, aliases);
    case 'object':
      if (isTimestamp(def) && typeof json === 'string') return parseTimestamp(json);
      return objectFromJson(def, json, aliases);
    default:
      throw new Error(`unsupported schema type ${def.type}`);
  }
}

function splitKey(key: string): [name: string, mode: BytesMode] {
  if (key.endsWith('_hex')) return [key.slice(0, -4), 'hex'];
  if (key.endsWith('_utf8')) return [key.slice(0, -5), 'utf8'];
  return [key, undefined];
}

function objectFromJson(def: Def, json: unknown, aliases: Record<string, string>): unknown {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error(`expected an object, got ${JSON.stringify(json)}`);
  const out = defaultForDef(def) as Record<string, unknown>;
  for (const [key, value] of Object.entries(json)) {
    const [name, mode] = splitKey(key);
    const field = aliases[camel(name)] ?? camel(name);
    const fieldSchema = def.shape![field];
    if (fieldSchema === undefined) throw new Error(`unknown field ${key} (expected one of ${Object.keys(def.shape!).join(', ')})`);
    out[field] = fromVectorJson(fieldSchema, value, aliases, mode);
  }
  return out;
}

function oneofFromJson(def: Def, json: unknown, aliases: Record<string, string>): unknown {
  if (typeof json !== 'object' || json === null) throw new Error(`expected a oneof object, got ${JSON.stringify(json)}`);
  const keys = Object.keys(json);
  if (keys.length !== 1) throw new Error(`a oneof needs exactly one key, got ${keys.join(', ')}`);
  const key = keys[0]!;
  const wanted = aliases[camel(key)] ?? camel(key);
  for (const option of def.options!) {
    const shape = defOf(option).shape!;
    if (defOf(shape.case!).values?.[0] === wanted) {
      return { case: wanted, value: fromVectorJson(shape.value!, (json as Record<string, unknown>)[key], aliases) };
    }
  }
  throw new Error(`unknown oneof case ${key}`);
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

/**
 * The blocksync vector describes its header's hashes in words
 * ("merkle([sha256('Hello World')])", "merkle([]) = sha256('')", "empty"):
 * turn those into plain header JSON. A one-leaf merkle root is the leaf hash
 * sha256(0x00 ‖ leaf) and the empty tree hashes to sha256("").
 */
export function resolveDescribedHeader(header: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(header)) {
    if (value === 'empty' || key === 'all other hashes') continue;
    if (typeof value === 'string' && value.startsWith('merkle(')) {
      const leaves = [...value.matchAll(/sha256\('([^']*)'\)/g)].map((m) => m[1]!);
      const root = value.startsWith('merkle([])')
        ? sha256('')
        : leaves.length === 1
          ? sha256(Buffer.concat([Buffer.from([0]), sha256(leaves[0]!)]))
          : undefined;
      if (root === undefined) throw new Error(`unsupported hash description ${value}`);
      out[`${key}_hex`] = root.toString('hex');
      continue;
    }
    out[key] = value;
  }
  return out;
}
