/**
 * config/genesis.json: cmtjson shape, CometBFT's ValidateAndComplete rules,
 * and the 2-space indented form `cometbft init` writes.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  ConsensusParams,
  defaultConsensusParams,
  formatRFC3339Nano,
  parseCmtJsonTime,
  timestampFromDate,
  ValidationError,
  type Timestamp,
  writeFileAtomicSync,
} from '@cometts/types';
import { GenesisError, HomeFileError } from '../errors.js';
import { addressOfPubKeyJson, int64String, PubKeyJsonSchema, type PubKeyJson } from './cmtjson.js';

export const MAX_CHAIN_ID_LENGTH = 50;
const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

const ParamsJsonSchema = z.object({
  block: z.object({ max_bytes: int64String('block.max_bytes'), max_gas: int64String('block.max_gas') }).partial().optional(),
  evidence: z
    .object({
      max_age_num_blocks: int64String('evidence.max_age_num_blocks'),
      max_age_duration: int64String('evidence.max_age_duration'),
      max_bytes: int64String('evidence.max_bytes'),
    })
    .partial()
    .optional(),
  validator: z.object({ pub_key_types: z.array(z.string()).nullable() }).partial().optional(),
  version: z.object({ app: int64String('version.app', 0n) }).partial().optional(),
  abci: z.object({ vote_extensions_enable_height: int64String('abci.vote_extensions_enable_height') }).partial().optional(),
});
export type ConsensusParamsJson = z.infer<typeof ParamsJsonSchema>;

const ValidatorJsonSchema = z.object({
  address: z.string().regex(/^([0-9a-fA-F]{2})*$/, { error: 'address must be hex' }).default(''),
  pub_key: PubKeyJsonSchema,
  power: int64String('power'),
  name: z.string().default(''),
});

const GenesisJsonSchema = z.object({
  genesis_time: z.string({ error: 'genesis_time must be an RFC 3339 time string' }).default(GO_ZERO_TIME),
  chain_id: z.string({ error: 'chain_id is required' }),
  initial_height: int64String('initial_height', 0n).default('0'),
  consensus_params: ParamsJsonSchema.nullable().optional(),
  validators: z.array(ValidatorJsonSchema).nullable().optional(),
  app_hash: z.string().regex(/^([0-9a-fA-F]{2})*$/, { error: 'app_hash must be hex' }).default(''),
  app_state: z.unknown().optional(),
});

export interface GenesisValidator {
  address: string;
  pub_key: PubKeyJson;
  power: string;
  name: string;
}

export interface GenesisDoc {
  genesis_time: string;
  chain_id: string;
  initial_height: string;
  consensus_params?: ConsensusParamsJson;
  validators?: GenesisValidator[];
  app_hash: string;
  app_state?: unknown;
}

/** JSON consensus params → the typed form (missing groups and fields are zero, as in Go). */
export function consensusParamsFromJson(p: ConsensusParamsJson): ConsensusParams {
  const n = (s: string | undefined) => BigInt(s ?? '0');
  return {
    block: { maxBytes: n(p.block?.max_bytes), maxGas: n(p.block?.max_gas) },
    evidence: {
      maxAgeNumBlocks: n(p.evidence?.max_age_num_blocks),
      maxAgeDuration: n(p.evidence?.max_age_duration),
      maxBytes: n(p.evidence?.max_bytes),
    },
    validator: { pubKeyTypes: p.validator?.pub_key_types ?? [] },
    version: { app: n(p.version?.app) },
    abci: { voteExtensionsEnableHeight: n(p.abci?.vote_extensions_enable_height) },
  };
}

/** Typed consensus params → cmtjson (every group and field present). */
export function consensusParamsToJson(p: ConsensusParams): Required<ConsensusParamsJson> {
  return {
    block: { max_bytes: String(p.block?.maxBytes ?? 0n), max_gas: String(p.block?.maxGas ?? 0n) },
    evidence: {
      max_age_num_blocks: String(p.evidence?.maxAgeNumBlocks ?? 0n),
      max_age_duration: String(p.evidence?.maxAgeDuration ?? 0n),
      max_bytes: String(p.evidence?.maxBytes ?? 0n),
    },
    validator: { pub_key_types: [...(p.validator?.pubKeyTypes ?? [])] },
    version: { app: String(p.version?.app ?? 0n) },
    abci: { vote_extensions_enable_height: String(p.abci?.voteExtensionsEnableHeight ?? 0n) },
  };
}

/**
 * Validates a genesis document and returns the completed copy CometBFT uses:
 * initial_height 0 → 1, zero genesis_time → now, missing consensus_params →
 * defaults, empty validator addresses filled in.
 */
export function validateAndCompleteGenesis(input: unknown, file = 'genesis.json', now = new Date()): GenesisDoc {
  const parsed = GenesisJsonSchema.safeParse(input);
  const fail = (reason: string): never => {
    throw new GenesisError(file, reason);
  };
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return fail(`${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const doc = parsed.data;
  if (doc.chain_id === '') fail('chain_id is required');
  if (Buffer.byteLength(doc.chain_id) > MAX_CHAIN_ID_LENGTH) fail(`chain_id must be at most ${MAX_CHAIN_ID_LENGTH} bytes`);
  let time: Timestamp;
  try {
    time = parseCmtJsonTime(doc.genesis_time);
  } catch (err) {
    return fail(`genesis_time: ${(err as Error).message}`);
  }
  const params = doc.consensus_params ? consensusParamsFromJson(doc.consensus_params) : defaultConsensusParams();
  try {
    ConsensusParams.validate(params);
  } catch (err) {
    if (err instanceof ValidationError) fail(`consensus_params: ${err.rule}`);
    throw err;
  }
  const validators = (doc.validators ?? []).map((v, i) => {
    if (BigInt(v.power) === 0n) fail(`validators[${i}]: the genesis file cannot contain validators with no voting power`);
    const address = addressOfPubKeyJson(v.pub_key);
    if (v.address !== '' && v.address.toUpperCase() !== address) {
      fail(`validators[${i}]: incorrect address for validator (expected ${address}, got ${v.address})`);
    }
    return { address, pub_key: v.pub_key, power: v.power, name: v.name };
  });
  const isZeroTime = time.seconds === parseCmtJsonTime(GO_ZERO_TIME).seconds && time.nanos === 0;
  const completed: GenesisDoc = {
    genesis_time: isZeroTime ? formatRFC3339Nano(timestampFromDate(now)) : formatRFC3339Nano(time),
    chain_id: doc.chain_id,
    initial_height: doc.initial_height === '0' ? '1' : doc.initial_height,
    consensus_params: consensusParamsToJson(params),
    ...(validators.length > 0 ? { validators } : {}),
    app_hash: doc.app_hash.toUpperCase(),
    ...(doc.app_state === undefined || doc.app_state === null ? {} : { app_state: doc.app_state }),
  };
  return completed;
}

/** Reads, validates and completes config/genesis.json. */
export function loadGenesisFile(file: string): GenesisDoc {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new HomeFileError(file, `cannot read genesis file: ${(err as Error).message}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new GenesisError(file, `not valid JSON: ${(err as Error).message}`);
  }
  return validateAndCompleteGenesis(json, file);
}

export interface NewGenesisOptions {
  chainId: string;
  validators: GenesisValidator[];
  time?: Date;
  initialHeight?: bigint;
}

/** A new genesis document as `cometbft init` / `testnet` write it. */
export function newGenesis(options: NewGenesisOptions): GenesisDoc {
  return {
    genesis_time: formatRFC3339Nano(timestampFromDate(options.time ?? new Date())),
    chain_id: options.chainId,
    initial_height: String(options.initialHeight ?? 0n),
    consensus_params: consensusParamsToJson(defaultConsensusParams()),
    validators: options.validators,
    app_hash: '',
  };
}

/** cmtjson text of a genesis document: fields in Go's order, 2-space indent. */
export function serializeGenesis(doc: GenesisDoc): string {
  const ordered: Record<string, unknown> = {
    genesis_time: doc.genesis_time,
    chain_id: doc.chain_id,
    initial_height: doc.initial_height,
  };
  if (doc.consensus_params) ordered.consensus_params = doc.consensus_params;
  if (doc.validators && doc.validators.length > 0) {
    ordered.validators = doc.validators.map((v) => ({ address: v.address, pub_key: v.pub_key, power: v.power, name: v.name }));
  }
  ordered.app_hash = doc.app_hash;
  if (doc.app_state !== undefined) ordered.app_state = doc.app_state;
  return JSON.stringify(ordered, null, 2);
}

export function writeGenesisFile(file: string, doc: GenesisDoc): void {
  writeFileAtomicSync(file, serializeGenesis(doc), { mode: 0o644 });
}
