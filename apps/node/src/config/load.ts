/**
 * Reading config.toml: TOML syntax (smol-toml), then command-line overrides,
 * then zod validation. Unknown keys are reported as warnings (CometBFT
 * ignores them), bad values as one error naming every bad key.
 */
import { readFileSync } from 'node:fs';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { z } from 'zod';
import { ConfigSyntaxError, ConfigValidationError, type ConfigProblem } from '../errors.js';
import { ConfigSchema, type Config } from './schema.js';

type Table = Record<string, unknown>;

const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v);

/** CometBFT's defaults (moniker = host name). */
export function defaultConfig(): Config {
  return ConfigSchema.parse({});
}

/** Parses TOML text into a plain table; syntax errors name the file and line. */
export function parseTomlText(text: string, file = 'config.toml'): Table {
  try {
    return parseToml(text) as Table;
  } catch (err) {
    if (err instanceof TomlError) throw new ConfigSyntaxError(file, err.message.split('\n')[0] ?? err.message);
    throw err;
  }
}

/** Dotted names of keys in `raw` that CometBFT v0.38 does not know. */
export function unknownKeys(raw: Table): string[] {
  const known = defaultConfig() as unknown as Table;
  const out: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const reference = known[key];
    if (reference === undefined) out.push(key);
    else if (isTable(reference) && isTable(value)) {
      for (const sub of Object.keys(value)) if (!(sub in reference)) out.push(`${key}.${sub}`);
    }
  }
  return out;
}

function valueAt(raw: Table, path: readonly PropertyKey[]): unknown {
  let cur: unknown = raw;
  for (const part of path) {
    if (!isTable(cur)) return undefined;
    cur = cur[part as string];
  }
  return cur;
}

function problemsOf(error: z.ZodError, raw: Table): ConfigProblem[] {
  return error.issues.map((issue) => {
    const key = issue.path.map(String).join('.') || '(root)';
    const received = valueAt(raw, issue.path);
    return { key, expected: issue.message, ...(received === undefined || isTable(received) ? {} : { received }) };
  });
}

/** Validates a raw table (TOML + overrides) into a Config. */
export function validateConfig(raw: Table, source = 'config.toml'): Config {
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) throw new ConfigValidationError(source, problemsOf(result.error, raw));
  return result.data;
}

export interface LoadConfigOptions {
  /** Overrides from command-line flags, as dotted keys ("p2p.laddr") with raw values. */
  overrides?: Record<string, unknown>;
  /** Called once per unknown key. */
  warn?: (message: string) => void;
}

/** Applies dotted-key overrides onto a raw table (a copy; the input is not modified). */
export function applyOverrides(raw: Table, overrides: Record<string, unknown>): Table {
  const out: Table = { ...raw };
  for (const [dotted, value] of Object.entries(overrides)) {
    const parts = dotted.split('.');
    if (parts.length === 1) out[dotted] = value;
    else {
      const [section, key] = parts as [string, string];
      const table = isTable(out[section]) ? { ...(out[section] as Table) } : {};
      table[key] = value;
      out[section] = table;
    }
  }
  return out;
}

/** Loads config.toml (missing file = all defaults) with overrides applied. */
export function loadConfigFile(file: string, options: LoadConfigOptions = {}): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    text = '';
  }
  return loadConfigText(text, file, options);
}

/** Like loadConfigFile, from TOML text. */
export function loadConfigText(text: string, source: string, options: LoadConfigOptions = {}): Config {
  const raw = parseTomlText(text, source);
  for (const key of unknownKeys(raw)) {
    options.warn?.(`${source}: unknown key "${key}" is ignored`);
  }
  return validateConfig(applyOverrides(raw, options.overrides ?? {}), source);
}
