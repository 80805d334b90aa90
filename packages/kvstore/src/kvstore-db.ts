/**
 * The kvstore's database layout: `stateKey` → JSON {"size","height"},
 * `kvPairKey:<key>` → value, `val=<pubkey bytes>` → the delimited
 * ValidatorUpdate (as Go's kvstore). Keys are raw bytes.
 */
import type { AbstractLevel } from 'abstract-level';
import { ValidatorUpdate, type ValidatorUpdate as VU } from '@cometts/types';
import { KVStoreError } from './errors.js';
import { VALIDATOR_TX_PREFIX } from './tx.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyLevel = AbstractLevel<any, any, any>;

const ENC = { keyEncoding: 'view', valueEncoding: 'view' } as const;
const STATE_KEY = Buffer.from('stateKey', 'latin1');
const PAIR_PREFIX = Buffer.from('kvPairKey:', 'latin1');
const VAL_PREFIX = Buffer.from(VALIDATOR_TX_PREFIX, 'latin1');

export interface KVStoreState {
  size: bigint;
  height: bigint;
}

type Op = { type: 'put'; key: Uint8Array; value: Uint8Array } | { type: 'del'; key: Uint8Array };

const validatorKey = (v: VU) => Buffer.concat([VAL_PREFIX, v.pubKey.value]);

function validatorOps(updates: readonly VU[]): Op[] {
  return updates.map((v) =>
    v.power === 0n ? { type: 'del', key: validatorKey(v) } : { type: 'put', key: validatorKey(v), value: ValidatorUpdate.encodeDelimited(v) },
  );
}

export class KVStoreDb {
  constructor(private readonly db: AnyLevel) {}

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    const v: unknown = await this.db.get(key, ENC);
    return v === undefined ? undefined : new Uint8Array(v as Uint8Array);
  }

  getPair(key: Uint8Array): Promise<Uint8Array | undefined> {
    return this.get(Buffer.concat([PAIR_PREFIX, key]));
  }

  async loadState(): Promise<KVStoreState> {
    const bytes = await this.get(STATE_KEY);
    if (bytes === undefined) return { size: 0n, height: 0n };
    try {
      const json = JSON.parse(Buffer.from(bytes).toString('utf8')) as { size?: unknown; height?: unknown };
      if (typeof json.size !== 'number' || typeof json.height !== 'number') throw new Error('size and height must be numbers');
      return { size: BigInt(json.size), height: BigInt(json.height) };
    } catch (err) {
      throw new KVStoreError(`stored state is unreadable: ${(err as Error).message}`);
    }
  }

  /** Every stored validator (key order). */
  async loadValidators(): Promise<VU[]> {
    const out: VU[] = [];
    const upper = Buffer.from(VAL_PREFIX);
    upper[upper.length - 1]!++;
    for await (const [, value] of this.db.iterator({ gte: VAL_PREFIX, lt: upper, ...ENC })) {
      const bytes = value as Uint8Array;
      // Delimited: skip the uvarint length prefix.
      let i = 0;
      while (bytes[i]! & 0x80) i++;
      out.push(ValidatorUpdate.decode(bytes.subarray(i + 1)));
    }
    return out;
  }

  async writeValidators(updates: readonly VU[]): Promise<void> {
    if (updates.length > 0) await this.db.batch(validatorOps(updates), ENC);
  }

  /** One batch: validator updates, then the pairs, then {size, height}. */
  async commit(updates: readonly VU[], pairs: readonly { key: Uint8Array; value: Uint8Array }[], state: KVStoreState): Promise<void> {
    const ops: Op[] = validatorOps(updates);
    for (const { key, value } of pairs) ops.push({ type: 'put', key: Buffer.concat([PAIR_PREFIX, key]), value });
    const json = `{"size":${state.size},"height":${state.height}}`;
    ops.push({ type: 'put', key: STATE_KEY, value: Buffer.from(json, 'utf8') });
    await this.db.batch(ops, { ...ENC, sync: true } as typeof ENC);
  }
}
