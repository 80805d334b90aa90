/**
 * `message()` and `oneof()`: one definition per protobuf message gives its
 * TypeScript type, its zod schema (with the ValidateBasic rules as
 * refinements) and its byte-exact codec.
 */
import { z } from 'zod';
import { DecodeError, ValidationError } from '../errors.js';
import type { FieldSpec, NestedType } from './field.js';
import { ProtoReader } from './reader.js';
import { ProtoWriter } from './writer.js';

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Shape = Record<string, FieldSpec<unknown>>;
type ValueOf<F> = F extends FieldSpec<infer T> ? T : never;
type RequiredKeys<S extends Shape> = { [K in keyof S]: undefined extends ValueOf<S[K]> ? never : K }[keyof S];
type OptionalKeys<S extends Shape> = Exclude<keyof S, RequiredKeys<S>>;
export type InferShape<S extends Shape> = Simplify<
  { [K in RequiredKeys<S>]: ValueOf<S[K]> } & { [K in OptionalKeys<S>]?: ValueOf<S[K]> }
>;

/** A ValidateBasic rule: the text is what a ValidationError reports. */
export type Rule<T> = readonly [rule: string, holds: (value: T) => boolean, path?: readonly string[]];

export interface MessageType<T> extends NestedType<T> {
  readonly name: string;
  readonly schema: z.ZodType<T>;
  /** A message with every field at its default. */
  create(init?: Partial<T>): T;
  /** Protobuf bytes (no length prefix). Does not validate: callers build valid values. */
  encode(value: T): Uint8Array;
  /** Length-delimited encoding: uvarint(len) ‖ bytes. */
  encodeDelimited(value: T): Uint8Array;
  /** Decodes and validates bytes from a peer; throws DecodeError or ValidationError. */
  decode(bytes: Uint8Array): T;
  /** Decodes without the ValidateBasic rules (structure is still checked). */
  decodeUnvalidated(bytes: Uint8Array): T;
  /** Throws ValidationError naming the first failing rule. */
  validate(value: T): T;
  /** True if `value` passes the schema and its rules. */
  isValid(value: unknown): value is T;
}

function toValidationError(name: string, error: z.ZodError): ValidationError {
  const issue = error.issues[0];
  return new ValidationError(name, issue?.message ?? 'invalid', (issue?.path ?? []) as (string | number)[]);
}

function withRules<T>(base: z.ZodType<T>, rules: readonly Rule<T>[]): z.ZodType<T> {
  if (rules.length === 0) return base;
  return base.superRefine((value, ctx) => {
    for (const [rule, holds, path] of rules) {
      let ok: boolean;
      try {
        ok = holds(value);
      } catch {
        ok = false;
      }
      if (!ok) {
        ctx.addIssue({ code: 'custom', message: rule, path: path ? [...path] : [] });
        return;
      }
    }
  }) as unknown as z.ZodType<T>;
}

abstract class BaseType<T> implements MessageType<T> {
  abstract readonly name: string;
  abstract readonly schema: z.ZodType<T>;
  abstract create(init?: Partial<T>): T;
  abstract writeBody(w: ProtoWriter, value: T): void;
  abstract readBody(r: ProtoReader, end: number): T;

  encode(value: T): Uint8Array {
    const w = new ProtoWriter();
    this.writeBody(w, value);
    return w.finish();
  }

  encodeDelimited(value: T): Uint8Array {
    const w = new ProtoWriter();
    const start = w.fork();
    this.writeBody(w, value);
    w.join(start);
    return w.finish();
  }

  decodeUnvalidated(bytes: Uint8Array): T {
    if (!(bytes instanceof Uint8Array)) throw new DecodeError(this.name, 'input is not a Uint8Array');
    try {
      return this.readBody(new ProtoReader(bytes, this.name), bytes.length);
    } catch (err) {
      if (err instanceof DecodeError) throw err;
      throw new DecodeError(this.name, (err as Error).message, { cause: err });
    }
  }

  decode(bytes: Uint8Array): T {
    return this.validate(this.decodeUnvalidated(bytes));
  }

  validate(value: T): T {
    const result = this.schema.safeParse(value);
    if (!result.success) throw toValidationError(this.name, result.error);
    return value;
  }

  isValid(value: unknown): value is T {
    return this.schema.safeParse(value).success;
  }
}

class MessageImpl<S extends Shape> extends BaseType<InferShape<S>> {
  readonly schema: z.ZodType<InferShape<S>>;
  private readonly entries: [string, FieldSpec<unknown>][];
  private readonly indexByNumber = new Map<number, number>();

  constructor(
    readonly name: string,
    readonly fields: S,
    rules: readonly Rule<InferShape<S>>[],
  ) {
    super();
    this.entries = Object.entries(fields) as [string, FieldSpec<unknown>][];
    this.entries.forEach(([, spec], index) => this.indexByNumber.set(spec.no, index));
    const shape: Record<string, z.ZodType> = {};
    for (const [key, spec] of this.entries) shape[key] = spec.schema;
    this.schema = withRules(z.object(shape) as unknown as z.ZodType<InferShape<S>>, rules);
  }

  create(init: Partial<InferShape<S>> = {}): InferShape<S> {
    const out: Record<string, unknown> = {};
    for (const [key, spec] of this.entries) {
      const given = (init as Record<string, unknown>)[key];
      out[key] = given !== undefined ? given : spec.zero();
    }
    return out as InferShape<S>;
  }

  writeBody(w: ProtoWriter, value: InferShape<S>): void {
    const v = value as Record<string, unknown>;
    for (const [key, spec] of this.entries) {
      const fieldValue = v[key] === undefined ? spec.zero() : v[key];
      if (spec.omit(fieldValue)) continue;
      w.tag(spec.no, spec.wireType);
      spec.write(w, fieldValue);
    }
  }

  readBody(r: ProtoReader, end: number): InferShape<S> {
    // Values by entry index; defaults are filled only for absent fields, so a
    // present sub-message never builds a throwaway default and a non-nullable
    // oneof (which has no default) only fails when it is really missing.
    const values: unknown[] = new Array(this.entries.length);
    const outer = new ProtoReader(r.buf, this.name, r.pos, end);
    while (outer.pos < end) {
      const [no, wt] = outer.tag();
      const index = this.indexByNumber.get(no);
      if (index === undefined) {
        outer.skip(wt);
        continue;
      }
      values[index] = this.entries[index]![1].read(outer, wt, values[index]);
    }
    if (outer.pos !== end) outer.fail('field overruns its enclosing message');
    const out: Record<string, unknown> = {};
    for (let i = 0; i < this.entries.length; i++) {
      const [key, spec] = this.entries[i]!;
      out[key] = values[i] === undefined ? spec.zero() : values[i];
    }
    r.pos = end;
    return out as InferShape<S>;
  }
}

export function message<S extends Shape>(
  name: string,
  fields: S,
  rules: readonly Rule<InferShape<S>>[] = [],
): MessageType<InferShape<S>> & { readonly fields: S } {
  return new MessageImpl(name, fields, rules);
}

type Members = Record<string, FieldSpec<unknown>>;
type NonUndefined<T> = T extends undefined ? never : T;
export type InferOneof<M extends Members> = {
  [K in keyof M]: { case: K; value: NonUndefined<ValueOf<M[K]>> };
}[keyof M];

class OneofImpl<M extends Members> extends BaseType<InferOneof<M>> {
  readonly schema: z.ZodType<InferOneof<M>>;
  private readonly byCase = new Map<string, FieldSpec<unknown>>();
  private readonly byNumber = new Map<number, [string, FieldSpec<unknown>]>();

  constructor(
    readonly name: string,
    readonly members: M,
    rules: readonly Rule<InferOneof<M>>[],
  ) {
    super();
    const options: z.ZodObject[] = [];
    for (const [key, spec] of Object.entries(members) as [string, FieldSpec<unknown>][]) {
      this.byCase.set(key, spec);
      this.byNumber.set(spec.no, [key, spec]);
      options.push(z.object({ case: z.literal(key), value: (spec.schema as z.ZodType).refine((v) => v !== undefined) }));
    }
    const union = z.discriminatedUnion('case', options as [z.ZodObject, ...z.ZodObject[]]);
    this.schema = withRules(union as unknown as z.ZodType<InferOneof<M>>, rules);
  }

  create(): InferOneof<M> {
    throw new DecodeError(this.name, 'empty oneof');
  }

  writeBody(w: ProtoWriter, value: InferOneof<M>): void {
    const spec = this.byCase.get(value.case as string);
    if (spec === undefined) throw new TypeError(`${this.name}: unknown oneof case ${String(value.case)}`);
    // A oneof member is always written, even at its zero value.
    w.tag(spec.no, spec.wireType);
    spec.write(w, value.value);
  }

  readBody(r: ProtoReader, end: number): InferOneof<M> {
    const outer = new ProtoReader(r.buf, this.name, r.pos, end);
    let result: InferOneof<M> | undefined;
    while (outer.pos < end) {
      const [no, wt] = outer.tag();
      const entry = this.byNumber.get(no);
      if (entry === undefined) {
        outer.skip(wt);
        continue;
      }
      const [key, spec] = entry;
      const value = spec.read(outer, wt, undefined);
      result = { case: key, value } as InferOneof<M>;
    }
    if (outer.pos !== end) outer.fail('field overruns its enclosing message');
    if (result === undefined) return outer.fail('empty or unknown oneof');
    r.pos = end;
    return result;
  }
}

/** A wrapper message whose only content is one `oneof` (Packet, consensus Message, PublicKey, …). */
export function oneof<M extends Members>(
  name: string,
  members: M,
  rules: readonly Rule<InferOneof<M>>[] = [],
): MessageType<InferOneof<M>> & { readonly members: M } {
  return new OneofImpl(name, members, rules);
}

export type Infer<T> = T extends MessageType<infer V> ? V : never;
