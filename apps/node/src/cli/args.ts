/**
 * Command-line flags the way CometBFT's (cobra/pflag) CLI reads them:
 * `--name value`, `--name=value`, booleans as `--name` or `--name=false`.
 * `start` also takes any config key as a flag (`--p2p.laddr`,
 * `--p2p.external-address`, `--log_level`, …), validated like config.toml.
 */
import { defaultConfig } from '../config/load.js';
import { UsageError } from '../errors.js';

export type FlagType = 'string' | 'boolean' | 'integer';

export interface ParsedArgs {
  flags: Map<string, string | boolean>;
  /** Config overrides by dotted key (start only). */
  overrides: Record<string, unknown>;
  positionals: string[];
}

type Table = Record<string, unknown>;

let defaultsCache: Table | undefined;
const defaults = (): Table => (defaultsCache ??= defaultConfig() as unknown as Table);

/** The dotted config key a flag name refers to, or undefined. */
export function configKeyForFlag(flag: string): string | undefined {
  const table = defaults();
  const parts = flag.split('.');
  if (parts.length > 2) return undefined;
  const lookup = (table: Table, name: string): string | undefined => {
    if (Object.hasOwn(table, name)) return name;
    const underscored = name.replaceAll('-', '_');
    return Object.hasOwn(table, underscored) ? underscored : undefined;
  };
  if (parts.length === 1) {
    const key = lookup(table, parts[0]!);
    return key !== undefined && (typeof table[key] !== 'object' || Array.isArray(table[key])) ? key : undefined;
  }
  const section = table[parts[0]!];
  if (typeof section !== 'object' || section === null || Array.isArray(section)) return undefined;
  const key = lookup(section as Table, parts[1]!);
  return key === undefined ? undefined : `${parts[0]}.${key}`;
}

function defaultValueAt(dotted: string): unknown {
  let cur: unknown = defaults();
  for (const part of dotted.split('.')) cur = (cur as Table)[part];
  return cur;
}

/** A flag's text turned into the TOML type of its config key. */
function coerceOverride(dotted: string, value: string | boolean): unknown {
  const reference = defaultValueAt(dotted);
  if (typeof reference === 'boolean') {
    if (typeof value === 'boolean') return value;
    return value === 'true' ? true : value === 'false' ? false : value;
  }
  if (typeof value === 'boolean') return value;
  if (Array.isArray(reference)) return value === '' ? [] : value.split(',').map((v) => v.trim());
  if (typeof reference === 'number' && /^-?\d+$/.test(value)) return Number(value);
  return value;
}

export interface ArgSpec {
  /** Flags this command accepts besides config keys. */
  flags: Record<string, FlagType>;
  /** Accept config keys as flags (start). */
  configFlags?: boolean;
}

export function parseArgs(argv: readonly string[], spec: ArgSpec): ParsedArgs {
  const flags = new Map<string, string | boolean>();
  const overrides: Record<string, unknown> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const inline = eq < 0 ? undefined : body.slice(eq + 1);
    const own = spec.flags[name];
    const configKey = own === undefined && spec.configFlags ? configKeyForFlag(name) : undefined;
    if (own === undefined && configKey === undefined) throw new UsageError(`unknown flag: --${name}`);
    const isBoolean = own === 'boolean' || (configKey !== undefined && typeof defaultValueAt(configKey) === 'boolean');
    let value: string | boolean;
    if (inline !== undefined) value = inline;
    else if (isBoolean) value = true;
    else {
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError(`flag needs an argument: --${name}`);
      value = next;
      i++;
    }
    if (own !== undefined) {
      if (own === 'boolean' && typeof value === 'string') {
        if (value !== 'true' && value !== 'false') throw new UsageError(`--${name}: expected true or false, got ${JSON.stringify(value)}`);
        value = value === 'true';
      }
      if (own === 'integer' && !/^-?\d+$/.test(String(value))) {
        throw new UsageError(`--${name}: expected an integer, got ${JSON.stringify(value)}`);
      }
      flags.set(name, value);
    } else {
      overrides[configKey!] = coerceOverride(configKey!, value);
    }
  }
  return { flags, overrides, positionals };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function integerFlag(args: ParsedArgs, name: string, fallback: number): number {
  const v = args.flags.get(name);
  return typeof v === 'string' ? Number(v) : fallback;
}

export function booleanFlag(args: ParsedArgs, name: string, fallback: boolean): boolean {
  const v = args.flags.get(name);
  return typeof v === 'boolean' ? v : fallback;
}
